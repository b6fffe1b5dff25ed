"use client";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="link"
      onClick={async () => {
        await fetch("/api/auth/sign-out", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        window.location.href = "/sign-in";
      }}
    >
      Sign out
    </button>
  );
}
