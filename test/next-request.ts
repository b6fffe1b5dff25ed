// The one simulation of Next's request context for integration tests (registered in test/setup-next.ts):
// headers() carries the cookie a test sets here, cookies() is empty, revalidation is a no-op.
export const nextRequest = { cookie: "" };

export function nextHeadersMock() {
  return {
    headers: async () => new Headers(nextRequest.cookie ? { cookie: nextRequest.cookie } : {}),
    cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
  };
}

export function nextCacheMock() {
  return { revalidatePath: () => undefined, revalidateTag: () => undefined };
}
