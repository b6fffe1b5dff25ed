import type { Metadata } from "next";
import { ActionForm } from "@/components/compare/action-form";
import { ASSIGNMENT_MODES, PROJECT_ROLES } from "@/lib/schemas/project";
import { listMembers } from "@/lib/server/members/list-members";
import { pageError, pageStaff } from "@/lib/server/page-guards";
import { getProgress } from "@/lib/server/progress/get-progress";
import { getAdminProject } from "@/lib/server/projects/get-admin-project";
import { listRounds } from "@/lib/server/rounds/manage-rounds";
import { RoundsSection } from "./_components/rounds-section";
import {
  addMemberAction,
  assignManualAction,
  assignOverlapAction,
  reassignAction,
  removeMemberAction,
  setAssignmentSettingsAction,
} from "./actions";

export const metadata: Metadata = { title: "Study · Admin" };
export const dynamic = "force-dynamic";

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "—");

/** Members, assignment and progress of a project: managers change them, curators read them. */
export default async function StudyPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await pageStaff();
  const { projectId } = await params;
  const [project, members, progress, rounds] = await Promise.all([
    getAdminProject(actor, projectId).catch(pageError),
    listMembers(actor, projectId).catch(pageError),
    getProgress(actor, projectId).catch(pageError),
    listRounds(actor, projectId).catch(pageError),
  ]);
  if (!project) return null;
  const manage = project.canManage;
  const annotators = members.filter((m) => m.role === "annotator");
  return (
    <section>
      <p className="muted">
        <a href={`/admin/projects/${project.id}`}>← {project.name}</a>
      </p>
      <h1>Study: {project.name}</h1>

      <h2>Progress</h2>
      <p className="muted" data-testid="design">
        Assignment: {progress.mode}
        {progress.mode === "everyone" ? "" : `, k = ${progress.k}`}
      </p>
      <table className="grid" data-testid="progress-table">
        <thead>
          <tr>
            <th>Annotator</th>
            <th>Assigned</th>
            <th>Not started</th>
            <th>In progress</th>
            <th>Done</th>
            <th>Spans</th>
            <th>Last active</th>
          </tr>
        </thead>
        <tbody>
          {progress.annotators.map((a) => (
            <tr key={a.userId} data-testid="progress-row">
              <td>
                {a.name} <span className="muted">{a.email}</span>
              </td>
              <td>{a.assigned}</td>
              <td>{a.notStarted}</td>
              <td>{a.inProgress}</td>
              <td>{a.done}</td>
              <td>{a.spans}</td>
              <td>{when(a.lastActive)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Members</h2>
      <table className="grid" data-testid="members">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            {manage && <th />}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name}
                {m.active ? "" : " (deactivated)"}
              </td>
              <td>{m.email}</td>
              <td>{m.role}</td>
              {manage && (
                <td>
                  <ActionForm action={removeMemberAction}>
                    <input type="hidden" name="projectId" value={project.id} />
                    <input type="hidden" name="userId" value={m.id} />
                    <button type="submit" aria-label={`Remove ${m.email}`}>
                      Remove
                    </button>
                  </ActionForm>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {manage && (
        <>
          <ActionForm action={addMemberAction} className="stack" testId="add-member-form">
            <input type="hidden" name="projectId" value={project.id} />
            <label className="field">
              Email
              <input name="email" type="email" required />
            </label>
            <label className="field">
              Role
              <select name="role" defaultValue="annotator">
                {PROJECT_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Add member</button>
          </ActionForm>

          <h2>Assignment</h2>
          <ActionForm action={setAssignmentSettingsAction} className="stack" testId="assignment-settings-form">
            <input type="hidden" name="projectId" value={project.id} />
            <label className="field">
              Mode
              <select name="mode" defaultValue={progress.mode}>
                {ASSIGNMENT_MODES.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Annotators per article (k)
              <input name="k" type="number" min={1} defaultValue={progress.k} />
            </label>
            <label className="field">
              Pull reservation (minutes)
              <input name="reservationMinutes" type="number" min={1} defaultValue={progress.reservationMinutes} />
            </label>
            <fieldset>
              <legend>Disagreement routing (overlap, manual and pull modes)</legend>
              <label className="field">
                When the article&apos;s
                <select name="routeMetric" defaultValue={progress.routing.metric}>
                  <option value="alpha">unitizing alpha</option>
                  <option value="f1">mean pairwise overlap F1</option>
                </select>
              </label>
              <label className="field">
                after k done annotators is below (0–1; empty: off)
                <input name="routeBelow" inputMode="decimal" defaultValue={progress.routing.below ?? ""} />
              </label>
              <label className="field">
                add one annotator, up to
                <input name="routeMax" type="number" min={2} defaultValue={progress.routing.max} />
              </label>
            </fieldset>
            <label>
              <input type="checkbox" name="anonymiseCurators" defaultChecked={progress.anonymiseCurators} /> Curators
              see reviewers as R1, R2… (compare, agreement, adjudication, exports)
            </label>
            <button type="submit">Save settings</button>
          </ActionForm>
          <ActionForm action={assignOverlapAction} className="stack" testId="assign-overlap-form">
            <input type="hidden" name="projectId" value={project.id} />
            <label className="field">
              Overlap k<input name="k" type="number" min={1} defaultValue={progress.k} required />
            </label>
            <label className="field">
              Seed
              <input name="seed" type="number" min={0} defaultValue={0} />
            </label>
            <label className="field">
              Round (empty: the current one)
              <input name="round" />
            </label>
            <button type="submit">Assign with overlap</button>
          </ActionForm>
          <ActionForm action={assignManualAction} className="stack" testId="assign-manual-form">
            <input type="hidden" name="projectId" value={project.id} />
            <label className="field">
              CSV with article_id,user
              <input name="file" type="file" accept=".csv,text/csv" required />
            </label>
            <button type="submit">Assign from CSV</button>
          </ActionForm>
          {annotators.length > 1 && (
            <ActionForm action={reassignAction} className="stack" testId="reassign-form">
              <input type="hidden" name="projectId" value={project.id} />
              <label className="field">
                Unstarted articles of
                <select name="fromUserId">
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.email}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                go to
                <select name="toUserId">
                  {annotators.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.email}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">Reassign</button>
            </ActionForm>
          )}
        </>
      )}
      <RoundsSection projectId={project.id} rounds={rounds} guidelines={project.guidelines} manage={manage} />
    </section>
  );
}
