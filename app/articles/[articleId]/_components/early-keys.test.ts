import { describe, expect, it } from "vitest";
import { readEarlyKeys } from "./early-keys";

describe("keys pressed while the page loads", () => {
  it("keeps undo and redo steps in order, the label keys in order, and '?' as a toggle", () => {
    expect(readEarlyKeys(["undo", "1", "?", "redo", "undo", "?", "?", "b"])).toEqual({
      steps: ["undo", "redo", "undo"],
      help: true,
      labelKeys: ["1", "b"],
    });
    expect(readEarlyKeys(["?", "?"]).help).toBe(false);
    expect(readEarlyKeys([])).toEqual({ steps: [], help: false, labelKeys: [] });
  });

  it("ignores anything the page's script would not have kept", () => {
    expect(readEarlyKeys(["Undo", "ArrowLeft", ""])).toEqual({ steps: [], help: false, labelKeys: [] });
  });
});
