/*
 * Imported first by the runtime's entry points, before any module that loads Powertools' Tracer.
 * In its default (automatic) mode the X-Ray SDK, which the Tracer loads, enables an async hook with
 * destroy tracking for every promise as it is imported, for a context that tracing outside Lambda
 * (off) never reads: in a CPU profile of a 20-commissioner run it was 4–5% of the runtime's samples
 * (`registerDestroyHook`), and the GC time halved without it. Manual mode creates no hook.
 */
process.env.AWS_XRAY_MANUAL_MODE ??= '1';
