import "server-only";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { PATH_HEADER, safeReturnPath } from "@/lib/schemas/return-path";
import type { Actor } from "./actor";
import { currentActor } from "./auth";
import { db } from "./db";
import { AppError } from "./errors";
import { projectsWhere } from "./projects/access";

/**
 * Guards for pages. Each page calls one itself: a layout's check alone does not protect a page,
 * because client navigation can fetch a page segment without re-rendering its layout.
 */
export async function pageActor(): Promise<Actor> {
  const actor = await pageActorMayChangePassword();
  // An admin reset the password: nothing else opens until the user has chosen a new one.
  // The flag comes from the session's signed cookie copy (up to a minute old), so it is confirmed in the
  // database: a just-changed password must not bounce the user back here.
  if (actor.mustChangePassword) {
    const row = await db.user.findUnique({ where: { id: actor.id }, select: { mustChangePassword: true } });
    if (row?.mustChangePassword) redirect("/account");
  }
  return actor;
}

/** The account page: the one page a user with a pending password change may open. */
export async function pageActorMayChangePassword(): Promise<Actor> {
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

/**
 * The project back office (/admin): the admin, and whoever curates or manages at least one project.
 * Each page then checks the project itself through its use case.
 */
export async function pageStaff(): Promise<Actor> {
  const actor = await pageActor();
  if (actor.role === "admin") return actor;
  const curated = await db.project.findFirst({ where: projectsWhere(actor, "curate"), select: { id: true } });
  if (!curated) forbidden();
  return actor;
}

/** A use case's refusal as the page's answer: 404 and 403 pages instead of the error boundary. */
export function pageError(e: unknown): never {
  if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
  if (e instanceof AppError && e.code === "FORBIDDEN") forbidden();
  throw e;
}
