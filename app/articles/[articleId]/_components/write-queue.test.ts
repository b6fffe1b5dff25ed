import { describe, expect, it } from "vitest";
import { WriteQueue } from "./write-queue";

/** A promise with its resolve handle, to decide from the test when a "server call" answers. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("WriteQueue", () => {
  it("runs one key's writes strictly in order, each after the previous one settled", async () => {
    const q = new WriteQueue(() => {});
    const log: string[] = [];
    const first = deferred();
    q.enqueue("a", async () => {
      log.push("a1 start");
      await first.promise;
      log.push("a1 end");
    });
    q.enqueue("a", async () => {
      log.push("a2");
    });
    await tick();
    expect(log).toEqual(["a1 start"]);
    expect(q.pending("a")).toBe(2);
    first.resolve();
    await q.enqueue("a", async () => {
      log.push("a3");
    });
    expect(log).toEqual(["a1 start", "a1 end", "a2", "a3"]);
  });

  it("starts each task only once beforeTask has resolved, after the earlier tasks of its key", async () => {
    const gates: (() => void)[] = [];
    const busy: boolean[] = [];
    const q = new WriteQueue(
      () => {},
      (b) => busy.push(b),
      () => new Promise<void>((resolve) => gates.push(resolve)),
    );
    const log: string[] = [];
    const done = q.enqueue("a", async () => void log.push("a1"));
    q.enqueue("a", async () => void log.push("a2"));
    await tick();
    // Queued (and counted as saving) at once, but not started: one gate asked for, the first task's.
    expect(busy).toEqual([true, true]);
    expect(q.pending("a")).toBe(2);
    expect(log).toEqual([]);
    expect(gates).toHaveLength(1);
    gates[0]!();
    await done;
    expect(log).toEqual(["a1"]);
    await tick();
    expect(gates).toHaveLength(2);
    expect(log).toEqual(["a1"]);
    gates[1]!();
    await tick();
    expect(log).toEqual(["a1", "a2"]);
    expect(busy.at(-1)).toBe(false);
  });

  it("does not hold one span's writes behind another's", async () => {
    const q = new WriteQueue(() => {});
    const slow = deferred();
    const log: string[] = [];
    q.enqueue("a", () => slow.promise.then(() => void log.push("a")));
    await q.enqueue("b", async () => void log.push("b"));
    expect(log).toEqual(["b"]);
    slow.resolve();
    await tick();
    expect(log).toEqual(["b", "a"]);
  });

  it("counts pending writes per key (a write sees whether more of its span are queued) and forgets idle keys", async () => {
    const q = new WriteQueue(() => {});
    const seen: number[] = [];
    const gate = deferred();
    q.enqueue("a", async () => {
      await gate.promise;
      seen.push(q.pending("a"));
    });
    const last = q.enqueue("a", async () => void seen.push(q.pending("a")));
    gate.resolve();
    await last;
    expect(seen).toEqual([2, 1]);
    expect(q.pending("a")).toBe(0);
    expect(q.size).toBe(0);
  });

  it("reports a failed write and goes on with the next one", async () => {
    const errors: unknown[] = [];
    const q = new WriteQueue((e) => errors.push(e));
    const log: string[] = [];
    q.enqueue("a", async () => {
      throw new Error("offline");
    });
    await q.enqueue("a", async () => void log.push("after"));
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("offline");
    expect(log).toEqual(["after"]);
    expect(q.size).toBe(0);
  });

  it("reports busy while any write is queued and idle once the last one of every key settled", async () => {
    const states: boolean[] = [];
    const q = new WriteQueue(
      () => {},
      (busy) => states.push(busy),
    );
    const a = deferred();
    q.enqueue("a", () => a.promise);
    const b = q.enqueue("b", async () => {});
    await b;
    expect(states.at(-1)).toBe(true);
    a.resolve();
    await tick();
    expect(states.at(-1)).toBe(false);
    expect(states.filter((s) => !s)).toHaveLength(1);
  });
});
