import { expect, it } from 'vitest';
import { standardFileText } from '../../../src/core/document-files.ts';
import {
  ImmutableVersionError,
  VersionChecksumError,
  VersionExistsError,
} from '../../../server/store/store-errors.ts';
import { versionRecordOf } from '../../../server/store/version-record.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, civicLabStandard, sha256Of, versionRecord } from './sample-records.ts';

export function versionContract(context: ContractContext): void {
  it('[V1] a published version reads back byte for byte, with the checksum of its canonical JSON', async () => {
    const store = context.store();
    const standard = civicLabStandard('2');
    await store.versions.publishVersion(versionRecordOf(standard, 'member-1', T0));

    const stored = await store.versions.getVersion('civic-lab', '2');
    expect(stored).toEqual({
      standardId: 'civic-lab',
      version: '2',
      json: standardFileText(standard),
      sha256: sha256Of(standardFileText(standard)),
      author: 'member-1',
      publishedAt: T0,
      status: 'published',
    });
    // Byte for byte what `standards/` files hold: canonical JSON that names its schema first.
    expect(JSON.parse(stored?.json ?? 'null')).toEqual({
      $schema: '../schema/standard.schema.json',
      ...standard,
    });
    expect(await store.versions.getVersion('civic-lab', '9')).toBeUndefined();
    expect(await store.versions.getVersion('other', '2')).toBeUndefined();
  });

  it('[V1] publishing a version label again is refused and the first version stays', async () => {
    const store = context.store();
    const first = versionRecord('civic-lab', '1', T0);
    await store.versions.publishVersion(first);
    const rewrite = { ...versionRecord('civic-lab', '1', T0 + 5), author: 'someone-else' };

    await expect(store.versions.publishVersion(rewrite)).rejects.toThrow(VersionExistsError);
    await expect(store.versions.publishVersion(rewrite)).rejects.toThrow(ImmutableVersionError);
    await expect(store.versions.publishVersion(first)).rejects.toThrow(VersionExistsError);
    expect(await store.versions.getVersion('civic-lab', '1')).toEqual(first);
    expect(await store.versions.listVersions()).toHaveLength(1);
    // The same label in another standard is a different version.
    await store.versions.publishVersion(versionRecord('other', '1', T0));
  });

  it('[V1] a version whose sha256 is not the hash of its JSON is refused', async () => {
    const store = context.store();
    const record = versionRecord('civic-lab', '1', T0);
    const tampered = { ...record, json: record.json.replace('stand-in', 'changed') };
    await expect(store.versions.publishVersion(tampered)).rejects.toThrow(VersionChecksumError);
    expect(await store.versions.getVersion('civic-lab', '1')).toBeUndefined();
  });

  it('[V1] changing a version handed out by the store does not change the stored one', async () => {
    const store = context.store();
    const record = versionRecord('civic-lab', '1', T0);
    const asPublished = { ...record };
    await store.versions.publishVersion(record);
    Object.assign(record, { author: 'changed-after-publishing' });
    Object.assign((await store.versions.getVersion('civic-lab', '1')) ?? {}, { json: '{}\n' });
    expect(await store.versions.getVersion('civic-lab', '1')).toEqual(asPublished);
  });

  it('[V1] versions are listed in publish order; standards with their count and latest version', async () => {
    const store = context.store();
    const publish = async (standardId: string, version: string, at: number) =>
      await store.versions.publishVersion(versionRecord(standardId, version, at));
    await publish('civic-lab', '2', T0 + 300);
    await publish('civic-lab', '1', T0 + 100);
    await publish('b-corp-like', '2024', T0 + 200);
    // Published in the same millisecond as 2: the one stored later is the latest.
    await publish('civic-lab', '3', T0 + 300);

    const labels = (summaries: { standardId: string; version: string }[]) =>
      summaries.map((summary) => `${summary.standardId}@${summary.version}`);
    expect(labels(await store.versions.listVersions())).toEqual([
      'civic-lab@1',
      'b-corp-like@2024',
      'civic-lab@2',
      'civic-lab@3',
    ]);
    expect(labels(await store.versions.listVersions('civic-lab'))).toEqual([
      'civic-lab@1',
      'civic-lab@2',
      'civic-lab@3',
    ]);
    expect(await store.versions.listVersions('nothing')).toEqual([]);
    const { json: _json, ...summary } = versionRecord('civic-lab', '1', T0 + 100);
    expect((await store.versions.listVersions('civic-lab'))[0]).toEqual(summary);

    expect(await store.versions.listStandards()).toEqual([
      { standardId: 'b-corp-like', versionCount: 1, latestVersion: '2024', latestPublishedAt: T0 + 200 },
      { standardId: 'civic-lab', versionCount: 3, latestVersion: '3', latestPublishedAt: T0 + 300 },
    ]);
  });
}
