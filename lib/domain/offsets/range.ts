/** Shared argument checks for code-point ranges. Internal. */
export function assertRange(start: number, end: number, length: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`start/end must be integers, got [${String(start)}, ${String(end)})`);
  }
  if (start < 0 || end > length || start > end) {
    throw new RangeError(`invalid range [${start}, ${end}) for length ${length}`);
  }
}
