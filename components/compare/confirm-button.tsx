"use client";

import type { ReactNode } from "react";

/** A submit button that asks first when `confirm` is set; declining leaves the form unsent. */
export function ConfirmButton({
  confirm,
  className,
  children,
  testId,
}: {
  confirm?: string;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <button
      type="submit"
      className={className}
      data-testid={testId}
      onClick={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {children}
    </button>
  );
}
