// Every integration test file runs with the same next/headers and next/cache stand-ins (test/next-request.ts).
import { vi } from "vitest";
import { nextCacheMock, nextHeadersMock } from "./next-request";

vi.mock("next/headers", () => nextHeadersMock());
vi.mock("next/headers.js", () => nextHeadersMock());
vi.mock("next/cache", () => nextCacheMock());
