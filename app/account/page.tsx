import type { Metadata } from "next";
import { ActionForm } from "@/components/compare/action-form";
import { pageActorMayChangePassword } from "@/lib/server/page-guards";
import { changeOwnNameAction, changeOwnPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await pageActorMayChangePassword();
  return (
    <section>
      <h1>Your account</h1>
      {actor.mustChangePassword && (
        <p className="notice" role="status" data-testid="must-change">
          An admin reset your password: choose a new one to continue.
        </p>
      )}
      <h2>Display name</h2>
      <ActionForm action={changeOwnNameAction} className="stack" testId="name-form">
        <label className="field">
          Name
          <input name="name" defaultValue={actor.name} required maxLength={100} />
        </label>
        <button type="submit">Save name</button>
      </ActionForm>
      <h2>Password</h2>
      <ActionForm action={changeOwnPasswordAction} className="stack" testId="password-form">
        <label className="field">
          Current password
          <input name="currentPassword" type="password" required autoComplete="current-password" />
        </label>
        <label className="field">
          New password (10+ characters)
          <input name="newPassword" type="password" required minLength={10} autoComplete="new-password" />
        </label>
        <button type="submit">Change password</button>
      </ActionForm>
    </section>
  );
}
