import "server-only";
import { MAX_IMPORT_LINE_CHARS } from "@/lib/schemas/limits";
import { decodeUtf8, decodeUtf8Stream, InvalidUtf8Error } from "@/lib/domain/dataset/utf8";
import { DatasetImportError } from "./issues";

export type NumberedLine = { line: number; text: string };
/** Text, or bytes (a Buffer, or a file stream without an encoding) that must be valid UTF-8. */
export type LineInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** Invalid UTF-8 is refused, with its byte offset, rather than read as U+FFFD. */
function utf8Refused(e: unknown): unknown {
  return e instanceof InvalidUtf8Error ? new DatasetImportError([{ field: "file", message: e.message }]) : e;
}

/**
 * Splits text (a string, or a stream of chunks such as a file read stream) into 1-based numbered
 * lines on "\n", dropping a trailing "\r" and a leading BOM. A stream is never held whole in memory;
 * a line longer than `maxLine` (a file with no line breaks, say) is refused with its number.
 */
export async function* numberedLines(input: LineInput, maxLine = MAX_IMPORT_LINE_CHARS): AsyncGenerator<NumberedLine> {
  for await (const batch of numberedLineBatches(input, maxLine)) yield* batch;
}

/**
 * numberedLines, a batch at a time (the lines completed by each chunk of a stream; a string in batches
 * of up to 10,000 lines), for loops over millions of lines where a step of an async generator per line
 * costs more than the line's own work. A line that is too long throws after the batch of lines before it.
 */
export async function* numberedLineBatches(
  input: LineInput,
  maxLine = MAX_IMPORT_LINE_CHARS,
): AsyncGenerator<NumberedLine[]> {
  if (input instanceof Uint8Array) {
    let text: string;
    try {
      text = decodeUtf8(input);
    } catch (e) {
      throw utf8Refused(e);
    }
    yield* textLineBatches(text, maxLine);
    return;
  }
  if (typeof input === "string") {
    yield* textLineBatches(input, maxLine);
    return;
  }
  try {
    yield* streamLineBatches(decodeUtf8Stream(input), maxLine);
  } catch (e) {
    throw utf8Refused(e);
  }
}

const tooLong = (n: number, maxLine: number) =>
  new DatasetImportError([
    { line: n, field: "line", message: `is longer than ${maxLine.toLocaleString("en")} characters` },
  ]);
const clean = (s: string) => (s.endsWith("\r") ? s.slice(0, -1) : s);

function* textLineBatches(input: string, maxLine: number): Generator<NumberedLine[]> {
  let line = 0;
  const src = input.startsWith("\uFEFF") ? input.slice(1) : input;
  let pos = 0;
  let batch: NumberedLine[] = [];
  while (pos < src.length) {
    const nl = src.indexOf("\n", pos);
    const end = nl === -1 ? src.length : nl;
    if (end - pos > maxLine) {
      if (batch.length) yield batch;
      throw tooLong(line + 1, maxLine);
    }
    batch.push({ line: ++line, text: clean(src.slice(pos, end)) });
    if (batch.length >= 10_000) {
      yield batch;
      batch = [];
    }
    pos = end + 1;
  }
  if (batch.length) yield batch;
}

async function* streamLineBatches(input: AsyncIterable<string>, maxLine: number): AsyncGenerator<NumberedLine[]> {
  let line = 0;
  let rest = "";
  let first = true;
  for await (const chunk of input) {
    if (chunk === "") continue; // (so the BOM check sees the first real chunk)
    let buf = rest + (first && chunk.startsWith("\uFEFF") ? chunk.slice(1) : chunk);
    first = false;
    let nl: number;
    let pos = 0;
    const batch: NumberedLine[] = [];
    while ((nl = buf.indexOf("\n", pos)) !== -1) {
      if (nl - pos > maxLine) {
        if (batch.length) yield batch;
        throw tooLong(line + 1, maxLine);
      }
      batch.push({ line: ++line, text: clean(buf.slice(pos, nl)) });
      pos = nl + 1;
    }
    rest = buf.slice(pos);
    if (batch.length) yield batch;
    if (rest.length > maxLine) throw tooLong(line + 1, maxLine);
    buf = "";
  }
  if (rest !== "") yield [{ line: ++line, text: clean(rest) }];
}
