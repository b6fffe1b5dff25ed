import "server-only";
import { MAX_IMPORT_LINE_CHARS } from "@/lib/schemas/limits";
import { DatasetImportError } from "./issues";

export type NumberedLine = { line: number; text: string };

/**
 * Splits text (a string, or a stream of chunks such as a file read stream) into 1-based numbered
 * lines on "\n", dropping a trailing "\r" and a leading BOM. A stream is never held whole in memory;
 * a line longer than `maxLine` (a file with no line breaks, say) is refused with its number.
 */
export async function* numberedLines(input: string | AsyncIterable<string>, maxLine = MAX_IMPORT_LINE_CHARS): AsyncGenerator<NumberedLine> {
  for await (const batch of numberedLineBatches(input, maxLine)) yield* batch;
}

/**
 * numberedLines, a batch at a time (the lines completed by each chunk of a stream; a string in batches
 * of up to 10,000 lines), for loops over millions of lines where a step of an async generator per line
 * costs more than the line's own work. A line that is too long throws after the batch of lines before it.
 */
export async function* numberedLineBatches(input: string | AsyncIterable<string>, maxLine = MAX_IMPORT_LINE_CHARS): AsyncGenerator<NumberedLine[]> {
  let line = 0;
  const tooLong = (n: number) => new DatasetImportError([{ line: n, field: "line", message: `is longer than ${maxLine.toLocaleString("en")} characters` }]);
  const clean = (s: string) => (s.endsWith("\r") ? s.slice(0, -1) : s);
  if (typeof input === "string") {
    const src = input.startsWith("\uFEFF") ? input.slice(1) : input;
    let pos = 0;
    let batch: NumberedLine[] = [];
    while (pos < src.length) {
      const nl = src.indexOf("\n", pos);
      const end = nl === -1 ? src.length : nl;
      if (end - pos > maxLine) {
        if (batch.length) yield batch;
        throw tooLong(line + 1);
      }
      batch.push({ line: ++line, text: clean(src.slice(pos, end)) });
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
      pos = end + 1;
    }
    if (batch.length) yield batch;
    return;
  }
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
        throw tooLong(line + 1);
      }
      batch.push({ line: ++line, text: clean(buf.slice(pos, nl)) });
      pos = nl + 1;
    }
    rest = buf.slice(pos);
    if (batch.length) yield batch;
    if (rest.length > maxLine) throw tooLong(line + 1);
    buf = "";
  }
  if (rest !== "") yield [{ line: ++line, text: clean(rest) }];
}
