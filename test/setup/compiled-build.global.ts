import { ensureCompiledBuild } from './compiled-build.ts';

/** Vitest global setup: compile the server and CLI once, before the workers that spawn them start. */
export default function setup(): void {
  ensureCompiledBuild();
}
