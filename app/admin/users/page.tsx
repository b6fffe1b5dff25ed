import type { Metadata } from "next";
import { pageAdmin } from "@/lib/server/page-guards";
import { listUsers } from "@/lib/server/users/create-user";
import { listSignInLocks } from "@/lib/server/users/unlock-user";
import { CreateUserForm } from "./create-user-form";
import { unlockUserAction } from "./unlock-actions";

export const metadata: Metadata = { title: "Reviewers · Admin" };

export default async function UsersPage() {
  const actor = await pageAdmin();
  const users = await listUsers(actor);
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
            <th>Sign-in</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const until = locks.get(u.email);
            return (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.role}</td>
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
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>New account</h2>
      <CreateUserForm />
    </section>
  );
}
