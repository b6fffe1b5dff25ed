import "server-only";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";

/** What the admin export form offers: projects with their labels and articles, and the reviewers. */
export async function getExportFormOptions(actor: Actor) {
  assertAdmin(actor);
  const [projects, reviewers] = await Promise.all([
    db.project.findMany({
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        name: true,
        labels: {
          orderBy: [{ group: { order: "asc" } }, { order: "asc" }],
          select: { id: true, name: true, group: { select: { name: true } } },
        },
        articles: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, title: true } },
      },
    }),
    db.user.findMany({
      where: { OR: [{ annotations: { some: {} } }, { statuses: { some: {} } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, name: true, email: true },
    }),
  ]);
  return { projects, reviewers };
}
