import "server-only";
import { snapshotCodebook } from "../rounds/codebook";
import type { ImportState } from "./import-state";

/**
 * What the study-design migration gave every existing project, for the imported projects a file leaves
 * without it: a project with no round gets codebook version 1 (its imported guidelines and labels) and
 * a round "Main"; in a version 1 file (written before projects had members) every user of the file
 * becomes a member of every project of the file, an admin as manager and anyone else as annotator,
 * so nobody loses access to the work the file brings. Runs after the last batch is written.
 */
export async function addStudyDefaults(s: ImportState): Promise<void> {
  const count = (type: "codebook_version" | "round" | "member", n: number) => {
    if (n > 0) s.created[type] = (s.created[type] ?? 0) + n;
  };
  for (const [fileId, project] of s.projects) {
    if (!s.projectsWithRounds.has(fileId)) {
      const codebook = await snapshotCodebook(s.tx, project.dbId);
      const last = await s.tx.round.findFirst({
        where: { projectId: project.dbId },
        orderBy: { position: "desc" },
        select: { position: true },
      });
      await s.tx.round.create({
        data: {
          projectId: project.dbId,
          name: "Main",
          position: (last?.position ?? -1) + 1,
          codebookVersionId: codebook.id,
        },
        select: { id: true },
      });
      count("codebook_version", 1);
      count("round", 1);
    }
    if (s.version === 1 && !s.projectsWithMembers.has(fileId) && s.users.size > 0) {
      const data = [...new Map([...s.users.values()].map((u) => [u.dbId, u.role])).entries()].map(([userId, role]) => ({
        projectId: project.dbId,
        userId,
        role: role === "admin" ? "manager" : "annotator",
      }));
      await s.tx.projectMember.createMany({ data });
      count("member", data.length);
    }
  }
}
