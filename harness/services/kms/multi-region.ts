/**
 * ReplicateKey: a replica of a multi-Region primary key in another Region of the same account, with the same key id
 * and key material (so either decrypts what the other encrypts), its own key policy, description and tags.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
 * As recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json, AWS-validated 2025): the
 * answer's ReplicaKeyMetadata is the replica in KeyState "Creating" (Enabled false, no CurrentKeyMaterialId) with
 * MultiRegionConfiguration REPLICA, and ReplicaPolicy is the policy (the default key policy when none is given),
 * afterwards DescribeKey in either Region lists the replica (test_replicate_key); replicating a key that is not a
 * multi-Region primary is UnsupportedOperationException "<arn> is not a multi-region primary key."
 * (test_replicate_replica_key_should_fail).
 * Authorization: kms:ReplicateKey on the primary key and kms:CreateKey in the replica Region (API_ReplicateKey,
 * "Required permissions").
 * Known deviations: the replica is usable at once (AWS shows "Creating" for a while); a Region that already holds a
 * replica, or the primary's own Region, is refused with the same UnsupportedOperationException words (AWS's are not
 * recorded); the primary's later changes (rotation, description) are not propagated.
 */
import type { OperationContext } from '../types.js';
import { UnsupportedOperationException, ValidationException } from './errors.js';
import { OWN_KEY, resolveKey } from './identifiers.js';
import { keyCheck, plainCheck } from './key-auth.js';
import { defaultKeyPolicy } from './key-policy-text.js';
import { checkKeyPolicy } from './key-policy-validate.js';
import { keyMetadata } from './key-records.js';
import type { KmsOperation } from './operation-names.js';
import { keyIdParam, text } from './params.js';
import { keyArnOf, kmsStore, type KeyRecord } from './store.js';
import { validTags, type StoredTag } from './tag-rules.js';

interface ReplicateRequest {
  key: KeyRecord;
  region: string;
  policy?: string;
  bypass: boolean;
  description?: string;
  tags: StoredTag[];
}

const ReplicateKey: KmsOperation<'ReplicateKey', ReplicateRequest> = {
  resolve(ctx: OperationContext, input) {
    const keyId = keyIdParam(input.KeyId);
    const region = text('ReplicaRegion', input.ReplicaRegion, { required: true, min: 1, max: 32 });
    const policy = text('Policy', input.Policy, { min: 1, max: 131072 });
    const description = text('Description', input.Description, { max: 8192 });
    const tags = validTags(input.Tags);
    return { key: resolveKey(ctx, keyId, OWN_KEY).key, region, policy, bypass: input.BypassPolicyLockoutSafetyCheck ?? false, description, tags };
  },
  authorize: (ctx, _input, { key }) => [keyCheck(ctx, { key, action: 'ReplicateKey' }), plainCheck(ctx, 'CreateKey', '*', { 'kms:MultiRegion': 'true' })],
  handler(ctx, _input, r) {
    const { key } = r;
    const mrk = key.multiRegion;
    if (!mrk || mrk.type !== 'PRIMARY' || r.region === key.region || mrk.replicas.some((x) => x.Region === r.region)) {
      throw UnsupportedOperationException(`${key.Arn} is not a multi-region primary key.`);
    }
    const account = ctx.world.account(key.account);
    if (!account) throw ValidationException.message('ReplicateKey requires the key owner to be one of the emulated accounts');
    const Arn = keyArnOf(r.region, key.account, key.KeyId);
    const policy = r.policy ?? defaultKeyPolicy(key.account);
    if (r.policy !== undefined) checkKeyPolicy(ctx, r.policy, { keyArn: Arn, account: key.account }, r.bypass);
    const replicas = [...mrk.replicas, { Arn, Region: r.region }];
    const replica: KeyRecord = {
      // The same material (never mutated in place: rotation replaces it), fresh grants and rotation history.
      ...key,
      grants: [],
      rotations: [],
      previousMaterials: [...(key.previousMaterials ?? [])],
      Arn,
      region: r.region,
      Description: r.description ?? '',
      Policy: policy,
      Tags: r.tags,
      KeyState: 'Enabled',
      CreationDate: ctx.now(),
      multiRegion: { type: 'REPLICA', primary: { ...mrk.primary }, replicas },
    };
    delete replica.DeletionDate;
    delete replica.PendingDeletionWindowInDays;
    delete replica.rotation;
    kmsStore(account, r.region).keys.set(replica.KeyId, replica);
    // Every copy of the key lists every replica.
    mrk.replicas = replicas;
    for (const other of replicas) {
      const copy = kmsStore(account, other.Region).keys.get(key.KeyId);
      if (copy?.multiRegion) copy.multiRegion.replicas = replicas.map((x) => ({ ...x }));
    }
    const { CurrentKeyMaterialId: _, ...meta } = keyMetadata(replica);
    return { ReplicaKeyMetadata: { ...meta, Enabled: false, KeyState: 'Creating' as const }, ReplicaPolicy: policy, ReplicaTags: r.tags };
  },
};

export const multiRegionOperations = { ReplicateKey };
