"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the page from the server after `afterMs` (used while newer figures are being computed). */
export function AutoRefresh({ afterMs }: { afterMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setTimeout(() => router.refresh(), afterMs);
    return () => clearTimeout(t);
  }, [router, afterMs]);
  return null;
}
