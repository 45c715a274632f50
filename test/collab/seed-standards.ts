import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Standard, parseStandard } from '../../src/core/standard.ts';

/** A standard version file from `standards/`, with its exact bytes. */
export interface SeedStandard {
  readonly path: string;
  readonly text: string;
  readonly standard: Standard;
}

const STANDARDS_DIR = join(import.meta.dirname, '..', '..', 'standards');

/** Every `standards/**\/*.json` file whose `kind` is `standard`, parsed; throws if one does not parse. */
export function seedStandards(): SeedStandard[] {
  return readdirSync(STANDARDS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.json'))
    .sort()
    .flatMap((path) => {
      const text = readFileSync(join(STANDARDS_DIR, path), 'utf8');
      const raw: unknown = JSON.parse(text);
      if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== 'standard')
        return [];
      const parsed = parseStandard(raw);
      if (!parsed.ok) throw new Error(`${path} does not parse: ${JSON.stringify(parsed.problems)}`);
      return [{ path: `standards/${path}`, text, standard: parsed.value }];
    });
}
