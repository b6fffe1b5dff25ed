import "server-only";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { acceptRecord } from "./import-records";
import { createImportState, type ImportState, type Problem, type RecordType, stopped, type Tx } from "./import-state";
import { addStudyDefaults } from "./import-study-defaults";
import { flush } from "./import-writer";
import { DatasetImportError, type ImportIssue } from "./issues";
import { parseDatasetRecord } from "./jsonl-format";
import { type LineInput, numberedLineBatches } from "./lines";

export type ImportJsonlOptions = {
  /** Skip bad lines (and lines that depend on them) and import the rest; default: any bad line imports nothing. */
  skipBadRows?: boolean;
  /** Called every 50,000 lines with the line number reached. */
  onProgress?: (line: number) => void;
};

export type ImportJsonlResult = {
  projects: { id: string; name: string }[];
  /** Records written, by type. */
  created: Partial<Record<RecordType, number>>;
  /** Users in the file that matched an existing account by email (not created again). */
  usersMatched: number;
  /** Records that got a new id because theirs was already taken in this database. */
  idsChanged: number;
  /** Lines skipped (only with skipBadRows). */
  skipped: ImportIssue[];
};

/**
 * Imports a JSONL dataset (see jsonl-format.ts), e.g. an export from another instance, in one transaction.
 * Projects are always created (a project id already present here gets a fresh id, so importing twice
 * gives two copies), with their members, codebook versions, rounds, qualifications and assignments (a
 * project the file leaves without them gets what the study migration gave: import-study-defaults.ts);
 * users are matched by email and otherwise created without a password (an admin sets one before they can
 * sign in). Ids are kept unless already taken. Article texts must be stored-form
 * (NFC, "\n"); every span's quote is checked against its article's text at its code-point offsets.
 * Bytes (a file stream) must be valid UTF-8. Any bad line (with its line number) imports nothing, unless skipBadRows.
 */
export async function importJsonl(
  actor: Actor,
  input: LineInput,
  opts: ImportJsonlOptions = {},
): Promise<ImportJsonlResult> {
  assertAdmin(actor);
  return db.$transaction((tx) => runImport(tx, input, opts), { timeout: 60 * 60_000, maxWait: 30_000 });
}

/** Parses one line and hands it to its record's handler; problems go to the log with the line number. */
async function importLine(s: ImportState, line: number, text: string): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    s.log.add({ line, field: "$", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const parsed = parseDatasetRecord(value);
  if (!parsed.success) {
    const type = typeof (value as { type?: unknown })?.type === "string" ? `${(value as { type: string }).type} ` : "";
    for (const i of parsed.error.issues.slice(0, 3))
      s.log.add({ line, field: `${type}${i.path.join(".") || "$"}`.trim(), message: i.message });
    return;
  }
  const problem = await acceptRecord(s, parsed.data);
  if (problem) s.log.add({ line, ...problem });
}

/**
 * The header line's format version, or what is wrong with it: invalid JSON is an ordinary line problem;
 * any other first line is fatal (not a dataset).
 */
function readHeader(text: string): { version: number } | (Problem & { fatal: boolean }) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { fatal: false, field: "$", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = parseDatasetRecord(value);
  if (parsed.success && parsed.data.type === "header") return { version: parsed.data.version };
  const detail = parsed.success
    ? ""
    : `: ${parsed.error.issues.map((i) => `${i.path.join(".") || "$"} ${i.message}`).join("; ")}`;
  return { fatal: true, field: "type", message: `the first line must be a framewise-dataset header${detail}` };
}

async function runImport(tx: Tx, input: LineInput, opts: ImportJsonlOptions): Promise<ImportJsonlResult> {
  const s = createImportState(tx, opts.skipBadRows === true);
  let sawHeader = false;
  let lastLine = 0;
  // Lines a chunk at a time: an await per line of an async generator costs more than most lines' work.
  for await (const batch of numberedLineBatches(input)) {
    for (const { line, text } of batch) {
      lastLine = line;
      if (opts.onProgress && line % 50_000 === 0) opts.onProgress(line);
      if (text.trim() === "") continue;
      if (sawHeader) {
        await importLine(s, line, text);
        continue;
      }
      const bad = readHeader(text);
      if ("version" in bad) {
        sawHeader = true;
        s.version = bad.version;
        continue;
      }
      s.log.add({ line, field: bad.field, message: bad.message });
      if (bad.fatal) throw new DatasetImportError(s.log.issues, s.log.truncated);
    }
  }
  if (!sawHeader) {
    s.log.add({ line: Math.max(1, lastLine), field: "$", message: "no framewise-dataset header line" });
    throw new DatasetImportError(s.log.issues, s.log.truncated);
  }
  if (stopped(s)) throw new DatasetImportError(s.log.issues, s.log.truncated);
  await flush(s);
  await addStudyDefaults(s);
  return {
    projects: [...s.projects.values()].map((p) => ({ id: p.dbId, name: p.name })),
    created: s.created,
    usersMatched: s.usersMatched,
    idsChanged: s.idsChanged,
    skipped: s.log.issues,
  };
}
