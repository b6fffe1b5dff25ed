/**
 * Strict UTF-8 decoding for imported files: ill-formed bytes are refused with their offset instead of
 * silently becoming U+FFFD (which would then be stored, and shift nothing, but change the text).
 * TextDecoder (fatal) does the work; it does not say where it failed, so on failure the bytes are
 * scanned once with the WHATWG decoder's ranges to find the first byte of the bad sequence.
 */

export class InvalidUtf8Error extends Error {
  override name = "InvalidUtf8Error";
  /** `byteOffset`: 0-based offset from the start of the file of the first byte of the ill-formed sequence. */
  constructor(readonly byteOffset: number) {
    super(`invalid UTF-8 at byte ${byteOffset}`);
  }
}

/**
 * 0-based offset of the first byte of the first ill-formed sequence in `bytes`, or -1 if there is none.
 * With `partialEnd`, a sequence cut off by the end of `bytes` (a stream chunk) is not an error.
 */
export function invalidUtf8Offset(bytes: Uint8Array, partialEnd = false): number {
  const end = bytes.length;
  let i = 0;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= end) return partialEnd ? -1 : i;
      const c = bytes[i + k]!;
      if (c < lo || c > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}

/** Decodes a whole file; a leading BOM is dropped. Throws InvalidUtf8Error. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidUtf8Error(Math.max(0, invalidUtf8Offset(bytes)));
  }
}

/** Bytes at the end of `chunk` that start a sequence the chunk does not complete (0 to 3). */
function incompleteTail(chunk: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, chunk.length); k++) {
    const b = chunk[chunk.length - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > k ? k : 0;
  }
  return 0;
}

/**
 * Decodes a stream of byte chunks (strings pass through: already decoded), never holding it whole.
 * Throws InvalidUtf8Error with the offset in the whole stream.
 */
export async function* decodeUtf8Stream(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let consumed = 0; // bytes of the chunks before the current one
  let carry: Uint8Array = new Uint8Array(0); // the previous chunk's incomplete last sequence
  for await (const chunk of chunks) {
    if (typeof chunk === "string") {
      yield chunk;
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      throw new InvalidUtf8Error(consumed - carry.length + Math.max(0, invalidUtf8Offset(joined, true)));
    }
    const last = concat(carry, chunk.subarray(Math.max(0, chunk.length - 3)));
    carry = last.slice(last.length - incompleteTail(last));
    consumed += chunk.length;
    if (text !== "") yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  } catch {
    throw new InvalidUtf8Error(consumed - carry.length);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
