import "server-only";
import { MAX_IMPORT_FILE_BYTES, formatBytes } from "@/lib/schemas/limits";
import { AppError } from "../errors";

/** One problem in an imported file, with the 1-based line (or record) it came from. */
export type ImportIssue = { file?: string; line?: number; field: string; message: string };

export function describeIssue(i: ImportIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : undefined].filter(Boolean).join(" ");
  return `${where ? `${where}: ` : ""}${i.field ? `${i.field}: ` : ""}${i.message}`;
}

/** Import refused because of bad input; nothing was written. Carries the full line-numbered report. */
export class DatasetImportError extends AppError {
  constructor(
    readonly issues: ImportIssue[],
    readonly truncated = false,
  ) {
    super(
      "INVALID",
      `${issues.length}${truncated ? "+" : ""} problem(s) in the input; nothing was imported. ${issues.slice(0, 5).map(describeIssue).join("; ")}`,
      issues.slice(0, 200).map((i) => ({
        field: [i.file, i.line !== undefined ? `line ${i.line}` : undefined, i.field].filter(Boolean).join(":"),
        message: i.message,
      })),
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

/** Refuses a whole-file import larger than MAX_IMPORT_FILE_BYTES before parsing anything. */
export function assertImportSize(name: string, content: string): void {
  // Cheap bound first: a UTF-8 byte count is at least the UTF-16 length / 2 and at most 3x it.
  if (content.length * 3 <= MAX_IMPORT_FILE_BYTES) return;
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_IMPORT_FILE_BYTES) {
    throw new DatasetImportError([
      {
        file: name,
        field: "file",
        message: `is ${formatBytes(bytes)}; an import file may be at most ${formatBytes(MAX_IMPORT_FILE_BYTES)}`,
      },
    ]);
  }
}
