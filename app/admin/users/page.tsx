import type { Metadata } from "next";
import { ActionForm } from "@/components/compare/action-form";
import { pageAdmin } from "@/lib/server/page-guards";
import { listProjects } from "@/lib/server/projects/projects";
import { listUsers } from "@/lib/server/users/create-user";
import { listSignInLocks } from "@/lib/server/users/unlock-user";
import { resetPasswordAction, setUserActiveAction, setUserRoleAction } from "./actions";
import { CreateUserForm } from "./create-user-form";
import { unlockUserAction } from "./unlock-actions";

export const metadata: Metadata = { title: "Reviewers · Admin" };

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "never");

export default async function UsersPage() {
  const actor = await pageAdmin();
  const [users, projects] = await Promise.all([listUsers(actor), listProjects(actor)]);
  const locks = await listSignInLocks({ actor, emails: users.map((u) => u.email) });
  return (
    <section>
      <h1>Reviewers and admins</h1>
      <table className="grid" data-testid="users">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>State</th>
            <th>Last sign-in</th>
            <th>Sign-in</th>
            <th>Account care</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const until = locks.get(u.email);
            return (
              <tr key={u.id} data-testid="user-row">
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <ActionForm action={setUserRoleAction}>
                    <input type="hidden" name="userId" value={u.id} />
                    <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`}>
                      <option value="reviewer">reviewer</option>
                      <option value="admin">admin</option>
                    </select>
                    <button type="submit">Set</button>
                  </ActionForm>
                </td>
                <td>
                  {u.active ? "active" : "deactivated"}
                  {u.mustChangePassword ? " · must change password" : ""}
                </td>
                <td>{when(u.lastSignInAt)}</td>
                <td data-testid="sign-in-state">
                  {until ? (
                    <form action={unlockUserAction}>
                      <span>Locked until {until.toISOString().slice(11, 16)} UTC (failed sign-ins) </span>
                      <input type="hidden" name="email" value={u.email} />
                      <button type="submit">Unlock</button>
                    </form>
                  ) : (
                    "ok"
                  )}
                </td>
                <td>
                  <ActionForm action={setUserActiveAction}>
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="active" value={String(!u.active)} />
                    <button type="submit">{u.active ? "Deactivate" : "Reactivate"}</button>
                  </ActionForm>
                  <ActionForm action={resetPasswordAction}>
                    <input type="hidden" name="userId" value={u.id} />
                    <input
                      name="password"
                      type="password"
                      minLength={10}
                      required
                      placeholder="temporary password"
                      aria-label={`Temporary password for ${u.email}`}
                      autoComplete="new-password"
                    />
                    <button type="submit">Reset password</button>
                  </ActionForm>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>New account</h2>
      <CreateUserForm projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
    </section>
  );
}
