import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { startTierlineServer, type TierlineServer, type TierlineServerOptions } from '../../server/app.ts';
import { inviteMember } from '../../server/auth/membership.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { MemberRole } from '../../server/store/store.ts';

/**
 * The end-to-end harness: a real Tierline server (the built app in dist/, a fresh data directory
 * seeded from standards/) and Debian's Chromium driven by playwright-core, with one browser
 * context per member so each has their own cookies, storage and network switch.
 */

export const projectRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(projectRoot, 'test/e2e/screenshots');
export const WWC_DRAFT = 'what-works-cities-draft';

const CHROMIUM = process.env['TIERLINE_CHROMIUM'] ?? '/usr/bin/chromium';

export interface E2eServer {
  readonly url: string;
  readonly server: TierlineServer;
  readonly logLines: string[];
  dispose(): Promise<void>;
}

/**
 * Starts the server on a free port with a fresh, seeded data directory (removed by `dispose`);
 * `limits` lowers the sync limits for a test that must cross them.
 */
export async function startE2eServer(
  options: Pick<TierlineServerOptions, 'limits'> = {},
): Promise<E2eServer> {
  const staticDir = join(projectRoot, 'dist');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error('dist/ has no build: run `npm run test:e2e` (it builds first) or `npx vite build`');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-e2e-'));
  const logLines: string[] = [];
  const server = await startTierlineServer({
    port: 0,
    store: await openStore({ dataDir }),
    dataDir,
    standardsDir: join(projectRoot, 'standards'),
    staticDir,
    log: (line) => logLines.push(line),
    ...options,
  });
  return {
    url: server.url,
    server,
    logLines,
    dispose: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches Debian's Chromium headless. playwright-core gives every launch a fresh temporary
 * profile (user-data dir) of its own and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch(CHROMIUM_LAUNCH);
}

/** How every suite launches Chromium (also with a persistent profile: `launchPersistentContext`). */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ],
};

/** Fails with what to install when Chromium is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (never playwright install)`);
  }
}

export interface Member {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Errors the page threw or logged, for the failure message. */
  readonly errors: string[];
}

/**
 * A new browser context signed in as a new member with `role`, through the real sign-in link
 * (`/sign-in#token=…`), and checked to have dropped the token from the URL.
 */
export async function signInMember(
  browser: Browser,
  e2e: E2eServer,
  name: string,
  role: MemberRole,
): Promise<Member> {
  const context = await browser.newContext(MEMBER_VIEWPORT);
  return signInInContext(context, e2e, name, role);
}

/** The window every member's context has. */
export const MEMBER_VIEWPORT = { viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 };

/** Signs a new member in within `context` (e.g. a persistent profile), as {@link signInMember} does. */
export async function signInInContext(
  context: BrowserContext,
  e2e: E2eServer,
  name: string,
  role: MemberRole,
): Promise<Member> {
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The app asks "who am I?" before signing in; that 401 is expected.
    if (message.type() === 'error' && !message.text().includes('401'))
      errors.push(`console: ${message.text()}`);
  });
  const { token } = await inviteMember(e2e.server.store, { name, role }, Date.now());
  await page.goto(`${e2e.url}/sign-in#token=${token}`);
  await page.waitForURL(`${e2e.url}/`);
  if (page.url().includes(token)) throw new Error('the invite token stayed in the URL after sign-in');
  await page.getByTestId('account-name').waitFor();
  return { name, context, page, errors };
}

/** Drops the browser's "Failed to load resource: … 409/422" lines (or `statuses`) a test provoked on purpose. */
export function forgetExpectedRefusals(member: Member, statuses: readonly number[] = [409, 422]): void {
  const refused = new RegExp(`status of (${statuses.join('|')})`);
  const kept = member.errors.filter((error) => !refused.test(error));
  member.errors.splice(0, member.errors.length, ...kept);
}

/** Opens a draft and waits until its outline is on screen (the first sync is done). */
export async function openDraft(member: Member, e2e: E2eServer, draftId = WWC_DRAFT): Promise<void> {
  await member.page.goto(`${e2e.url}/drafts/${draftId}`);
  await member.page.getByTestId('outline-row').first().waitFor();
  await member.page.getByTestId('criterion-panel').waitFor();
}

/** The criterion codes in the outline, top to bottom. */
export async function outlineCodes(page: Page): Promise<string[]> {
  return page
    .getByTestId('outline-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code') ?? ''));
}

/** The outline row of the criterion with `code`. */
export const outlineRow = (page: Page, code: string) =>
  page.locator(`[data-testid="outline-row"][data-code="${code}"]`);

/** Opens the criterion with `code` and waits for its panel and statement editor. */
export async function openCriterion(page: Page, code: string): Promise<void> {
  await outlineRow(page, code).locator('.outline-row__main').click();
  await page.locator(`[data-testid="criterion-panel"][data-code="${code}"]`).waitFor();
  await page.getByTestId('statement-editor').waitFor();
}

/** The statement editor's text without collaborators' caret labels. */
export async function statementText(page: Page): Promise<string> {
  return page.getByTestId('statement-editor').evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent ?? '';
  });
}

/** The connection badge's kind (`connected`, `saving`, `saved`, `offline`, …). */
export async function connectionKind(page: Page): Promise<string | null> {
  return page.getByTestId('connection-badge').getAttribute('data-kind');
}

/** Waits until the connection badge shows one of `kinds`. */
export async function waitForConnection(
  page: Page,
  kinds: readonly string[],
  timeout = 20_000,
): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      wanted.includes(
        document.querySelector('[data-testid="connection-badge"]')?.getAttribute('data-kind') ?? '',
      ),
    kinds,
    { timeout, polling: 50 },
  );
}

/**
 * Polls `read` until `done` holds for its value; returns the last value. Fails with what was last
 * seen — the message says which condition never came true.
 */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeout = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** Saves a screenshot of the page as test/e2e/screenshots/<name>.png (small: 1x, viewport only). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  // Carets blink and tooltips linger: move the mouse away and let the frame settle first.
  await page.mouse.move(2, 2);
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await page.screenshot({ path, animations: 'disabled', caret: 'initial' });
  return path;
}

/** The draft as the server has it (`GET /api/drafts/:id`), fetched with `member`'s cookie. */
export async function draftOnServer(member: Member, e2e: E2eServer, draftId = WWC_DRAFT) {
  const response = await member.page.request.get(`${e2e.url}/api/drafts/${draftId}`);
  if (!response.ok()) throw new Error(`GET /api/drafts/${draftId}: ${response.status()}`);
  return (await response.json()) as {
    content: {
      criteria: { id: string; title: string; statement: string; intent?: string; points: number }[];
      tiers: { id: string; minPercent: number }[];
    };
    problems: string[];
  };
}
