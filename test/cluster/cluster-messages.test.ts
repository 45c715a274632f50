import { describe, expect, it } from 'vitest';
import {
  APPENDED_CHANNEL,
  AWARENESS_CHANNEL,
  MAX_NOTIFICATION_BYTES,
  RIGHTS_CHANNEL,
  awarenessPayload,
  parseClusterMessage,
  rightsPayload,
} from '../../server/cluster/cluster-messages.ts';

describe('what instances tell each other', () => {
  it('[P8] an awareness update round-trips; one over the NOTIFY cap is dropped, not split', () => {
    const small = new Uint8Array([1, 2, 3, 250]);
    const payload = awarenessPayload('instance-a', 'draft-1', small);
    expect(payload).toBeDefined();
    expect(parseClusterMessage(AWARENESS_CHANNEL, payload ?? '')).toEqual({
      kind: 'awareness',
      instanceId: 'instance-a',
      docId: 'draft-1',
      update: small,
    });
    // Base64 makes 5,400 bytes about 7,200: over the cap, and PostgreSQL's 8,000-byte limit is never reached.
    expect(awarenessPayload('instance-a', 'draft-1', new Uint8Array(5400))).toBeUndefined();
    expect(MAX_NOTIFICATION_BYTES).toBeLessThan(8000);
  });

  it('[P8] appended and rights notifications are read; a malformed one is refused with what was wrong', () => {
    expect(parseClusterMessage(APPENDED_CHANNEL, '{"docId":"draft-1","seq":42}')).toEqual({
      kind: 'appended',
      docId: 'draft-1',
      seq: 42,
    });
    expect(parseClusterMessage(RIGHTS_CHANNEL, rightsPayload('instance-b', 'member-7'))).toEqual({
      kind: 'rights',
      instanceId: 'instance-b',
      memberId: 'member-7',
    });
    expect(() => parseClusterMessage(APPENDED_CHANNEL, '{"docId":"draft-1","seq":"7"}')).toThrow(
      'notification on tierline_appended is not {"docId", "seq"}: {"docId":"draft-1","seq":"7"}',
    );
    expect(() => parseClusterMessage(RIGHTS_CHANNEL, 'not json')).toThrow(
      'notification on tierline_rights is not JSON: not json',
    );
  });
});
