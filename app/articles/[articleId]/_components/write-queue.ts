/**
 * Per-span write chains: one span's writes reach the server one after another (each can send the version
 * the previous one got back), writes to different spans run side by side. No React, so it is unit-tested.
 */
export class WriteQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, number>();

  /**
   * `onError` gets what a task throws (a network failure); the chain goes on with the next task.
   * `onBusy` hears true when a write is queued and false once no write of any key is left.
   * `beforeTask` is awaited before each task starts, once the earlier tasks of its key have settled (the
   * workbench waits there for the frame that draws the optimistic change: after-paint.ts).
   */
  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly onBusy: (busy: boolean) => void = () => {},
    private readonly beforeTask: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Writes queued or running for `key`, the running one included. */
  pending(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Runs `task` after every earlier task of `key` has settled; resolves once it has (never rejects). */
  enqueue(key: string, task: () => Promise<void>): Promise<void> {
    this.counts.set(key, this.pending(key) + 1);
    this.onBusy(true);
    const next: Promise<void> = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.beforeTask())
      .then(task)
      .catch((e: unknown) => this.onError(e))
      .finally(() => {
        const n = this.pending(key) - 1;
        if (n > 0) this.counts.set(key, n);
        else this.counts.delete(key);
        if (this.chains.get(key) === next) this.chains.delete(key);
        if (this.counts.size === 0) this.onBusy(false);
      });
    this.chains.set(key, next);
    return next;
  }

  /** Keys with writes in flight (for tests and leak checks). */
  get size(): number {
    return this.chains.size;
  }
}
