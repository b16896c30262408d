/**
 * Resolving a KeyId parameter: key id, key ARN, alias name (alias/…) or alias ARN.
 * https://docs.aws.amazon.com/kms/latest/developerguide/find-cmk-id-arn.html
 * - A key id or alias name resolves in the caller's own account and the request's Region, so another account's
 *   key can only be reached by key ARN or alias ARN ("To specify a KMS key in a different AWS account, you must
 *   use the key ARN or alias ARN", API_Encrypt KeyId).
 * - An ARN naming another Region: NotFoundException "Invalid arn <region>" (E009); a missing key: "Key '<arn>'
 *   does not exist" (E007); a value of no known form: "Invalid keyId '<value>'" (E008).
 * - Operations KMS does not allow across accounts (GetKeyPolicy, PutKeyPolicy, EnableKey, ScheduleKeyDeletion…)
 *   look the key up in the caller's account only. Deviation: for another account's key ARN we answer
 *   NotFoundException "Key '<arn>' does not exist"; the exact AWS answer is not recorded.
 * - Operations that take only a key id or key ARN answer "Invalid keyId '<alias>'" for an alias (not recorded).
 */
import { NotFoundException } from './errors.js';
import { isManagedAlias, awsManagedKey } from './managed-keys.js';
import { aliasArnOf, keyArnOf, kmsStoreOf, type KeyRecord } from './store.js';
import type { OperationContext } from '../types.js';

const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.*)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

export type KeyRef =
  | { kind: 'keyId'; id: string }
  | { kind: 'keyArn'; region: string; account: string; id: string; arn: string }
  | { kind: 'aliasName'; name: string }
  | { kind: 'aliasArn'; region: string; account: string; name: string; arn: string };

export function parseKeyRef(value: string): KeyRef {
  if (KEY_ID.test(value)) return { kind: 'keyId', id: value };
  let m = KEY_ARN.exec(value);
  if (m) return { kind: 'keyArn', region: m[1]!, account: m[2]!, id: m[3]!, arn: value };
  m = ALIAS_ARN.exec(value);
  if (m) return { kind: 'aliasArn', region: m[1]!, account: m[2]!, name: m[3]!, arn: value };
  if (value.startsWith('alias/') && value.length > 'alias/'.length) return { kind: 'aliasName', name: value };
  throw NotFoundException.invalidKeyId(value);
}

export interface ResolveOptions {
  /** Whether the operation accepts alias names and alias ARNs. */
  aliases: boolean;
  /** Whether the operation may use a key in another account (by ARN). */
  crossAccount: boolean;
}

export interface ResolvedKey {
  key: KeyRecord;
  /** The alias name the caller used, for kms:RequestAlias. */
  alias?: string;
}

export function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

function findKey(ctx: OperationContext, account: string, region: string, id: string): KeyRecord {
  const key = kmsStoreOf(ctx.world, account, region)?.keys.get(id);
  if (!key) throw NotFoundException.key(keyArnOf(region, account, id));
  return key;
}

function findAlias(ctx: OperationContext, account: string, region: string, name: string): KeyRecord {
  const store = kmsStoreOf(ctx.world, account, region);
  const alias = store?.aliases.get(name);
  if (alias) {
    const key = store!.keys.get(alias.TargetKeyId);
    if (key) return key;
  }
  const managed = name.slice('alias/'.length);
  if (!alias && account === ctx.principal.account && isManagedAlias(managed)) {
    const key = awsManagedKey(ctx.world, account, region, ctx.now(), managed);
    if (key) return key;
  }
  throw NotFoundException.alias(aliasArnOf(region, account, name));
}

export function resolveKey(ctx: OperationContext, value: string, opts: ResolveOptions): ResolvedKey {
  const ref = parseKeyRef(value);
  const caller = callerAccount(ctx);
  switch (ref.kind) {
    case 'keyId':
      return { key: findKey(ctx, caller, ctx.region, ref.id) };
    case 'keyArn':
      if (ref.region !== ctx.region) throw NotFoundException.invalidArn(ref.region);
      if (!KEY_ID.test(ref.id)) throw NotFoundException.invalidKeyId(value);
      if (!opts.crossAccount && ref.account !== caller) throw NotFoundException.key(ref.arn);
      return { key: findKey(ctx, ref.account, ref.region, ref.id) };
    case 'aliasName':
      if (!opts.aliases) throw NotFoundException.invalidKeyId(value);
      return { key: findAlias(ctx, caller, ctx.region, ref.name), alias: ref.name };
    case 'aliasArn':
      if (!opts.aliases) throw NotFoundException.invalidKeyId(value);
      if (ref.region !== ctx.region) throw NotFoundException.invalidArn(ref.region);
      if (!opts.crossAccount && ref.account !== caller) throw NotFoundException.alias(ref.arn);
      return { key: findAlias(ctx, ref.account, ref.region, ref.name), alias: ref.name };
  }
}

/** A key in the caller's account by key id or key ARN only (aliases, key policies, grants administration). */
export const OWN_KEY: ResolveOptions = { aliases: false, crossAccount: false };
/** Cryptographic operations and DescribeKey: any form, any account by ARN. */
export const ANY_KEY: ResolveOptions = { aliases: true, crossAccount: true };
/** Grant operations: key id or key ARN, any account by ARN. */
export const KEY_ONLY_ANY_ACCOUNT: ResolveOptions = { aliases: false, crossAccount: true };
