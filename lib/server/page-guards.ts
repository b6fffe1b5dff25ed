import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { PATH_HEADER, safeReturnPath } from "@/lib/schemas/return-path";
import type { Actor } from "./actor";
import { currentActor } from "./auth";

/**
 * Guards for pages. Each page calls one itself: a layout's check alone does not protect a page,
 * because client navigation can fetch a page segment without re-rendering its layout.
 */
export async function pageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) {
    // Back to this page after signing in (proxy.ts names it; only a same-origin path is kept).
    const back = safeReturnPath((await headers()).get(PATH_HEADER));
    redirect(back === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(back)}`);
  }
  return actor;
}

/** Anonymous: redirect to sign-in. Reviewer: 403 (app/forbidden.tsx). */
export async function pageAdmin(): Promise<Actor> {
  const actor = await pageActor();
  if (actor.role !== "admin") forbidden();
  return actor;
}
