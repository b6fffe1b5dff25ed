import { describe, expect, it } from "vitest";
import { type Change, HISTORY_LIMIT, History } from "./history";

const span = { labelId: "l1", start: 0, end: 5, quote: "hello", note: "" };
const create = (id: string): Change => ({ kind: "create", id, span });

describe("History", () => {
  it("undoes in reverse order and redoes what was undone", () => {
    const h = new History();
    const a = create("a");
    const b: Change = { kind: "update", id: "a", before: { note: "" }, after: { note: "x" } };
    h.record(a);
    h.record(b);
    expect(h.undo()).toBe(b);
    expect(h.undo()).toBe(a);
    expect(h.undo()).toBeUndefined();
    expect(h.redo()).toBe(a);
    expect(h.lastDone).toBe(a);
    expect(h.canRedo).toBe(true);
  });

  it("a new change clears the redo stack", () => {
    const h = new History();
    h.record(create("a"));
    h.undo();
    h.record(create("b"));
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBeUndefined();
  });

  it(`keeps the last ${HISTORY_LIMIT} changes`, () => {
    const h = new History();
    for (let i = 0; i < HISTORY_LIMIT + 7; i++) h.record(create(`s${i}`));
    const ids: string[] = [];
    for (let c = h.undo(); c; c = h.undo()) ids.push(c.id);
    expect(ids.length).toBe(HISTORY_LIMIT);
    expect(ids.at(-1)).toBe("s7");
  });

  it("renames a span in every change about it, on both stacks", () => {
    const h = new History();
    const del: Change = { kind: "delete", id: "old", span };
    const upd: Change = { kind: "update", id: "old", before: { labelId: "l1" }, after: { labelId: "l2" } };
    h.record(upd);
    h.record(del);
    h.undo();
    h.saw("old", 3);
    h.rename("old", "new");
    expect([upd.id, del.id]).toEqual(["new", "new"]);
    expect(h.versionOf("new")).toBe(3);
  });

  it("survives serialise/parse without unsaved spans; garbage gives an empty history", () => {
    const h = new History();
    h.record(create("saved"));
    h.record(create("temp-3"));
    h.record({
      kind: "update",
      id: "saved",
      before: { start: 0, end: 5, quote: "hello" },
      after: { start: 0, end: 3, quote: "hel" },
    });
    h.saw("saved", 4);
    h.saw("temp-3", 1);
    h.undo();
    const back = History.parse(h.serialise());
    expect(back.undo()?.id).toBe("saved");
    expect(back.undo()).toBeUndefined();
    expect(back.redo()?.kind).toBe("create");
    expect(History.parse(h.serialise()).redo()).toMatchObject({ kind: "update", after: { end: 3 } });
    expect(back.versionOf("saved")).toBe(4);
    expect(back.versionOf("temp-3")).toBeUndefined();
    for (const raw of [null, "", "{", '{"undo":[{"kind":"create","id":1}]}', '{"undo":"x"}'])
      expect(History.parse(raw).canUndo).toBe(false);
  });
});
