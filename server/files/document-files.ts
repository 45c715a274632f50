import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type AssessmentFile, parseAssessments } from '../../src/core/assessment.ts';
import { detectKind, parseJsonText } from '../../src/core/load-documents.ts';
import { type Problem } from '../../src/core/problems.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';

/**
 * Reading Tierline documents from disk: the one place the CLI and the server touch `standards/`.
 * Every failure names the file; nothing here writes.
 */

export type LoadedDocument =
  | { readonly kind: 'standard'; readonly file: string; readonly standard: Standard }
  | { readonly kind: 'assessments'; readonly file: string; readonly assessments: AssessmentFile }
  /** A generated JSON Schema (standards/schema/*.json): not a document, skipped by validation. */
  | { readonly kind: 'json-schema'; readonly file: string };

export type LoadOutcome =
  | { readonly ok: true; readonly document: LoadedDocument }
  | { readonly ok: false; readonly file: string; readonly problems: Problem[] };

/** Reads, parses, migrates and shape-checks one file. Cross-references are checked by the caller. */
export function loadDocumentFile(file: string): LoadOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return { ok: false, file, problems: [{ path: '', message: `cannot read file: ${reason}` }] };
  }
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, file, problems: json.problems };
  const raw = json.value;
  const kind = detectKind(raw);
  if (kind === 'standard') {
    const parsed = parseStandard(raw);
    return parsed.ok
      ? { ok: true, document: { kind, file, standard: parsed.value } }
      : { ok: false, file, problems: parsed.problems };
  }
  if (kind === 'assessments') {
    const parsed = parseAssessments(raw);
    return parsed.ok
      ? { ok: true, document: { kind, file, assessments: parsed.value } }
      : { ok: false, file, problems: parsed.problems };
  }
  if (typeof raw === 'object' && raw !== null && '$schema' in raw) {
    return { ok: true, document: { kind: 'json-schema', file } };
  }
  return {
    ok: false,
    file,
    problems: [{ path: 'kind', message: 'expected "standard" or "assessments": is this a Tierline file?' }],
  };
}

/**
 * Every version of one standard found as `*.json` directly in `dir`, keyed by version label.
 * Files that are not versions of `standardId` are ignored; unreadable or invalid ones are reported.
 */
export function loadVersionsFromDir(
  dir: string,
  standardId: string,
): { versions: Map<string, Standard>; failures: Extract<LoadOutcome, { ok: false }>[] } {
  const versions = new Map<string, Standard>();
  const failures: Extract<LoadOutcome, { ok: false }>[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return { versions, failures };
  }
  for (const name of names.sort()) {
    const loaded = loadDocumentFile(join(dir, name));
    if (!loaded.ok) {
      failures.push(loaded);
      continue;
    }
    const document = loaded.document;
    if (document.kind === 'standard' && document.standard.id === standardId) {
      versions.set(document.standard.version, document.standard);
    }
  }
  return { versions, failures };
}

/**
 * Folders where the versions of a document's standard conventionally live: its own folder, and for
 * assessment files kept in `standards/<id>/assessments/`, the folder above.
 */
export function versionFoldersFor(file: string): string[] {
  const own = dirname(resolve(file));
  return basename(own) === 'assessments' ? [own, dirname(own)] : [own];
}

/**
 * Expands the arguments of `tierline validate`: plain files as given, folders recursively, and
 * quoted glob patterns (`standards/**\/*.json`) for shells without globstar.
 */
export function expandFileArguments(args: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const arg of args) {
    if (/[*?]/.test(arg)) {
      files.push(...expandGlob(arg, cwd));
      continue;
    }
    const full = resolve(cwd, arg);
    if (isDirectory(full)) files.push(...walkJsonFiles(full).map((file) => relativeTo(cwd, file)));
    else files.push(arg);
  }
  return [...new Set(files)];
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function walkJsonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walkJsonFiles(full));
    else if (entry.name.endsWith('.json')) found.push(full);
  }
  return found;
}

function expandGlob(pattern: string, cwd: string): string[] {
  const segments = pattern.split('/');
  const firstWild = segments.findIndex((segment) => /[*?]/.test(segment));
  const base = segments.slice(0, firstWild).join('/') || '.';
  const matcher = globToRegExp(segments.slice(firstWild).join('/'));
  const root = resolve(cwd, base);
  if (!isDirectory(root)) return [pattern];
  const matches = walkAllFiles(root)
    .map((file) => file.slice(root.length + 1))
    .filter((relative) => matcher.test(relative))
    .map((relative) => (base === '.' ? relative : `${base}/${relative}`));
  return matches.length > 0 ? matches : [pattern];
}

function walkAllFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...walkAllFiles(full));
    } else found.push(full);
  }
  return found;
}

/** `**` matches any number of folders (including none), `*` and `?` stay within one name. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function relativeTo(cwd: string, file: string): string {
  const root = resolve(cwd);
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}
