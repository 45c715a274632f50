import type { OtherInstances } from '../sync/other-instances.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { SyncEndpoint } from '../sync/websocket-endpoint.ts';

/** The parts of a running server that the other instances' messages reach. */
export interface ClusterMembers {
  readonly registry: Pick<
    RoomRegistry,
    'appended' | 'catchUpAll' | 'remoteAwareness' | 'awarenessQueried' | 'queryRemoteAwareness'
  >;
  readonly sync: Pick<SyncEndpoint, 'recheckMember' | 'recheckAll'>;
}

/**
 * This server process as one of several on the same database (P8), handed to `startTierlineServer` like
 * the store, so that the server does not know how instances talk (`postgres-cluster.ts`: LISTEN/NOTIFY on
 * the database itself). Without one the server is alone: every room is alone on its log.
 */
export interface InstanceCluster {
  /** A random id of this process, on every message it sends, so it can ignore its own. */
  readonly instanceId: string;
  /** What rooms use to reach the other instances (presence). */
  readonly others: OtherInstances;
  /**
   * Starts delivering the other instances' messages to `members`: appended rows to rooms (and a periodic
   * catch-up as a safety net), their clients' presence, and rights changes to open sockets. Resolves once
   * listening.
   */
  attach(members: ClusterMembers): Promise<void>;
  /** Tells every other instance that a member's rights changed, so their sockets follow too (H2). */
  rightsChanged(memberId: string): Promise<void>;
  /** Stops listening and sending; calling it twice is harmless. */
  close(): Promise<void>;
}
