import { describe, expect, it } from "vitest";
import { DEFAULT_TAXONOMY } from "./default-taxonomy";
import { activeLabels, canDeleteLabel, checkLabel, reorder } from "./rules";

const base = [
  { id: "a", name: "Loaded wording", hotkey: "q", archivedAt: null, order: 1 },
  { id: "b", name: "Appeal to fear", hotkey: "r", archivedAt: null, order: 0 },
  { id: "c", name: "Old label", hotkey: "z", archivedAt: new Date("2025-01-01"), order: 2 },
];

describe("checkLabel", () => {
  it("accepts a fresh label", () => {
    expect(checkLabel({ name: "Sarcasm", hotkey: "s", colour: "#aabbcc" }, base)).toEqual([]);
  });
  it("refuses a duplicate name case-insensitively, naming the field", () => {
    expect(checkLabel({ name: " loaded WORDING ", hotkey: null, colour: "#aabbcc" }, base)).toEqual([
      { field: "name", message: 'a label named "loaded WORDING" already exists in this project' },
    ]);
  });
  it("lets a label keep its own name and hotkey when edited", () => {
    expect(checkLabel({ id: "a", name: "Loaded wording", hotkey: "q", colour: "#aabbcc" }, base)).toEqual([]);
  });
  it("refuses a hotkey used by an active label but frees those of archived labels", () => {
    expect(checkLabel({ name: "X", hotkey: "r", colour: "#aabbcc" }, base)[0]?.field).toBe("hotkey");
    expect(checkLabel({ name: "X", hotkey: "z", colour: "#aabbcc" }, base)).toEqual([]);
  });
  it("refuses malformed hotkeys and colours", () => {
    const v = checkLabel({ name: "X", hotkey: "F1", colour: "red" }, base);
    expect(v.map((x) => x.field)).toEqual(["hotkey", "colour"]);
    expect(checkLabel({ name: "", hotkey: null, colour: "#000000" }, base)).toEqual([
      { field: "name", message: "must not be empty" },
    ]);
  });
});

describe("activeLabels / reorder / delete rule", () => {
  it("drops archived labels and sorts by order", () => {
    expect(activeLabels(base).map((l) => l.id)).toEqual(["b", "a"]);
  });
  it("moves an id and clamps the index", () => {
    expect(reorder(["a", "b", "c"], "c", 0)).toEqual(["c", "a", "b"]);
    expect(reorder(["a", "b", "c"], "a", 99)).toEqual(["b", "c", "a"]);
    expect(() => reorder(["a"], "x", 0)).toThrow(/unknown label/);
  });
  it("only unused labels can be deleted", () => {
    expect(canDeleteLabel(0)).toBe(true);
    expect(canDeleteLabel(1)).toBe(false);
  });
});

describe("default taxonomy", () => {
  const labels = DEFAULT_TAXONOMY.flatMap((g) => g.labels);
  it("has the two groups with the labels the guidelines require", () => {
    expect(DEFAULT_TAXONOMY.map((g) => g.name)).toEqual(["Framing", "Tone & wording"]);
    expect(DEFAULT_TAXONOMY[0]!.labels.length).toBeGreaterThanOrEqual(9);
    expect(DEFAULT_TAXONOMY[1]!.labels.length).toBeGreaterThanOrEqual(8);
  });
  it("passes its own rules: unique names and hotkeys, valid colours, a definition for every label", () => {
    const seen: { id: string; name: string; hotkey: string | null; archivedAt: null; order: number }[] = [];
    for (const [i, l] of labels.entries()) {
      expect(checkLabel({ name: l.name, hotkey: l.hotkey, colour: l.colour }, seen)).toEqual([]);
      expect(l.definition.length).toBeGreaterThan(10);
      seen.push({ id: String(i), name: l.name, hotkey: l.hotkey, archivedAt: null, order: i });
    }
  });
});
