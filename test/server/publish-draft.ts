import { api } from './test-server.ts';

/** The draft state the server shows (H6), as the publish dialog loads it for the chair to review. */
export async function draftState(url: string, cookie: string, draftId: string): Promise<string> {
  const detail = await api(url, cookie, 'GET', `/api/drafts/${draftId}`);
  const state = (detail.json as { state?: unknown } | undefined)?.state;
  if (typeof state !== 'string') throw new Error(`no draft state for ${draftId}: ${detail.text}`);
  return state;
}

/** Publishes a draft the way the dialog does: review its current state, then publish naming that state. */
export async function publishReviewed(
  url: string,
  cookie: string,
  draftId: string,
  body: Record<string, unknown>,
): ReturnType<typeof api> {
  const reviewed = await draftState(url, cookie, draftId);
  return api(url, cookie, 'POST', `/api/drafts/${draftId}/publish`, { ...body, reviewed });
}
