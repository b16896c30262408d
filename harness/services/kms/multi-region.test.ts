/**
 * Multi-Region keys (key-records.ts metadata, multi-region.ts ReplicateKey) through the real @aws-sdk/client-kms over
 * both transports. Sources: localstack/localstack tests/aws/services/kms/test_kms.snapshot.json (tests marked
 * aws.validated, 2025), named on each case.
 */
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const REGION = 'us-east-1';
const OTHER = 'ap-southeast-1';
const DEFAULT_POLICY = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }],
};

describe.each(['in-process', 'http'] as const)('KMS multi-Region keys over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  let kmsOther: KMSClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
    kmsOther = new KMSClient({ ...emu.clientConfig(A), region: OTHER });
  });
  afterAll(() => emu.dispose());

  it('creates a primary key with an mrk- id and its MultiRegionConfiguration (test_create_multi_region_key)', async () => {
    const meta = (await kms.send(new CreateKeyCommand({ Description: 'test multi region key', MultiRegion: true }))).KeyMetadata!;
    expect(meta.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(meta).toMatchObject({
      Arn: `arn:aws:kms:${REGION}:${A}:key/${meta.KeyId}`,
      MultiRegion: true,
      MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: meta.Arn, Region: REGION }, ReplicaKeys: [] },
    });
    expect((await kms.send(new DescribeKeyCommand({ KeyId: meta.KeyId }))).KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('PRIMARY');
  });

  it('gives other keys no MultiRegionConfiguration (test_non_multi_region_keys_should_not_have_multi_region_properties)', async () => {
    const meta = (await kms.send(new CreateKeyCommand({ Description: 'test non multi region key' }))).KeyMetadata!;
    expect(meta.MultiRegion).toBe(false);
    expect(meta).not.toHaveProperty('MultiRegionConfiguration');
  });

  it('replicates a primary key to another Region, where it decrypts what the primary encrypted (test_replicate_key)', async () => {
    const primary = (await kms.send(new CreateKeyCommand({ Description: 'test replicated key', MultiRegion: true }))).KeyMetadata!;
    const replicaArn = `arn:aws:kms:${OTHER}:${A}:key/${primary.KeyId}`;
    // "describe-key-from-different-region": before the replica exists.
    expect(await awsError(kmsOther.send(new DescribeKeyCommand({ KeyId: primary.KeyId })))).toEqual({ code: 'NotFoundException', status: 400, message: `Key '${replicaArn}' does not exist` });
    const out = await kms.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: OTHER }));
    expect(out.ReplicaKeyMetadata).toMatchObject({
      Arn: replicaArn,
      Description: '',
      Enabled: false,
      KeyState: 'Creating',
      MultiRegion: true,
      MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: primary.Arn, Region: REGION }, ReplicaKeys: [{ Arn: replicaArn, Region: OTHER }] },
    });
    expect(out.ReplicaKeyMetadata).not.toHaveProperty('CurrentKeyMaterialId');
    expect(JSON.parse(out.ReplicaPolicy!)).toEqual(DEFAULT_POLICY);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata?.MultiRegionConfiguration?.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: OTHER }]);
    const replica = (await kmsOther.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!;
    expect(replica).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: primary.CurrentKeyMaterialId });
    // What either copy encrypts, the other decrypts (multi-region-keys-overview.html).
    const sealed = await kms.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: Buffer.from('both regions') }));
    const opened = await kmsOther.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, KeyId: replicaArn }));
    expect({ KeyId: opened.KeyId, text: new TextDecoder().decode(opened.Plaintext) }).toEqual({ KeyId: replicaArn, text: 'both regions' });
    const enc = await kmsOther.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: Buffer.from('from the replica') }));
    expect(new TextDecoder().decode((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext)).toBe('from the replica');
  });

  it('refuses to replicate a replica (test_replicate_replica_key_should_fail)', async () => {
    const primary = (await kms.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!;
    await kms.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: OTHER }));
    const replicaArn = `arn:aws:kms:${OTHER}:${A}:key/${primary.KeyId}`;
    expect(await awsError(kmsOther.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' })))).toEqual({
      code: 'UnsupportedOperationException',
      status: 400,
      message: `${replicaArn} is not a multi-region primary key.`,
    });
  });
});
