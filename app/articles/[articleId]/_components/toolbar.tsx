"use client";

import Link from "next/link";
import type { TArticleStatus } from "@/lib/schemas/annotation";

const STATUS_TEXT: Record<TArticleStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  done: "Done",
};

type Props = {
  status: TArticleStatus;
  busy: boolean;
  /** Span writes in flight. */
  saving: boolean;
  readOnly: boolean;
  neighbours: { previousId: string | null; nextId: string | null };
  onChangeStatus: (next: "done" | "in_progress") => void;
  onHelp: () => void;
};

/** The article's status with its button, links to the neighbouring articles, and the shortcuts button. */
export function Toolbar({ status, busy, saving, readOnly, neighbours, onChangeStatus, onHelp }: Props) {
  return (
    <div className="fw-toolbar">
      <span className={`badge ${status}`} data-testid="article-status">
        {STATUS_TEXT[status]}
      </span>
      {status === "done" ? (
        <button
          type="button"
          data-testid="reopen"
          disabled={readOnly || busy}
          onClick={() => onChangeStatus("in_progress")}
        >
          Reopen
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="mark-done"
          disabled={readOnly || busy}
          onClick={() => onChangeStatus("done")}
        >
          Mark as done
        </button>
      )}
      <span
        className="muted fw-save-state"
        role="status"
        data-testid="save-state"
        data-saving={saving ? "" : undefined}
      >
        {saving ? "Saving…" : "All changes saved"}
      </span>
      <nav className="fw-neighbours" aria-label="Articles">
        {neighbours.previousId ? (
          <Link href={`/articles/${neighbours.previousId}`} data-testid="prev-article" rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className="muted">← Previous</span>
        )}
        {neighbours.nextId ? (
          <Link href={`/articles/${neighbours.nextId}`} data-testid="next-article" rel="next">
            Next →
          </Link>
        ) : (
          <span className="muted">Next →</span>
        )}
      </nav>
      <button type="button" className="fw-help-button" data-testid="help-button" aria-keyshortcuts="?" onClick={onHelp}>
        Shortcuts <kbd>?</kbd>
      </button>
    </div>
  );
}
