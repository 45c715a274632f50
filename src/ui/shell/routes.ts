/** The app's pages, read from the URL path (the server answers every non-file path with index.html). */
export type Route =
  | { readonly name: 'sign-in' }
  | { readonly name: 'home' }
  | { readonly name: 'draft'; readonly draftId: string; readonly view?: 'impact' }
  | { readonly name: 'versions'; readonly standardId: string }
  | { readonly name: 'diff'; readonly standardId: string }
  | { readonly name: 'members' }
  | { readonly name: 'not-found'; readonly path: string };

/** Which page a path shows. A trailing slash is ignored; draft ids are URL-decoded. */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/sign-in') return { name: 'sign-in' };
  if (path === '/members') return { name: 'members' };
  const draft = /^\/drafts\/([^/]+)(\/impact)?$/.exec(path);
  if (draft?.[1]) {
    try {
      const draftId = decodeURIComponent(draft[1]);
      return draft[2] ? { name: 'draft', draftId, view: 'impact' } : { name: 'draft', draftId };
    } catch {
      return { name: 'not-found', path };
    }
  }
  const standard = /^\/standards\/([^/]+)(\/diff)?$/.exec(path);
  if (standard?.[1]) {
    try {
      const standardId = decodeURIComponent(standard[1]);
      return standard[2] ? { name: 'diff', standardId } : { name: 'versions', standardId };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

/** Links to each page. */
export const hrefs = {
  home: '/',
  signIn: '/sign-in',
  /** Members and invites (chairs). */
  members: '/members',
  draft: (draftId: string) => `/drafts/${encodeURIComponent(draftId)}`,
  /** A draft's impact preview, full screen. */
  draftImpact: (draftId: string) => `/drafts/${encodeURIComponent(draftId)}/impact`,
  /** A standard's version history. */
  versions: (standardId: string) => `/standards/${encodeURIComponent(standardId)}`,
  /** The diff of two versions; `to` (and `from`) may be `draft:<draftId>` for a live draft. */
  diff: (standardId: string, from: string, to: string) =>
    `/standards/${encodeURIComponent(standardId)}/diff?${new URLSearchParams({ from, to }).toString()}`,
} as const;
