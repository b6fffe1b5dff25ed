"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { UNAVAILABLE_DIGEST } from "@/lib/schemas/result";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const down = error.digest === UNAVAILABLE_DIGEST;
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <section role="alert" data-testid="error-page">
      <h1>{down ? "Service unavailable" : "Something went wrong"}</h1>
      <p>
        {down
          ? "The database is unavailable (503). Nothing you did was lost: saved work stays saved. Please try again in a moment."
          : "An unexpected error happened; nothing was changed. Please try again."}
      </p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </section>
  );
}
