import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  APPENDED_CHANNEL,
  AWARENESS_CHANNEL,
  RIGHTS_CHANNEL,
  awarenessPayload,
  awarenessQueryPayload,
  parseClusterMessage,
  rightsPayload,
} from './cluster-messages.ts';
import type { ClusterMembers, InstanceCluster } from './instance-cluster.ts';
import { NotificationListener } from './notification-listener.ts';

/** Options of {@link openPostgresCluster}. */
export interface PostgresClusterOptions {
  /** The database the store uses (`TIERLINE_DATABASE_URL`). */
  readonly connectionString: string;
  /**
   * How often every held room reads the log for rows it was not notified of (a safety net: a notification
   * is only missed while the LISTEN connection is down, and reconnecting catches up too); default 3 s.
   */
  readonly catchUpMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Several server processes on one PostgreSQL (P8), relayed by the database itself: LISTEN/NOTIFY.
 *
 * - Edits: the PostgreSQL store's `appendBatch` runs `pg_notify('tierline_appended', {docId, seq})` inside
 *   its transaction, so a notification exists only for a committed append, after it is durable (P2). Here a
 *   dedicated connection LISTENs and hands `(docId, seq)` to the room holding the document, which reads the
 *   rows it has not applied. A notification that was missed (the listener was reconnecting) loses nothing:
 *   after a reconnect, and every `catchUpMs`, every held room reads by sequence anyway.
 * - Presence: awareness updates of this instance's clients go out on `tierline_awareness`, each at most
 *   7000 bytes and at most the room's budget per second (dropped, not queued, beyond either).
 * - Rights: role changes, removals and sign-outs go out on `tierline_rights`; every instance re-checks that
 *   member's sockets at once, and its 500 ms sweep stays as the safety net (H2).
 *
 * Messages are sent through one pooled connection (so they leave in order) and fire-and-forget, except
 * rights, which the request that changed them awaits.
 */
export function openPostgresCluster(options: PostgresClusterOptions): InstanceCluster {
  const log = options.log ?? ((line: string) => console.log(line));
  const instanceId = randomBytes(8).toString('hex');
  const sender = new pg.Pool({
    connectionString: options.connectionString,
    max: 1,
    application_name: 'tierline-relay-sender',
  });
  // An idle pooled connection that fails emits here; without a listener the process would crash.
  sender.on('error', (error) => log(`relay: sending connection failed: ${error.message}`));
  let sendFailing = false;
  const notify = async (channel: string, payload: string): Promise<void> => {
    try {
      await sender.query('SELECT pg_notify($1, $2)', [channel, payload]);
      sendFailing = false;
    } catch (error) {
      // Logged once per outage, not once per message: presence is sent many times a second.
      if (!sendFailing)
        log(`relay: could not notify ${channel}: ${error instanceof Error ? error.message : String(error)}`);
      sendFailing = true;
      throw error;
    }
  };
  const send = (channel: string, payload: string | undefined): void => {
    if (payload !== undefined) notify(channel, payload).catch(() => {});
  };

  let listener: NotificationListener | undefined;
  let catchUpTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const deliver = (members: ClusterMembers, channel: string, payload: string): void => {
    const message = parseClusterMessage(channel, payload);
    switch (message.kind) {
      case 'appended':
        // Our own appends come back too; the room tells them apart by sequence number.
        members.registry.appended(message.docId, message.seq);
        return;
      case 'awareness':
        if (message.instanceId !== instanceId)
          members.registry.remoteAwareness(message.instanceId, message.docId, message.update);
        return;
      case 'awareness query':
        if (message.instanceId !== instanceId) members.registry.awarenessQueried(message.docId);
        return;
      case 'rights':
        if (message.instanceId !== instanceId) void members.sync.recheckMember(message.memberId);
        return;
    }
  };

  return {
    instanceId,
    others: {
      publishAwareness: (docId, update) =>
        send(AWARENESS_CHANNEL, awarenessPayload(instanceId, docId, update)),
      queryAwareness: (docId) => send(AWARENESS_CHANNEL, awarenessQueryPayload(instanceId, docId)),
    },
    async attach(members) {
      listener = await NotificationListener.start({
        connectionString: options.connectionString,
        channels: [APPENDED_CHANNEL, AWARENESS_CHANNEL, RIGHTS_CHANNEL],
        applicationName: 'tierline-relay-listener',
        onNotification: (channel, payload) => {
          try {
            deliver(members, channel, payload);
          } catch (error) {
            log(`relay: ignored a notification: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
        onReconnected: () => {
          void members.registry.catchUpAll();
          members.registry.queryRemoteAwareness();
          // A rights message may have been missed too; the sweep would catch it within 500 ms anyway.
          void members.sync.recheckAll();
        },
        log,
      });
      catchUpTimer = setInterval(() => void members.registry.catchUpAll(), options.catchUpMs ?? 3000);
      catchUpTimer.unref();
    },
    async rightsChanged(memberId) {
      if (closed) return;
      try {
        await notify(RIGHTS_CHANNEL, rightsPayload(instanceId, memberId));
      } catch {
        // Logged by `notify`; the other instances' 500 ms sweep applies the change anyway (H2).
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (catchUpTimer) clearInterval(catchUpTimer);
      await listener?.close();
      await sender.end();
    },
  };
}
