import "server-only";
import { AppError } from "../errors";

/** One problem in an imported file, with the 1-based line (or record) it came from. */
export type ImportIssue = { file?: string; line?: number; field: string; message: string };

export function describeIssue(i: ImportIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : undefined].filter(Boolean).join(" ");
  return `${where ? `${where}: ` : ""}${i.field ? `${i.field}: ` : ""}${i.message}`;
}

/** Import refused because of bad input; nothing was written. Carries the full line-numbered report. */
export class DatasetImportError extends AppError {
  constructor(readonly issues: ImportIssue[], readonly truncated = false) {
    super(
      "INVALID",
      `${issues.length}${truncated ? "+" : ""} problem(s) in the input; nothing was imported. ${issues.slice(0, 5).map(describeIssue).join("; ")}`,
      issues.slice(0, 200).map((i) => ({ field: [i.file, i.line !== undefined ? `line ${i.line}` : undefined, i.field].filter(Boolean).join(":"), message: i.message })),
    );
    this.name = "DatasetImportError";
  }
}

/** Collects issues with a cap so a hostile file cannot exhaust memory with its error report. */
export class IssueLog {
  readonly issues: ImportIssue[] = [];
  truncated = false;
  constructor(private readonly max = 1000) {}
  add(issue: ImportIssue): void {
    if (this.issues.length < this.max) this.issues.push(issue);
    else this.truncated = true;
  }
  get count(): number {
    return this.issues.length;
  }
}
