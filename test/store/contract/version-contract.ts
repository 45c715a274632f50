import { expect, it } from 'vitest';
import { toCanonicalJson } from '../../../src/core/canonical-json.ts';
import {
  ImmutableVersionError,
  VersionChecksumError,
  VersionExistsError,
} from '../../../server/store/store-errors.ts';
import { versionRecordOf } from '../../../server/store/version-record.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, civicLabStandard, sha256Of, versionRecord } from './sample-records.ts';

export function versionContract(context: ContractContext): void {
  it('[V1] a published version reads back byte for byte, with the checksum of its canonical JSON', () => {
    const store = context.store();
    const standard = civicLabStandard('2');
    store.versions.publishVersion(versionRecordOf(standard, 'member-1', T0));

    const stored = store.versions.getVersion('civic-lab', '2');
    expect(stored).toEqual({
      standardId: 'civic-lab',
      version: '2',
      json: toCanonicalJson(standard),
      sha256: sha256Of(toCanonicalJson(standard)),
      author: 'member-1',
      publishedAt: T0,
      status: 'published',
    });
    expect(JSON.parse(stored?.json ?? 'null')).toEqual(standard);
    expect(store.versions.getVersion('civic-lab', '9')).toBeUndefined();
    expect(store.versions.getVersion('other', '2')).toBeUndefined();
  });

  it('[V1] publishing a version label again is refused and the first version stays', () => {
    const store = context.store();
    const first = versionRecord('civic-lab', '1', T0);
    store.versions.publishVersion(first);
    const rewrite = { ...versionRecord('civic-lab', '1', T0 + 5), author: 'someone-else' };

    expect(() => store.versions.publishVersion(rewrite)).toThrow(VersionExistsError);
    expect(() => store.versions.publishVersion(rewrite)).toThrow(ImmutableVersionError);
    expect(() => store.versions.publishVersion(first)).toThrow(VersionExistsError);
    expect(store.versions.getVersion('civic-lab', '1')).toEqual(first);
    expect(store.versions.listVersions()).toHaveLength(1);
    // The same label in another standard is a different version.
    store.versions.publishVersion(versionRecord('other', '1', T0));
  });

  it('[V1] a version whose sha256 is not the hash of its JSON is refused', () => {
    const store = context.store();
    const record = versionRecord('civic-lab', '1', T0);
    const tampered = { ...record, json: record.json.replace('stand-in', 'changed') };
    expect(() => store.versions.publishVersion(tampered)).toThrow(VersionChecksumError);
    expect(store.versions.getVersion('civic-lab', '1')).toBeUndefined();
  });

  it('[V1] changing a version handed out by the store does not change the stored one', () => {
    const store = context.store();
    const record = versionRecord('civic-lab', '1', T0);
    const asPublished = { ...record };
    store.versions.publishVersion(record);
    Object.assign(record, { author: 'changed-after-publishing' });
    Object.assign(store.versions.getVersion('civic-lab', '1') ?? {}, { json: '{}\n' });
    expect(store.versions.getVersion('civic-lab', '1')).toEqual(asPublished);
  });

  it('[V1] versions are listed in publish order; standards with their count and latest version', () => {
    const store = context.store();
    const publish = (standardId: string, version: string, at: number) =>
      store.versions.publishVersion(versionRecord(standardId, version, at));
    publish('civic-lab', '2', T0 + 300);
    publish('civic-lab', '1', T0 + 100);
    publish('b-corp-like', '2024', T0 + 200);
    // Published in the same millisecond as 2: the one stored later is the latest.
    publish('civic-lab', '3', T0 + 300);

    const labels = (summaries: { standardId: string; version: string }[]) =>
      summaries.map((summary) => `${summary.standardId}@${summary.version}`);
    expect(labels(store.versions.listVersions())).toEqual([
      'civic-lab@1',
      'b-corp-like@2024',
      'civic-lab@2',
      'civic-lab@3',
    ]);
    expect(labels(store.versions.listVersions('civic-lab'))).toEqual([
      'civic-lab@1',
      'civic-lab@2',
      'civic-lab@3',
    ]);
    expect(store.versions.listVersions('nothing')).toEqual([]);
    const { json: _json, ...summary } = versionRecord('civic-lab', '1', T0 + 100);
    expect(store.versions.listVersions('civic-lab')[0]).toEqual(summary);

    expect(store.versions.listStandards()).toEqual([
      { standardId: 'b-corp-like', versionCount: 1, latestVersion: '2024', latestPublishedAt: T0 + 200 },
      { standardId: 'civic-lab', versionCount: 3, latestVersion: '3', latestPublishedAt: T0 + 300 },
    ]);
  });
}
