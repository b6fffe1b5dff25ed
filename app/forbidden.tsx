import { headers } from "next/headers";
import { PATH_HEADER } from "@/lib/schemas/return-path";
import { currentActor } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { requireArticle } from "@/lib/server/projects/access";

/**
 * On an article's page, the use case's own refusal (not assigned to you, held back by a training round's
 * gate), so an annotator learns why and what to do; elsewhere the general explanation.
 */
async function articleRefusal(): Promise<string | null> {
  const path = (await headers()).get(PATH_HEADER) ?? "";
  const articleId = /^\/articles\/([^/?#]+)(?:[?#]|$)/.exec(path)?.[1];
  if (!articleId) return null;
  const actor = await currentActor();
  if (!actor) return null;
  return requireArticle(actor, articleId, "view").then(
    () => null,
    (e: unknown) => (e instanceof AppError && e.code === "FORBIDDEN" ? e.message : null),
  );
}

export default async function Forbidden() {
  const refusal = await articleRefusal();
  return (
    <section>
      <h1>Not allowed</h1>
      <p className="error" data-testid="forbidden">
        {refusal ??
          "Your account may not open this page: it is for admins, or the project keeps reviewers’ work blind until an admin reveals it."}
      </p>
      <p>
        <a href="/">Back to your queue</a>
      </p>
    </section>
  );
}
