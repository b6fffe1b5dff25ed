import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/server/users/create-user";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Create the first admin" };

export const dynamic = "force-dynamic";

type Props = { searchParams?: Promise<Record<string, string | string[] | undefined>> };

export default async function SetupPage({ searchParams }: Props) {
  if (!(await needsSetup())) redirect("/sign-in");
  // The link printed in the server log carries the token; it only prefills the field (the action checks it).
  const token = (await searchParams)?.token;
  return (
    <section>
      <h1>Welcome to Framewise</h1>
      <p className="muted">
        No account exists yet. Create the first admin: you will manage the corpus, the taxonomy and the reviewers.
      </p>
      <p className="muted">
        Setup needs the one-time token that the server printed in its log when it started (also written to
        <code> data/setup-token</code> on the server, readable only by the account that runs it).
      </p>
      <SetupForm token={typeof token === "string" ? token.slice(0, 200) : ""} />
    </section>
  );
}
