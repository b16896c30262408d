/**
 * CreateAlias, UpdateAlias, DeleteAlias, ListAliases.
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
 * An alias operation needs permission on the alias (IAM policy only; aliases have no resource policy) and on the
 * key (key policy): kms:CreateAlias / kms:DeleteAlias on both, kms:UpdateAlias on the alias and on the old and the
 * new key (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html#alias-access-update).
 * Words: missing "alias/" prefix → ValidationException (localstack snapshot test_create_alias, recorded against
 * AWS); the reserved alias/aws/ prefix → NotAuthorizedException with no message; an existing name →
 * AlreadyExistsException "An alias with the name <alias-arn> already exists" (crossplane-contrib/provider-aws#1741);
 * an unknown alias → NotFoundException "Alias <alias-arn> is not found.".
 * Known deviations: ListAliases does not list predefined AWS aliases that have no key yet.
 */
import type { OperationContext } from '../types.js';
import { AlreadyExistsException, NotAuthorizedException, NotFoundException, ValidationException } from './errors.js';
import { callerAccount, OWN_KEY, resolveKey } from './identifiers.js';
import { keyCheck, plainCheck } from './key-auth.js';
import type { KmsOperation } from './operation-names.js';
import { keyIdParam, kmsPage, text } from './params.js';
import { aliasArnOf, kmsStoreOf, type AliasRecord, type KeyRecord, type KmsStore } from './store.js';

const ALIAS_NAME = { required: true as const, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/, patternText: '^[a-zA-Z0-9:/_-]+$' };

/** A name the caller may create, move or delete: "alias/…", outside the reserved alias/aws/. */
function customerAliasName(value: string | undefined): string {
  const name = text('AliasName', value, ALIAS_NAME);
  if (!name.startsWith('alias/')) {
    throw ValidationException.message('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (name.startsWith('alias/aws/')) throw NotAuthorizedException();
  return name;
}

function store(ctx: OperationContext): KmsStore {
  const s = kmsStoreOf(ctx.world, callerAccount(ctx), ctx.region);
  if (!s) throw NotFoundException.invalidKeyId(callerAccount(ctx));
  return s;
}

function aliasArn(ctx: OperationContext, name: string): string {
  return aliasArnOf(ctx.region, callerAccount(ctx), name);
}

function existingAlias(ctx: OperationContext, name: string): AliasRecord {
  const alias = store(ctx).aliases.get(name);
  if (!alias) throw NotFoundException.alias(aliasArn(ctx, name));
  return alias;
}

function targetKey(ctx: OperationContext, value: string | undefined): KeyRecord {
  return resolveKey(ctx, keyIdParam(value, 'TargetKeyId'), OWN_KEY).key;
}

function keyOfAlias(ctx: OperationContext, alias: AliasRecord): KeyRecord {
  const key = store(ctx).keys.get(alias.TargetKeyId);
  if (!key) throw NotFoundException.alias(alias.AliasArn);
  return key;
}

const CreateAlias: KmsOperation<'CreateAlias', { name: string; key: KeyRecord }> = {
  resolve(ctx, input) {
    const name = customerAliasName(input.AliasName);
    return { name, key: targetKey(ctx, input.TargetKeyId) };
  },
  authorize: (ctx, _input, { name, key }) => [plainCheck(ctx, 'CreateAlias', aliasArn(ctx, name)), keyCheck(ctx, { key, action: 'CreateAlias' })],
  handler(ctx, _input, { name, key }) {
    const s = store(ctx);
    if (s.aliases.has(name)) throw AlreadyExistsException(aliasArn(ctx, name));
    const now = ctx.now();
    s.aliases.set(name, { AliasName: name, AliasArn: aliasArn(ctx, name), TargetKeyId: key.KeyId, CreationDate: now, LastUpdatedDate: now });
    return {};
  },
};

const UpdateAlias: KmsOperation<'UpdateAlias', { alias: AliasRecord; oldKey: KeyRecord; newKey: KeyRecord }> = {
  resolve(ctx, input) {
    const alias = existingAlias(ctx, customerAliasName(input.AliasName));
    const newKey = targetKey(ctx, input.TargetKeyId);
    return { alias, newKey, oldKey: keyOfAlias(ctx, alias) };
  },
  authorize: (ctx, _input, { alias, oldKey, newKey }) => [
    plainCheck(ctx, 'UpdateAlias', alias.AliasArn),
    keyCheck(ctx, { key: oldKey, action: 'UpdateAlias' }),
    keyCheck(ctx, { key: newKey, action: 'UpdateAlias' }),
  ],
  handler(ctx, _input, { alias, newKey }) {
    alias.TargetKeyId = newKey.KeyId;
    alias.LastUpdatedDate = ctx.now();
    return {};
  },
};

const DeleteAlias: KmsOperation<'DeleteAlias', { alias: AliasRecord; key: KeyRecord }> = {
  resolve(ctx, input) {
    const alias = existingAlias(ctx, customerAliasName(input.AliasName));
    return { alias, key: keyOfAlias(ctx, alias) };
  },
  authorize: (ctx, _input, { alias, key }) => [plainCheck(ctx, 'DeleteAlias', alias.AliasArn), keyCheck(ctx, { key, action: 'DeleteAlias' })],
  handler(ctx, _input, { alias }) {
    store(ctx).aliases.delete(alias.AliasName);
    return {};
  },
};

/** ListAliases is authorized on '*' before its KeyId is looked up, so only the handler resolves it. */
const ListAliases: KmsOperation<'ListAliases'> = {
  authorize: (ctx) => plainCheck(ctx, 'ListAliases', '*'),
  handler(ctx, input) {
    const keyId = input.KeyId !== undefined ? resolveKey(ctx, keyIdParam(input.KeyId), OWN_KEY).key.KeyId : undefined;
    const aliases = [...store(ctx).aliases.values()].filter((a) => keyId === undefined || a.TargetKeyId === keyId);
    const { page, Truncated, NextMarker } = kmsPage(aliases, input);
    return { Aliases: page.map((a) => ({ ...a })), Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

export const aliasOperations = { CreateAlias, UpdateAlias, DeleteAlias, ListAliases };
