"use client";

import { type ReactNode, useActionState } from "react";
import type { ActionResult } from "@/lib/schemas/result";

type State = ActionResult<unknown> | null;

/** A server-action form that stays on the page and shows the refusal, if any, beside its buttons. */
export function ActionForm({
  action,
  children,
  className,
  testId,
}: {
  action: (prev: State, form: FormData) => Promise<State>;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className={className ?? "cmp-inline"}
      data-testid={testId}
      aria-busy={pending || undefined}
    >
      <fieldset disabled={pending}>{children}</fieldset>
      <span className="error" role="alert" aria-live="polite">
        {state && !state.ok ? state.error : ""}
      </span>
    </form>
  );
}
