// The one simulation of Next's request context for integration tests (registered in test/setup-next.ts):
// headers() carries the cookie (and client address) a test sets here, cookies() is empty, revalidation is a no-op.
export const nextRequest: { cookie: string; ip?: string } = { cookie: "" };

export function nextHeadersMock() {
  return {
    headers: async () =>
      new Headers({
        ...(nextRequest.cookie && { cookie: nextRequest.cookie }),
        ...(nextRequest.ip && { "x-forwarded-for": nextRequest.ip }),
      }),
    cookies: async () => ({
      get: () => undefined,
      getAll: () => [],
      has: () => false,
      set: () => undefined,
      delete: () => undefined,
    }),
  };
}

export function nextCacheMock() {
  return { revalidatePath: () => undefined, revalidateTag: () => undefined };
}
