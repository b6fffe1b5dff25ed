import type { Metadata } from "next";
import { pageAdmin } from "@/lib/server/page-guards";
import { listUsers } from "@/lib/server/users/create-user";
import { CreateUserForm } from "./create-user-form";

export const metadata: Metadata = { title: "Reviewers · Admin" };

export default async function UsersPage() {
  const actor = await pageAdmin();
  const users = await listUsers(actor);
  return (
    <section>
      <h1>Reviewers and admins</h1>
      <table className="grid" data-testid="users">
        <thead><tr><th>Name</th><th>Email</th><th>Role</th></tr></thead>
        <tbody>{users.map((u) => <tr key={u.id}><td>{u.name}</td><td>{u.email}</td><td>{u.role}</td></tr>)}</tbody>
      </table>
      <h2>New account</h2>
      <CreateUserForm />
    </section>
  );
}
