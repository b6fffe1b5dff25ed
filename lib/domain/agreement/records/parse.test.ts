import { describe, expect, it } from "vitest";
import { losesPrecision, parseAgreementInput } from "./parse";

describe("numbers a double cannot keep exactly", () => {
  it("flags literals with more significant digits than the double keeps", () => {
    // Number() stands for the JSON parser here: a literal in the source would itself lose the digits.
    for (const lit of ["9007199254740993", "12345678901234567890", "0.10000000000000001"]) {
      expect(losesPrecision(lit, Number(lit)), lit).toBe(true);
    }
  });

  it("accepts exact ones, however written", () => {
    for (const lit of [
      "9007199254740992",
      "100000000000000000000",
      "0.30000000000000004",
      "1e200",
      "1.5000000000000000000",
      "123456789012345",
      "-0.000000000000000001",
    ]) {
      expect(losesPrecision(lit, Number(lit)), lit).toBe(false);
    }
  });

  it("string ids and values with many digits are kept as strings (no check, no loss)", () => {
    const r = parseAgreementInput('{"item":"12345678901234567890","rater":"a","value":"9007199254740993"}\n');
    expect(r.ok).toBe(true);
  });
});
