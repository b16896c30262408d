/**
 * AWS managed keys: `aws/s3` in each account and Region, created the first time it is needed (S3 encrypting
 * with SSE-KMS and no key id, or anyone naming alias/aws/s3 — KMS itself creates the key for a predefined AWS
 * alias: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html).
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 * Its policy lets the account's principals use it only through S3 (kms:ViaService + kms:CallerAccount) and gives
 * the account root read-only metadata access; nobody may change it (PutKeyPolicy, DisableKey,
 * ScheduleKeyDeletion… are refused by that very policy with AccessDeniedException), and no other account can use it.
 */
import type { World } from '../../world/world.js';
import { awsS3KeyPolicy } from './key-policy-text.js';
import { createKeyRecord } from './key-records.js';
import { aliasArnOf, kmsStore, type KeyRecord } from './store.js';

export type ManagedAlias = 'aws/s3';

const MANAGED: Record<ManagedAlias, { description: string; policy: (account: string, region: string) => string }> = {
  'aws/s3': {
    description: 'Default key that protects my S3 objects when no other key is defined',
    policy: awsS3KeyPolicy,
  },
};

export function isManagedAlias(name: string): name is ManagedAlias {
  return Object.hasOwn(MANAGED, name);
}

/** The AWS managed key for `alias` in `account`/`region`, created on first use. Undefined for an unknown account. */
export function awsManagedKey(world: World, accountId: string, region: string, now: Date, alias: ManagedAlias = 'aws/s3'): KeyRecord | undefined {
  const account = world.account(accountId);
  if (!account) return undefined;
  const store = kmsStore(account, region);
  const aliasName = `alias/${alias}`;
  const existing = store.aliases.get(aliasName);
  if (existing) {
    const key = store.keys.get(existing.TargetKeyId);
    if (key) return key;
  }
  const spec = MANAGED[alias];
  const key = createKeyRecord(account, region, {
    Description: spec.description,
    Policy: spec.policy(account.id, region),
    KeyManager: 'AWS',
    CreationDate: now,
  });
  store.aliases.set(aliasName, {
    AliasName: aliasName,
    AliasArn: aliasArnOf(region, account.id, aliasName),
    TargetKeyId: key.KeyId,
    CreationDate: now,
    LastUpdatedDate: now,
  });
  return key;
}
