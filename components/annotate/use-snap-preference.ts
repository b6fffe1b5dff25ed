import { useCallback, useEffect, useState } from "react";

const SNAP_KEY = "framewise:snapToWords";

/** "Snap to words", remembered in localStorage (read after mount, so server and client render alike). */
export function useSnapPreference(): [boolean, (value: boolean) => void] {
  const [snap, setSnap] = useState(true);
  useEffect(() => {
    const stored = window.localStorage.getItem(SNAP_KEY);
    if (stored !== null) setSnap(stored !== "false");
  }, []);
  const changeSnap = useCallback((value: boolean) => {
    setSnap(value);
    try {
      window.localStorage.setItem(SNAP_KEY, String(value));
    } catch {
      /* storage full or disabled: the choice just is not remembered */
    }
  }, []);
  return [snap, changeSnap];
}
