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
import type { ListAliasesCommandOutput } from '@aws-sdk/client-kms';
import { str } from '../params.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { AlreadyExistsException, NotAuthorizedException, NotFoundException, ValidationException } from './errors.js';
import { callerAccount, OWN_KEY, resolveKey } from './identifiers.js';
import { authorizeKey, authorizePlain } from './key-auth.js';
import { keyIdParam, kmsPage, type Input } from './params.js';
import { aliasArnOf, kmsStoreOf, type AliasRecord, type KeyRecord, type KmsStore } from './store.js';

const ALIAS_NAME = { required: true as const, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/, patternText: '^[a-zA-Z0-9:/_-]+$' };

function aliasName(input: Input): string {
  const name = str('ValidationException', input, 'AliasName', ALIAS_NAME);
  if (!name.startsWith('alias/')) {
    throw ValidationException('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
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

function targetKey(ctx: OperationContext, input: Input): KeyRecord {
  return resolveKey(ctx, keyIdParam(input, 'TargetKeyId'), OWN_KEY).key;
}

function keyOfAlias(ctx: OperationContext, alias: AliasRecord): KeyRecord {
  const key = store(ctx).keys.get(alias.TargetKeyId);
  if (!key) throw NotFoundException.alias(alias.AliasArn);
  return key;
}

const CreateAlias: Operation<Input, Out<object>> = {
  authorize(ctx, input) {
    const name = aliasName(input);
    if (name.startsWith('alias/aws/')) throw NotAuthorizedException();
    const key = targetKey(ctx, input);
    authorizePlain(ctx, 'CreateAlias', aliasArn(ctx, name));
    authorizeKey(ctx, { key, action: 'CreateAlias' });
    return undefined;
  },
  handler(ctx, input) {
    const name = aliasName(input);
    const key = targetKey(ctx, input);
    const s = store(ctx);
    if (s.aliases.has(name)) throw AlreadyExistsException(aliasArn(ctx, name));
    const now = ctx.now();
    s.aliases.set(name, { AliasName: name, AliasArn: aliasArn(ctx, name), TargetKeyId: key.KeyId, CreationDate: now, LastUpdatedDate: now });
    return {};
  },
};

const UpdateAlias: Operation<Input, Out<object>> = {
  authorize(ctx, input) {
    const name = aliasName(input);
    if (name.startsWith('alias/aws/')) throw NotAuthorizedException();
    const alias = existingAlias(ctx, name);
    const newKey = targetKey(ctx, input);
    authorizePlain(ctx, 'UpdateAlias', alias.AliasArn);
    authorizeKey(ctx, { key: keyOfAlias(ctx, alias), action: 'UpdateAlias' });
    authorizeKey(ctx, { key: newKey, action: 'UpdateAlias' });
    return undefined;
  },
  handler(ctx, input) {
    const alias = existingAlias(ctx, aliasName(input));
    alias.TargetKeyId = targetKey(ctx, input).KeyId;
    alias.LastUpdatedDate = ctx.now();
    return {};
  },
};

const DeleteAlias: Operation<Input, Out<object>> = {
  authorize(ctx, input) {
    const name = aliasName(input);
    if (name.startsWith('alias/aws/')) throw NotAuthorizedException();
    const alias = existingAlias(ctx, name);
    authorizePlain(ctx, 'DeleteAlias', alias.AliasArn);
    authorizeKey(ctx, { key: keyOfAlias(ctx, alias), action: 'DeleteAlias' });
    return undefined;
  },
  handler(ctx, input) {
    store(ctx).aliases.delete(aliasName(input));
    return {};
  },
};

const ListAliases: Operation<Input, Out<ListAliasesCommandOutput>> = {
  authorize(ctx, input) {
    authorizePlain(ctx, 'ListAliases', '*');
    if (input['KeyId'] !== undefined) resolveKey(ctx, keyIdParam(input), OWN_KEY);
    return undefined;
  },
  handler(ctx, input) {
    const keyId = input['KeyId'] !== undefined ? resolveKey(ctx, keyIdParam(input), OWN_KEY).key.KeyId : undefined;
    const aliases = [...store(ctx).aliases.values()].filter((a) => keyId === undefined || a.TargetKeyId === keyId);
    const { page, Truncated, NextMarker } = kmsPage(aliases, input);
    return { Aliases: page.map((a) => ({ ...a })), Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

export const aliasOperations: Record<string, Operation> = { CreateAlias, UpdateAlias, DeleteAlias, ListAliases };
