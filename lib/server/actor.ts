import "server-only";
import { AppError } from "./errors";

export type Role = "admin" | "reviewer";
/** The signed-in user a use case acts for; always taken from the session, never from input. */
export type Actor = {
  id: string;
  role: Role;
  name: string;
  email: string /** An admin reset the password. */;
  mustChangePassword?: boolean;
};

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only an admin can do this.");
}
