"use client";

import { type ReactNode, createContext, useContext, useMemo } from "react";

const TextContext = createContext<string[]>([]);

/** The article text as code points, sent to the browser once for every gold edit form below it. */
export function ArticleTextProvider({ text, children }: { text: string; children: ReactNode }) {
  const cps = useMemo(() => Array.from(text), [text]);
  return <TextContext value={cps}>{children}</TextContext>;
}

export function useArticleCodePoints(): string[] {
  return useContext(TextContext);
}
