/**
 * Key lifecycle: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion, TagResource, UntagResource, ListResourceTags, UpdateKeyDescription.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html
 * Validation words as recorded against real AWS (localstack test_kms.snapshot.json,
 * test_hmac_create_key_invalid_operations, 2023; newer enum members such as KEY_AGREEMENT are accepted but not
 * listed in the message). Key states: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 * Known deviations: keys pending deletion are never deleted; no custom key stores, imports or multi-Region
 * replicas; the KeyUsage/KeySpec compatibility matrix is not checked.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { KMSInvalidStateException, ValidationException } from './errors.js';
import { ANY_KEY, callerAccount, OWN_KEY, resolveKey, type ResolvedKey } from './identifiers.js';
import { keyCheck, plainCheck } from './key-auth.js';
import { defaultKeyPolicy } from './key-policy-text.js';
import { checkKeyPolicy } from './key-policy-validate.js';
import { createKeyRecord, keyMetadata } from './key-records.js';
import type { KmsOperation } from './operation-names.js';
import { enumParam, integer, keyIdParam, kmsPage, text } from './params.js';
import { keyArnOf, kmsStore, type KeyRecord } from './store.js';
import { MAX_TAGS, validTags, type StoredTag } from './tag-rules.js';

const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
const KEY_USAGES_SHOWN = '[ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC]';
const KEY_SPECS = [
  'RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072', 'ECC_SECG_P256K1',
  'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
] as const;
const KEY_SPECS_SHOWN =
  '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]';


/** The caller's own key, named by key id or key ARN (the administration operations). */
function ownKey(ctx: OperationContext, input: { KeyId?: string }): KeyRecord {
  return resolveKey(ctx, keyIdParam(input.KeyId), OWN_KEY).key;
}

/** Administration of the caller's own key: resolved once, authorized by the key policy alone (no grant). */
function administration<N extends 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion' | 'TagResource' | 'UntagResource' | 'ListResourceTags'>(
  action: N,
  handler: KmsOperation<N, KeyRecord>['handler'],
): KmsOperation<N, KeyRecord> {
  return { resolve: ownKey, authorize: (ctx, _input, key) => keyCheck(ctx, { key, action }), handler };
}

function notPendingDeletion(key: KeyRecord): void {
  if (key.KeyState === 'PendingDeletion') throw KMSInvalidStateException.pendingDeletion(key.Arn);
}

interface CreateKeyParams {
  KeyUsage: string;
  KeySpec: string;
  Description?: string;
  Policy?: string;
  bypass: boolean;
  MultiRegion: boolean;
  Tags: StoredTag[];
}

const CreateKey: KmsOperation<'CreateKey', CreateKeyParams> = {
  resolve(_ctx, input) {
    const usage = enumParam('KeyUsage', input.KeyUsage, KEY_USAGES, KEY_USAGES_SHOWN);
    const spec = enumParam('KeySpec', input.KeySpec, KEY_SPECS, KEY_SPECS_SHOWN) ?? enumParam('CustomerMasterKeySpec', input.CustomerMasterKeySpec, KEY_SPECS, KEY_SPECS_SHOWN) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT' && usage === undefined) {
      throw ValidationException.message('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
    return {
      KeyUsage: usage ?? 'ENCRYPT_DECRYPT',
      KeySpec: spec,
      Description: text('Description', input.Description, { max: 8192 }),
      Policy: text('Policy', input.Policy, { min: 1, max: 131072 }),
      bypass: input.BypassPolicyLockoutSafetyCheck ?? false,
      MultiRegion: input.MultiRegion ?? false,
      Tags: validTags(input.Tags),
    };
  },
  authorize: (ctx, _input, p) =>
    plainCheck(ctx, 'CreateKey', '*', {
      'kms:KeySpec': p.KeySpec,
      'kms:KeyUsage': p.KeyUsage,
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:MultiRegion': String(p.MultiRegion),
      'kms:BypassPolicyLockoutSafetyCheck': String(p.bypass),
      ...(p.Tags.length > 0 ? { 'aws:TagKeys': p.Tags.map((t) => t.TagKey) } : {}),
    }),
  handler(ctx, _input, p) {
    const accountId = callerAccount(ctx);
    const account = ctx.world.account(accountId);
    if (!account) throw ValidationException.message('CreateKey requires credentials of a principal in one of the emulated accounts');
    // Multi-Region key ids are "mrk-" and 32 hex digits (multi-region-keys-overview.html#mrk-id).
    const KeyId = p.MultiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
    let policy = defaultKeyPolicy(accountId);
    if (p.Policy !== undefined) {
      checkKeyPolicy(ctx, p.Policy, { keyArn: keyArnOf(ctx.region, accountId, KeyId), account: accountId }, p.bypass);
      policy = p.Policy;
    }
    const key = createKeyRecord(account, ctx.region, {
      KeyId,
      Description: p.Description,
      KeyUsage: p.KeyUsage,
      KeySpec: p.KeySpec,
      Policy: policy,
      Tags: p.Tags,
      MultiRegion: p.MultiRegion,
      CreationDate: ctx.now(),
    });
    return { KeyMetadata: keyMetadata(key) };
  },
};

const DescribeKey: KmsOperation<'DescribeKey', ResolvedKey> = {
  resolve: (ctx, input) => resolveKey(ctx, keyIdParam(input.KeyId), ANY_KEY),
  authorize: (ctx, _input, { key, alias }) => keyCheck(ctx, { key, action: 'DescribeKey', alias, grantable: true }),
  handler: (_ctx, _input, { key }) => ({ KeyMetadata: keyMetadata(key) }),
};

const ListKeys: KmsOperation<'ListKeys'> = {
  authorize: (ctx) => plainCheck(ctx, 'ListKeys', '*'),
  handler(ctx, input) {
    const account = ctx.world.account(callerAccount(ctx));
    const keys = account ? [...kmsStore(account, ctx.region).keys.values()] : [];
    const { page: items, Truncated, NextMarker } = kmsPage(keys, input);
    return { Keys: items.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

const EnableKey = administration('EnableKey', (_ctx, _input, key) => {
  notPendingDeletion(key);
  key.KeyState = 'Enabled';
  return {};
});

const DisableKey = administration('DisableKey', (_ctx, _input, key) => {
  notPendingDeletion(key);
  key.KeyState = 'Disabled';
  return {};
});

const ScheduleKeyDeletion = administration('ScheduleKeyDeletion', (ctx, input, key) => {
  const days = integer('PendingWindowInDays', input.PendingWindowInDays, { min: 7, max: 30 }) ?? 30;
  notPendingDeletion(key);
  key.KeyState = 'PendingDeletion';
  key.DeletionDate = new Date(ctx.now().getTime() + days * 86_400_000);
  key.PendingDeletionWindowInDays = days;
  return { KeyId: key.Arn, DeletionDate: key.DeletionDate, KeyState: 'PendingDeletion' as const, PendingWindowInDays: days };
});

const CancelKeyDeletion = administration('CancelKeyDeletion', (_ctx, _input, key) => {
  if (key.KeyState !== 'PendingDeletion') throw KMSInvalidStateException.notPendingDeletion(key.Arn);
  key.KeyState = 'Disabled';
  delete key.DeletionDate;
  delete key.PendingDeletionWindowInDays;
  return { KeyId: key.Arn };
});

/** Description required, 0..8192 characters (API_UpdateKeyDescription); a key pending deletion cannot change. */
const UpdateKeyDescription: KmsOperation<'UpdateKeyDescription', KeyRecord> = {
  resolve(ctx, input) {
    text('Description', input.Description, { required: true, max: 8192 });
    return ownKey(ctx, input);
  },
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'UpdateKeyDescription' }),
  handler(_ctx, input, key) {
    notPendingDeletion(key);
    key.Description = input.Description ?? '';
    return {};
  },
};

const TagResource = administration('TagResource', (_ctx, input, key) => {
  for (const t of validTags(input.Tags, key.Tags)) {
    const existing = key.Tags.find((x) => x.TagKey === t.TagKey);
    if (existing) existing.TagValue = t.TagValue;
    else key.Tags.push(t);
  }
  return {};
});

const UntagResource = administration('UntagResource', (_ctx, input, key) => {
  const remove = new Set(input.TagKeys ?? []);
  key.Tags = key.Tags.filter((t) => !remove.has(t.TagKey));
  return {};
});

/** Limit 1..50, default 50 (API_ListResourceTags). */
const ListResourceTags = administration('ListResourceTags', (_ctx, input, key) => {
  const { page: items, Truncated, NextMarker } = kmsPage(key.Tags, input, { max: MAX_TAGS, default: MAX_TAGS });
  return { Tags: items, Truncated, ...(NextMarker ? { NextMarker } : {}) };
});

export const keyOperations = {
  CreateKey,
  DescribeKey,
  ListKeys,
  EnableKey,
  DisableKey,
  ScheduleKeyDeletion,
  CancelKeyDeletion,
  TagResource,
  UntagResource,
  ListResourceTags,
  UpdateKeyDescription,
};
