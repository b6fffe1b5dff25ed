import "server-only";

export type NumberedLine = { line: number; text: string };

/**
 * Splits text (a string, or a stream of chunks such as a file read stream) into 1-based numbered
 * lines on "\n", dropping a trailing "\r" and a leading BOM. A stream is never held whole in memory.
 */
export async function* numberedLines(input: string | AsyncIterable<string>): AsyncGenerator<NumberedLine> {
  let line = 0;
  const clean = (s: string) => (s.endsWith("\r") ? s.slice(0, -1) : s);
  if (typeof input === "string") {
    const src = input.startsWith("\uFEFF") ? input.slice(1) : input;
    let pos = 0;
    while (pos < src.length) {
      const nl = src.indexOf("\n", pos);
      const end = nl === -1 ? src.length : nl;
      yield { line: ++line, text: clean(src.slice(pos, end)) };
      pos = end + 1;
    }
    return;
  }
  let rest = "";
  let first = true;
  for await (const chunk of input) {
    let buf = rest + (first && chunk.startsWith("\uFEFF") ? chunk.slice(1) : chunk);
    first = false;
    let nl: number;
    let pos = 0;
    while ((nl = buf.indexOf("\n", pos)) !== -1) {
      yield { line: ++line, text: clean(buf.slice(pos, nl)) };
      pos = nl + 1;
    }
    rest = buf.slice(pos);
    buf = "";
  }
  if (rest !== "") yield { line: ++line, text: clean(rest) };
}
