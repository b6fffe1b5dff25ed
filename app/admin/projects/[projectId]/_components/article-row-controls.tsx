"use client";

import { useActionState } from "react";
import { deleteArticleAction, moveArticleAction } from "../../../article-actions";
import type { AdminFormState } from "../../../actions";

/** Reorder and delete an article from the project's list; a refusal is shown in the row. */
export function ArticleRowControls(props: {
  id: string;
  projectId: string;
  title: string;
  first: boolean;
  last: boolean;
  deletable: boolean;
}) {
  const [moved, move, moving] = useActionState<AdminFormState, FormData>(moveArticleAction, null);
  const [deleted, remove, deleting] = useActionState<AdminFormState, FormData>(deleteArticleAction, null);
  const error = (moved && !moved.ok && moved.error) || (deleted && !deleted.ok && deleted.error);
  return (
    <span className="fw-row-controls">
      <form action={move} style={{ display: "inline-flex", gap: ".25rem" }}>
        <input type="hidden" name="id" value={props.id} />
        <input type="hidden" name="projectId" value={props.projectId} />
        <button
          type="submit"
          name="direction"
          value="up"
          disabled={props.first || moving}
          aria-label={`Move ${props.title} up`}
        >
          ↑
        </button>
        <button
          type="submit"
          name="direction"
          value="down"
          disabled={props.last || moving}
          aria-label={`Move ${props.title} down`}
        >
          ↓
        </button>
      </form>
      <a href={`/admin/articles/${props.id}/edit`} aria-label={`Edit ${props.title}`}>
        Edit
      </a>
      {props.deletable && (
        <form
          action={remove}
          style={{ display: "inline" }}
          onSubmit={(e) => {
            if (!window.confirm(`Delete "${props.title}"? This cannot be undone.`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="id" value={props.id} />
          <input type="hidden" name="projectId" value={props.projectId} />
          <button
            type="submit"
            className="danger"
            disabled={deleting}
            aria-label={`Delete ${props.title}`}
            data-testid="delete-article"
          >
            Delete
          </button>
        </form>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
