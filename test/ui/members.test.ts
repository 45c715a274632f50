import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from '../../src/ui/shell/api-client.ts';
import { hrefs, parseRoute } from '../../src/ui/shell/routes.ts';
import { type CommitteeMember, membersApi } from '../../src/ui/members/members-api.ts';
import {
  lastChairReason,
  lastSignInLabel,
  relativeTime,
  sortMembers,
} from '../../src/ui/members/members-model.ts';
import { versionsApi } from '../../src/ui/versions/versions-api.ts';

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | null;
  readonly body: string | null;
}

/** Replaces `fetch` with one that records each request and answers `reply` (status, JSON). */
function stubFetch(reply: (sent: Sent) => { status: number; json?: unknown }): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const request: Sent = {
      method: init.method ?? 'GET',
      path,
      contentType: headers.get('content-type'),
      body: typeof init.body === 'string' ? init.body : null,
    };
    sent.push(request);
    const { status, json } = reply(request);
    return Promise.resolve(
      new Response(status === 204 || json === undefined ? null : JSON.stringify(json), { status }),
    );
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const member = (
  id: string,
  name: string,
  role: CommitteeMember['role'],
  lastSignInAt: string | null = null,
) => ({
  id,
  name,
  role,
  joinedAt: '2025-01-02T10:00:00.000Z',
  lastSignInAt,
});

describe('the members page (H8, P3)', () => {
  it('[H8] /members is a page of its own', () => {
    expect(parseRoute('/members')).toEqual({ name: 'members' });
    expect(parseRoute('/members/')).toEqual({ name: 'members' });
    expect(hrefs.members).toBe('/members');
  });

  it('[H8] members are listed chairs first, then editors and viewers, by name', () => {
    const sorted = sortMembers([
      member('3', 'Zoe', 'viewer'),
      member('1', 'Ben', 'editor'),
      member('2', 'Ana', 'editor'),
      member('4', 'Yan', 'chair'),
    ]);
    expect(sorted.map((entry) => entry.name)).toEqual(['Yan', 'Ana', 'Ben', 'Zoe']);
  });

  it('[H8] the page warns before the last chair is removed or demoted, and not otherwise', () => {
    const chair = member('1', 'Ana', 'chair');
    const alone = [chair, member('2', 'Ben', 'editor')];
    expect(lastChairReason(alone, chair, { role: 'viewer' })).toMatch(/only chair/);
    expect(lastChairReason(alone, chair, 'remove')).toMatch(/Make someone else a chair first/);
    expect(lastChairReason(alone, chair, { role: 'chair' })).toBeNull();
    const two = [chair, member('3', 'Cy', 'chair')];
    expect(lastChairReason(two, chair, 'remove')).toBeNull();
  });

  it('[H8] "last signed in" reads as a relative time, or Never', () => {
    const now = Date.parse('2025-03-10T12:00:00.000Z');
    expect(lastSignInLabel(member('1', 'Ana', 'editor'), now, 'en')).toBe('Never');
    expect(lastSignInLabel(member('1', 'Ana', 'editor', '2025-03-10T09:00:00.000Z'), now, 'en')).toBe(
      '3 hours ago',
    );
    expect(relativeTime('2025-03-10T11:59:40.000Z', now, 'en')).toBe('just now');
    expect(relativeTime('2025-03-17T12:00:00.000Z', now, 'en')).toBe('next week');
  });

  it('[H8] each call goes to the agreed endpoint, with its method and body', async () => {
    const sent = stubFetch(({ method }) =>
      method === 'DELETE' ? { status: 204 } : { status: method === 'POST' ? 201 : 200, json: {} },
    );
    await membersApi.members();
    await membersApi.changeRole('m/1', 'viewer');
    await membersApi.remove('m/1');
    await membersApi.invites();
    await membersApi.invite({ name: 'Dana', role: 'editor' });
    await membersApi.revokeInvite('i1');
    expect(sent.map(({ method, path, body }) => [method, path, body])).toEqual([
      ['GET', '/api/members', null],
      ['PATCH', '/api/members/m%2F1', '{"role":"viewer"}'],
      ['DELETE', '/api/members/m%2F1', null],
      ['GET', '/api/invites', null],
      ['POST', '/api/invites', '{"name":"Dana","role":"editor"}'],
      ['DELETE', '/api/invites/i1', null],
    ]);
  });

  it('[H8] the server’s 409 for the last chair comes back as its own message, to show inline', async () => {
    stubFetch(() => ({ status: 409, json: { error: 'the committee needs at least one chair' } }));
    const refused = membersApi.changeRole('m1', 'viewer');
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 409,
      message: 'the committee needs at least one chair',
    });
  });
});

describe('every JSON body is sent as application/json (H5)', () => {
  it('[H5] each request with a body says content-type: application/json; one without says nothing', async () => {
    const sent = stubFetch(() => ({ status: 200, json: {} }));
    await api.signIn('token');
    await membersApi.invite({ name: 'Dana', role: 'viewer' });
    await membersApi.changeRole('m1', 'editor');
    await versionsApi.startDraft({ standard: 's', fromVersion: '1.0', title: 't' });
    await versionsApi.importFile({ as: 'draft', text: '{}' });
    await versionsApi.publish('d', { version: '2.0', status: 'published', reviewed: 'abc' });
    await api.signOut();
    await membersApi.members();
    const withBody = sent.filter((request) => request.body !== null);
    expect(withBody).toHaveLength(6);
    for (const request of withBody) expect(request.contentType, request.path).toBe('application/json');
    for (const request of sent.filter((candidate) => candidate.body === null))
      expect(request.contentType, request.path).toBeNull();
  });
});
