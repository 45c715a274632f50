// Preloaded (`node --import`) into a CLI process by compiled-cli.test.ts: writes the URL of every module the
// process loads, one a line, to file descriptor 3. The hook runs on the loader's own thread; a write to a
// file descriptor is process-wide, so it reaches the test all the same.
import { register } from 'node:module';

const hook = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  writeSync(3, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
