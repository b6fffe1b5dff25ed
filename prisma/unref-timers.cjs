// Preloaded into the Prisma CLI only: the WASM schema engine leaves long timers behind
// (PostgreSQL `migrate deploy` lingers ~10 s after finishing). Long timers are timeouts,
// never the work itself, so they must not keep the process alive.
const LONG_MS = 2000;
for (const name of ["setTimeout", "setInterval"]) {
  const original = globalThis[name];
  globalThis[name] = function patched(fn, ms, ...args) {
    const timer = original.call(this, fn, ms, ...args);
    if (typeof ms === "number" && ms >= LONG_MS && timer && typeof timer.unref === "function") timer.unref();
    return timer;
  };
}
