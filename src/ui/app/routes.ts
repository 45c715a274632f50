/** The app's pages, read from the URL path (the server answers every non-file path with index.html). */
export type Route =
  | { readonly name: 'sign-in' }
  | { readonly name: 'home' }
  | { readonly name: 'draft'; readonly draftId: string }
  | { readonly name: 'not-found'; readonly path: string };

/** Which page a path shows. A trailing slash is ignored; draft ids are URL-decoded. */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/sign-in') return { name: 'sign-in' };
  const draft = /^\/drafts\/([^/]+)$/.exec(path);
  if (draft?.[1]) {
    try {
      return { name: 'draft', draftId: decodeURIComponent(draft[1]) };
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
  draft: (draftId: string) => `/drafts/${encodeURIComponent(draftId)}`,
} as const;
