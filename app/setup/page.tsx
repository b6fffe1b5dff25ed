import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/server/users/create-user";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Create the first admin" };

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/sign-in");
  return (
    <section>
      <h1>Welcome to Framewise</h1>
      <p className="muted">No account exists yet. Create the first admin: you will manage the corpus, the taxonomy and the reviewers.</p>
      <SetupForm />
    </section>
  );
}
