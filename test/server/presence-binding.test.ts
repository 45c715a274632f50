import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Member } from '../../server/store/store.ts';
import { colorForMember, peersFromStates } from '../../src/collab/presence.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { connectFaultClient, type FaultClient } from '../faults/sync-clients.ts';
import { awarenessMessage } from './sync-messages.ts';
import { api, rawSyncSocket, startTestServer, synced, waitFor, type TestServer } from './test-server.ts';

/** H3: presence cannot lie — the server binds each connection's awareness to its member. */

const DRAFT = 'what-works-cities-draft';

describe('presence bound to the member', { timeout: 20_000 }, () => {
  let server: TestServer;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.dispose();
  });

  let nextClientId = 200;
  const join = async (name: string, role: Member['role']) => {
    const cookie = await server.signIn(name, role);
    const member = ((await api(server.url, cookie, 'GET', '/api/session')).json as { member: Member }).member;
    const client: FaultClient = connectFaultClient(server.url, DRAFT, cookie, nextClientId++);
    cleanups.push(() => client.destroy());
    await synced(client.provider);
    return { cookie, member, client };
  };
  const statesOf = (client: FaultClient) => client.provider.awareness.getStates();
  const raw = async (cookie: string) => {
    const socket = rawSyncSocket(server, cookie, `/sync/${DRAFT}`);
    cleanups.push(() => socket.ws.terminate());
    await socket.opened;
    return socket;
  };

  it('[H3] presence always shows names from the server: a viewer claiming to be "First chair" shows as itself', async () => {
    const chair = await join('Chair Cho', 'chair');
    const viewer = await join('Viewer Vi', 'viewer');
    viewer.client.provider.awareness.setLocalState({
      user: { memberId: chair.member.id, name: 'First chair', role: 'chair', color: '#000000' },
      panel: 'criterion',
      criterion: 'c-1',
    });
    await waitFor(() => statesOf(chair.client).has(viewer.client.doc.clientID), "the viewer's presence");

    expect(statesOf(chair.client).get(viewer.client.doc.clientID)?.['user']).toEqual({
      memberId: viewer.member.id,
      name: 'Viewer Vi',
      role: 'viewer',
      color: colorForMember(viewer.member.id),
    });
    const shown = peersFromStates(statesOf(chair.client), chair.member.id).map(
      ({ name, role, criteria }) => ({
        name,
        role,
        criteria,
      }),
    );
    expect(shown).toEqual([{ name: 'Viewer Vi', role: 'viewer', criteria: ['c-1'] }]);
  });

  it("[H3] a viewer cannot overwrite or remove another member's awareness client id, nor remove it by leaving", async () => {
    const editor = await join('Editor Ed', 'editor');
    const observer = await join('Observer Olu', 'editor');
    editor.client.provider.awareness.setLocalState({ panel: 'criterion', criterion: 'c-7' });
    const editorId = editor.client.doc.clientID;
    await waitFor(
      () => statesOf(observer.client).get(editorId)?.['criterion'] === 'c-7',
      "the editor's presence",
    );

    const viewerCookie = await server.signIn('Viewer Vi', 'viewer');
    const hostile = await raw(viewerCookie);
    hostile.ws.send(
      awarenessMessage([
        { clientId: editorId, clock: 1000, state: { criterion: 'hijacked', panel: 'tiers' } },
      ]),
    );
    hostile.ws.send(awarenessMessage([{ clientId: editorId, clock: 1001, state: null }]));
    // Its own presence, after the spoofs on the same socket: once the observer sees it, the spoofs were handled.
    hostile.ws.send(awarenessMessage([{ clientId: 4242, clock: 1, state: { panel: 'criterion' } }]));
    await waitFor(() => statesOf(observer.client).has(4242), "the viewer's own presence");
    expect(statesOf(observer.client).get(editorId)?.['criterion']).toBe('c-7');
    expect((statesOf(observer.client).get(editorId)?.['user'] as { name?: string }).name).toBe('Editor Ed');

    hostile.ws.close();
    await hostile.closed;
    await waitFor(
      () => !statesOf(observer.client).has(4242),
      "the viewer's own presence to go when it leaves",
    );
    expect(statesOf(observer.client).get(editorId)?.['criterion']).toBe('c-7');
    expect(hostile.ws.readyState).toBe(hostile.ws.CLOSED);
  });

  it('[H3] honest clients, which send back every state they receive, stay connected in a room of more than 4', async () => {
    const people: Awaited<ReturnType<typeof join>>[] = [];
    for (let i = 0; i < 6; i++) people.push(await join(`Member ${i}`, 'editor'));
    const drops: number[] = [];
    for (const person of people) {
      person.client.provider.on('connection-close', (event) => drops.push(event?.code ?? 0));
      person.client.provider.awareness.setLocalState({ panel: 'criterion', criterion: null });
    }
    await waitFor(
      () => people.every((person) => statesOf(person.client).size === people.length),
      'everyone to see everyone',
    );
    // A seventh joins: each of the six receives its state and sends it back.
    const late = await join('Member 6', 'editor');
    late.client.provider.awareness.setLocalState({ panel: 'tiers', criterion: null });
    await waitFor(
      () =>
        people.every(
          (person) => statesOf(person.client).get(late.client.doc.clientID)?.['panel'] === 'tiers',
        ),
      "everyone to see the late member's presence",
    );
    expect(drops).toEqual([]);
    const first = people[0];
    if (!first) throw new Error('six people');
    const names = peersFromStates(statesOf(first.client), first.member.id)
      .filter(({ isSelf }) => !isSelf)
      .map(({ name }) => name);
    expect(names).toEqual(['Member 1', 'Member 2', 'Member 3', 'Member 4', 'Member 5', 'Member 6']);
  });

  it('[H3] one connection holds at most 4 awareness states: a fifth closes it with 4413', async () => {
    const cookie = await server.signIn('Editor Ed', 'editor');
    const hostile = await raw(cookie);
    hostile.ws.send(
      awarenessMessage(
        [1, 2, 3, 4].map((clientId) => ({ clientId, clock: 1, state: { panel: 'criterion' } })),
      ),
    );
    hostile.ws.send(awarenessMessage([{ clientId: 5, clock: 1, state: { panel: 'criterion' } }]));
    expect(await hostile.closed).toEqual({
      code: CloseCode.tooLarge,
      reason: 'more than 4 awareness states on one connection',
    });
    expect(server.logLines.some((line) => line.includes('more than 4 awareness states'))).toBe(true);
  });

  it('[H3] an awareness state over 16 KiB closes its connection with 4413', async () => {
    const cookie = await server.signIn('Editor Ed', 'editor');
    const hostile = await raw(cookie);
    hostile.ws.send(awarenessMessage([{ clientId: 9, clock: 1, state: { padding: 'x'.repeat(17 * 1024) } }]));
    const closed = await hostile.closed;
    expect(closed.code).toBe(CloseCode.tooLarge);
    expect(closed.reason).toMatch(/awareness state of \d+ bytes is over the 16384-byte limit/);
  });
});
