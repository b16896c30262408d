/**
 * Key lifecycle: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion, TagResource, UntagResource, ListResourceTags.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html
 * Validation words as recorded against real AWS (localstack test_kms.snapshot.json,
 * test_hmac_create_key_invalid_operations, 2023; newer enum members such as KEY_AGREEMENT are accepted but not
 * listed in the message). Key states: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 * Known deviations: keys pending deletion are never deleted; no custom key stores, imports or multi-Region
 * replicas; the KeyUsage/KeySpec compatibility matrix is not checked.
 */
import type {
  CancelKeyDeletionCommandOutput,
  CreateKeyCommandOutput,
  DescribeKeyCommandOutput,
  ListKeysCommandOutput,
  ListResourceTagsCommandOutput,
  ScheduleKeyDeletionCommandOutput,
} from '@aws-sdk/client-kms';
import { randomUUID } from 'node:crypto';
import { bool, int, list, str } from '../params.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { KMSInvalidStateException, ValidationException } from './errors.js';
import { ANY_KEY, callerAccount, OWN_KEY, resolveKey } from './identifiers.js';
import { authorizeKey, authorizePlain } from './key-auth.js';
import { defaultKeyPolicy } from './key-policy-text.js';
import { checkKeyPolicy } from './key-policy-validate.js';
import { createKeyRecord, keyMetadata } from './key-records.js';
import { enumParam, keyIdParam, kmsPage, type Input } from './params.js';
import { keyArnOf, kmsStore, type KeyRecord } from './store.js';

const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
const KEY_USAGES_SHOWN = '[ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC]';
const KEY_SPECS = [
  'RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072', 'ECC_SECG_P256K1',
  'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
] as const;
const KEY_SPECS_SHOWN =
  '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]';

type Tag = { TagKey: string; TagValue: string };

function tags(input: Input): Tag[] {
  return list<Record<string, unknown>>(input, 'Tags').map((t) => ({ TagKey: String(t['TagKey'] ?? ''), TagValue: String(t['TagValue'] ?? '') }));
}

function ownKey(ctx: OperationContext, input: Input): KeyRecord {
  return resolveKey(ctx, keyIdParam(input), OWN_KEY).key;
}

function ownKeyCheck(action: string) {
  return (ctx: OperationContext, input: Input) => {
    authorizeKey(ctx, { key: ownKey(ctx, input), action });
    return undefined;
  };
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
  Tags: Tag[];
}

function createKeyParams(input: Input): CreateKeyParams {
  const usage = enumParam(input, 'KeyUsage', KEY_USAGES, KEY_USAGES_SHOWN);
  const spec = enumParam(input, 'KeySpec', KEY_SPECS, KEY_SPECS_SHOWN) ?? enumParam(input, 'CustomerMasterKeySpec', KEY_SPECS, KEY_SPECS_SHOWN) ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT' && usage === undefined) {
    throw ValidationException('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  return {
    KeyUsage: usage ?? 'ENCRYPT_DECRYPT',
    KeySpec: spec,
    Description: str('ValidationException', input, 'Description', { max: 8192 }),
    Policy: str('ValidationException', input, 'Policy', { min: 1, max: 131072 }),
    bypass: bool(input, 'BypassPolicyLockoutSafetyCheck') ?? false,
    MultiRegion: bool(input, 'MultiRegion') ?? false,
    Tags: tags(input),
  };
}

const CreateKey: Operation<Input, Out<CreateKeyCommandOutput>> = {
  authorize(ctx, input) {
    const p = createKeyParams(input);
    authorizePlain(ctx, 'CreateKey', '*', {
      'kms:KeySpec': p.KeySpec,
      'kms:KeyUsage': p.KeyUsage,
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:MultiRegion': String(p.MultiRegion),
      'kms:BypassPolicyLockoutSafetyCheck': String(p.bypass),
      ...(p.Tags.length > 0 ? { 'aws:TagKeys': p.Tags.map((t) => t.TagKey) } : {}),
    });
    return undefined;
  },
  handler(ctx, input) {
    const p = createKeyParams(input);
    const accountId = callerAccount(ctx);
    const account = ctx.world.account(accountId);
    if (!account) throw ValidationException('CreateKey requires credentials of a principal in one of the emulated accounts');
    const KeyId = randomUUID();
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

const DescribeKey: Operation<Input, Out<DescribeKeyCommandOutput>> = {
  authorize(ctx, input) {
    const { key, alias } = resolveKey(ctx, keyIdParam(input), ANY_KEY);
    authorizeKey(ctx, { key, action: 'DescribeKey', alias }, 'DescribeKey');
    return undefined;
  },
  handler(ctx, input) {
    return { KeyMetadata: keyMetadata(resolveKey(ctx, keyIdParam(input), ANY_KEY).key) };
  },
};


const ListKeys: Operation<Input, Out<ListKeysCommandOutput>> = {
  authorize: (ctx) => {
    authorizePlain(ctx, 'ListKeys', '*');
    return undefined;
  },
  handler(ctx, input) {
    const account = ctx.world.account(callerAccount(ctx));
    const keys = account ? [...kmsStore(account, ctx.region).keys.values()] : [];
    const { page: items, Truncated, NextMarker } = kmsPage(keys, input);
    return { Keys: items.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

const EnableKey: Operation<Input, Out<object>> = {
  authorize: ownKeyCheck('EnableKey'),
  handler(ctx, input) {
    const key = ownKey(ctx, input);
    notPendingDeletion(key);
    key.KeyState = 'Enabled';
    return {};
  },
};

const DisableKey: Operation<Input, Out<object>> = {
  authorize: ownKeyCheck('DisableKey'),
  handler(ctx, input) {
    const key = ownKey(ctx, input);
    notPendingDeletion(key);
    key.KeyState = 'Disabled';
    return {};
  },
};

const ScheduleKeyDeletion: Operation<Input, Out<ScheduleKeyDeletionCommandOutput>> = {
  authorize: ownKeyCheck('ScheduleKeyDeletion'),
  handler(ctx, input) {
    const days = int('ValidationException', input, 'PendingWindowInDays', { min: 7, max: 30 }) ?? 30;
    const key = ownKey(ctx, input);
    notPendingDeletion(key);
    key.KeyState = 'PendingDeletion';
    key.DeletionDate = new Date(ctx.now().getTime() + days * 86_400_000);
    key.PendingDeletionWindowInDays = days;
    return { KeyId: key.Arn, DeletionDate: key.DeletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },
};

const CancelKeyDeletion: Operation<Input, Out<CancelKeyDeletionCommandOutput>> = {
  authorize: ownKeyCheck('CancelKeyDeletion'),
  handler(ctx, input) {
    const key = ownKey(ctx, input);
    if (key.KeyState !== 'PendingDeletion') throw KMSInvalidStateException.notPendingDeletion(key.Arn);
    key.KeyState = 'Disabled';
    delete key.DeletionDate;
    delete key.PendingDeletionWindowInDays;
    return { KeyId: key.Arn };
  },
};

const TagResource: Operation<Input, Out<object>> = {
  authorize: ownKeyCheck('TagResource'),
  handler(ctx, input) {
    const key = ownKey(ctx, input);
    for (const t of tags(input)) {
      const existing = key.Tags.find((x) => x.TagKey === t.TagKey);
      if (existing) existing.TagValue = t.TagValue;
      else key.Tags.push(t);
    }
    return {};
  },
};

const UntagResource: Operation<Input, Out<object>> = {
  authorize: ownKeyCheck('UntagResource'),
  handler(ctx, input) {
    const key = ownKey(ctx, input);
    const remove = new Set(list<string>(input, 'TagKeys'));
    key.Tags = key.Tags.filter((t) => !remove.has(t.TagKey));
    return {};
  },
};

const ListResourceTags: Operation<Input, Out<ListResourceTagsCommandOutput>> = {
  authorize: ownKeyCheck('ListResourceTags'),
  handler(ctx, input) {
    const { page: items, Truncated, NextMarker } = kmsPage(ownKey(ctx, input).Tags, input);
    return { Tags: items, Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

export const keyOperations: Record<string, Operation> = {
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
};
