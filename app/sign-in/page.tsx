import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/server/auth";
import { needsSetup } from "@/lib/server/users/create-user";
import { safeReturnPath } from "@/lib/schemas/return-path";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams?: Promise<{ next?: string | string[] }> }) {
  if (await needsSetup()) redirect("/setup");
  const next = safeReturnPath((await searchParams)?.next);
  if (await currentActor()) redirect(next);
  return (
    <section>
      <h1>Sign in</h1>
      <SignInForm next={next} />
    </section>
  );
}
