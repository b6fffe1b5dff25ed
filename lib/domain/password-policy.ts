import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/**
 * NIST SP 800-63B §5.1.1.2: a new password is checked against commonly used, expected or compromised
 * values (breach lists, dictionary words, repetitive or sequential characters, context-specific words).
 * zxcvbn-ts carries the maintained lists (about 30,000 common passwords, English words and names) and
 * also catches repeats ("aaaaaaaaaa"), sequences ("0123456789") and keyboard walks ("qwertyuiop").
 */
export const MIN_PASSWORD_SCORE = 3; // zxcvbn: >= 10^8 guesses
/** The estimator's cost grows fast with length; a prefix this long already tells a weak password. */
const ESTIMATE_CHARS = 64;
const SERVICE_WORDS = ["framewise", "annotation", "annotate", "reviewer", "admin"];

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // Built on first use (about a second: the dictionaries are unpacked), then reused.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    // l33t substitutions multiply the estimator's work (seconds for a 16-character "ab1!ab1!…"); the
    // shipped list already holds the common l33t spellings.
    l33tMaxSubstitutions: 0,
  });
  return factory;
}

/** Why `password` is refused, or null when it is acceptable. `context`: the account's name, email … */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const words = [
    ...SERVICE_WORDS,
    ...context.flatMap((c) => c.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3),
  ];
  const prefix = Array.from(password).slice(0, ESTIMATE_CHARS).join("");
  const result = estimator().check(prefix, words);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning;
  return warning
    ? `is too easy to guess: ${warning.replace(/\.$/, "").toLowerCase()}`
    : "is too easy to guess (it is close to a commonly used password)";
}
