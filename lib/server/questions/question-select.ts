import "server-only";

/** The fields every reader of a question needs (options as stored: parse with parseOptions). */
export const questionSelect = { id: true, prompt: true, kind: true, options: true } as const;
