"use client";

import { useState, useTransition } from "react";
import type { FormAction } from "./types";

type Ref = { articleId: string; labelId: string; start: number; end: number };

/**
 * Accept / reject of one candidate. Plain buttons calling the server actions (not forms): a page
 * lists up to a hundred candidates, and a progressively enhanced form per button would carry its
 * own hidden fields into the page many times over.
 */
export function CandidateButtons({
  candidate,
  decision,
  accept,
  reject,
}: {
  candidate: Ref;
  decision: "accepted" | "rejected" | "open";
  accept: FormAction;
  reject: FormAction;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState("");
  const run = (action: FormAction) =>
    start(async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(candidate)) form.set(k, String(v));
      const result = await action(null, form);
      setError(result && !result.ok ? result.error : "");
    });
  return (
    <span className="cmp-inline" aria-busy={pending || undefined}>
      {decision !== "accepted" && (
        <span data-testid="accept-candidate">
          <button type="button" className="primary" disabled={pending} onClick={() => run(accept)}>
            Accept
          </button>
        </span>
      )}
      {decision !== "rejected" && (
        <span data-testid="reject-candidate">
          <button type="button" disabled={pending} onClick={() => run(reject)}>
            Reject
          </button>
        </span>
      )}
      <span className="error" role="alert" aria-live="polite">
        {error}
      </span>
    </span>
  );
}
