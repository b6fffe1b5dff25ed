"use client";

import { type ReactNode, createContext, useContext, useMemo } from "react";
import { OffsetIndex } from "@/lib/domain/offsets";

type Text = { cps: string[]; index: OffsetIndex };
const TextContext = createContext<Text>({ cps: [], index: new OffsetIndex("") });

/** The article text, sent to the browser once for drawing gold spans and for every gold edit below it. */
export function ArticleTextProvider({ text, children }: { text: string; children: ReactNode }) {
  const value = useMemo(() => ({ cps: Array.from(text), index: new OffsetIndex(text) }), [text]);
  return <TextContext value={value}>{children}</TextContext>;
}

export function useArticleCodePoints(): string[] {
  return useContext(TextContext).cps;
}

export function useArticleIndex(): OffsetIndex {
  return useContext(TextContext).index;
}
