import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/server/auth";
import { needsSetup } from "@/lib/server/users/create-user";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await needsSetup()) redirect("/setup");
  if (await currentActor()) redirect("/");
  return (
    <section>
      <h1>Sign in</h1>
      <SignInForm />
    </section>
  );
}
