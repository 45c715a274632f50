import { type ComponentType, createElement, use } from 'react';

/**
 * `React.lazy` with a second chance. `lazy` remembers a failed import for the life of the page, so a chunk
 * that could not load while offline stays broken until a reload, and the error, with no boundary to
 * catch it, unmounts the whole app: a white page. Here a failed load is forgotten when {@link ChunkBoundary}
 * retries (on the `online` event or a click), so its next render fetches it again, and the failure
 * is a {@link ChunkLoadError} the boundary can tell from a bug.
 */

/** A code chunk of the app could not be fetched (offline, or the server did not answer). */
export class ChunkLoadError extends Error {
  override readonly name = 'ChunkLoadError';
}

/** A component loaded on first render, whose chunk can also be fetched ahead of time. */
export type RetryingLazy<P extends object> = ComponentType<P> & {
  /** Starts fetching the chunk (if not fetched yet); resolves once it is here, never rejects. */
  readonly preload: () => Promise<void>;
};

/** How to forget each failed load, so the next render fetches it again. */
const failed = new Set<() => void>();

/**
 * Forgets every chunk that failed to load, so the next render of its component fetches it again. A failed
 * load must be remembered until then: React renders a component again when the promise it waited on
 * settles, and a fresh fetch on that render would loop while the network is down.
 */
export function forgetFailedChunks(): void {
  for (const forget of [...failed]) forget();
  failed.clear();
  // Vite's loader asks for each stylesheet once per page, even one that failed to load: without a fresh
  // <link> (which the browser fetches again), the retried chunk would render unstyled.
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'))
    if (stylesheetFailed(link)) refetchStylesheet(link, STYLESHEET_RETRIES);
}

let listeningForOnline = false;

/**
 * Forgets failed loads when the browser comes back online, boundary or not: a chunk whose preload failed
 * offline, and that nothing has rendered yet, must not stay failed once the network is back.
 */
function forgetWhenOnline(): void {
  if (listeningForOnline) return;
  listeningForOnline = true;
  window.addEventListener('online', forgetFailedChunks);
}

/**
 * Whether a stylesheet link holds no usable sheet. Chromium keeps a `sheet` object for a link whose fetch
 * failed, but reading its rules throws; only a loaded sheet has readable rules (ours are same-origin).
 */
function stylesheetFailed(link: HTMLLinkElement): boolean {
  if (link.sheet === null) return true;
  try {
    void link.sheet.cssRules;
    return false;
  } catch {
    return true;
  }
}

/** How often a stylesheet that fails again right after the network came back is asked for once more. */
const STYLESHEET_RETRIES = 5;
const STYLESHEET_RETRY_MS = 1000;

/**
 * Replaces a stylesheet link that failed with a fresh one, which the browser fetches again. The `online`
 * event can come a moment before requests go through, so a fresh link that fails too is retried a few
 * times, a second apart.
 */
function refetchStylesheet(link: HTMLLinkElement, retriesLeft: number): void {
  const fresh = link.cloneNode() as HTMLLinkElement;
  fresh.addEventListener(
    'error',
    () => {
      if (retriesLeft > 0)
        setTimeout(() => {
          if (fresh.isConnected) refetchStylesheet(fresh, retriesLeft - 1);
        }, STYLESHEET_RETRY_MS);
    },
    { once: true },
  );
  link.replaceWith(fresh);
}

/**
 * Chromium keeps a module whose fetch failed in its module map as failed, for the life of the page: the
 * same `import()` fails again without asking the network. So once the chunk's address is known from
 * the error, it is asked for under a fresh query, which is a new entry in that map. Nothing of the
 * chunk ran the first time, so it still runs once.
 */
function importAgain<M>(url: string | undefined, attempt: number, load: () => Promise<M>): Promise<M> {
  if (url === undefined) return load();
  const fresh = new URL(url);
  fresh.searchParams.set('retry', String(attempt));
  return import(/* @vite-ignore */ fresh.href) as Promise<M>;
}

/** The address in a failed dynamic import's error ("Failed to fetch dynamically imported module: …"). */
function failedModuleUrl(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const url = /\bhttps?:\/\/\S+?\.(?:m?js|tsx?)(?=$|[\s?#])/.exec(message)?.[0];
  return url !== undefined && url.startsWith(window.location.origin) ? url : undefined;
}

/** Like `React.lazy(load)`, but a failed load is retried after {@link forgetFailedChunks}. */
export function retryingLazy<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): RetryingLazy<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  /** The chunk's address once a fetch of it failed: the browser remembers that failure (see below). */
  let failedUrl: string | undefined;
  let attempts = 0;
  const start = (): Promise<ComponentType<P>> => {
    pending ??= importAgain(failedUrl, (attempts += 1), load).then(
      (module) => (loaded = module.default),
      (error: unknown) => {
        failedUrl ??= failedModuleUrl(error);
        failed.add(() => (pending = undefined));
        forgetWhenOnline();
        throw new ChunkLoadError(error instanceof Error ? error.message : String(error), { cause: error });
      },
    );
    return pending;
  };
  function Lazy(props: P) {
    const Component = loaded ?? use(start());
    return createElement(Component, props);
  }
  Lazy.preload = () =>
    start().then(
      () => undefined,
      () => undefined,
    );
  return Lazy;
}
