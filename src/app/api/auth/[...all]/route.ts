import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";

// better-auth's own endpoints (session, sign-out). They check the session and origin themselves.
export const { GET, POST } = toNextJsHandler((request: Request) => getAuth().handler(request));
