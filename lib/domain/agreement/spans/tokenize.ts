/**
 * Token-level agreement uses the tokenizer of the BIO export (`lib/domain/offsets/tokenize.ts`), so
 * agreement is measured on the tokens people train on; code-point lengths come from the offsets module.
 */
export { codePointLength } from "../../offsets/text";
export { TokenBuffer, type Tokens, tokenize, tokenizeInto } from "../../offsets/tokenize";
