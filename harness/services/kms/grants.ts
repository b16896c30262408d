/**
 * CreateGrant, ListGrants, RevokeGrant, RetireGrant: how AWS services (and other accounts) get to use a key
 * without a key policy change. https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 * A grant's operations are allowed to its grantee principal by key-auth.ts (checked alongside the key policy).
 * CreateGrant may itself be allowed by a grant that includes CreateGrant. Retiring: the retiring principal, or the
 * grantee when the grant includes RetireGrant, may always retire; anyone else needs kms:RetireGrant from the key
 * policy (https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html).
 * Known deviations: grant tokens are accepted but not required (grants are effective at once); the wording for an
 * unknown grant id ("Grant ID <id> not found", NotFoundException) is not recorded; Name-based idempotency returns
 * the earlier grant when name, grantee and operations match.
 */
import { randomBytes } from 'node:crypto';
import type { CreateGrantCommandOutput, ListGrantsCommandOutput } from '@aws-sdk/client-kms';
import { constraintError } from '../param-errors.js';
import { list, str } from '../params.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { InvalidGrantTokenException, NotFoundException } from './errors.js';
import { KEY_ONLY_ANY_ACCOUNT, resolveKey } from './identifiers.js';
import { authorizeKey, granteeMatches } from './key-auth.js';
import { keyIdParam, kmsPage, type Input } from './params.js';
import { kmsStoreOf, type GrantRecord, type KeyRecord } from './store.js';

const OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign',
  'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
];

function tokenIndex(ctx: OperationContext): Map<string, { account: string; region: string; keyId: string; grantId: string }> {
  return ctx.world.global('kms/grant-tokens', () => new Map());
}

function grantKey(ctx: OperationContext, input: Input): KeyRecord {
  return resolveKey(ctx, keyIdParam(input), KEY_ONLY_ANY_ACCOUNT).key;
}

interface CreateGrantParams {
  grantee: string;
  retiring?: string;
  operations: string[];
  constraints?: GrantRecord['Constraints'];
  name?: string;
}

function createGrantParams(input: Input): CreateGrantParams {
  const grantee = str('ValidationException', input, 'GranteePrincipal', { required: true, min: 1, max: 256 });
  const retiring = str('ValidationException', input, 'RetiringPrincipal', { min: 1, max: 256 });
  const operations = list<string>(input, 'Operations');
  if (operations.length === 0) throw constraintError('ValidationException', 'Operations', undefined, 'Member must not be null');
  for (const op of operations) {
    if (!OPERATIONS.includes(op)) {
      throw constraintError('ValidationException', 'Operations', `[${operations.join(', ')}]`, `Member must satisfy constraint: [Member must satisfy enum value set: [${OPERATIONS.join(', ')}]]`);
    }
  }
  const c = input['Constraints'] as Record<string, unknown> | undefined;
  const constraints: GrantRecord['Constraints'] = c
    ? {
        ...(c['EncryptionContextSubset'] ? { EncryptionContextSubset: c['EncryptionContextSubset'] as Record<string, string> } : {}),
        ...(c['EncryptionContextEquals'] ? { EncryptionContextEquals: c['EncryptionContextEquals'] as Record<string, string> } : {}),
      }
    : undefined;
  return { grantee, retiring, operations, constraints, name: str('ValidationException', input, 'Name', { min: 1, max: 256 }) };
}

const CreateGrant: Operation<Input, Out<CreateGrantCommandOutput>> = {
  authorize(ctx, input) {
    const p = createGrantParams(input);
    const key = grantKey(ctx, input);
    const extra: Record<string, string | string[]> = {
      'kms:GranteePrincipal': p.grantee,
      'kms:GrantOperations': p.operations,
      'kms:GrantIsForAWSResource': ctx.via ? 'true' : 'false',
    };
    if (p.retiring) extra['kms:RetiringPrincipal'] = p.retiring;
    if (p.constraints?.EncryptionContextEquals) extra['kms:GrantConstraintType'] = 'EncryptionContextEquals';
    else if (p.constraints?.EncryptionContextSubset) extra['kms:GrantConstraintType'] = 'EncryptionContextSubset';
    authorizeKey(ctx, { key, action: 'CreateGrant', extra }, 'CreateGrant');
    return undefined;
  },
  handler(ctx, input) {
    const p = createGrantParams(input);
    const key = grantKey(ctx, input);
    const same = p.name
      ? key.grants.find((g) => g.Name === p.name && g.GranteePrincipal === p.grantee && g.Operations.join() === p.operations.join())
      : undefined;
    if (same) return { GrantId: same.GrantId, GrantToken: same.GrantToken };
    const grant: GrantRecord = {
      GrantId: randomBytes(32).toString('hex'),
      GrantToken: randomBytes(96).toString('base64url'),
      Name: p.name,
      KeyArn: key.Arn,
      GranteePrincipal: p.grantee,
      RetiringPrincipal: p.retiring,
      IssuingAccount: `arn:aws:iam::${ctx.principal.account ?? key.account}:root`,
      Operations: p.operations,
      Constraints: p.constraints,
      CreationDate: ctx.now(),
    };
    key.grants.push(grant);
    tokenIndex(ctx).set(grant.GrantToken, { account: key.account, region: key.region, keyId: key.KeyId, grantId: grant.GrantId });
    return { GrantId: grant.GrantId, GrantToken: grant.GrantToken };
  },
};

function grantShape(g: GrantRecord) {
  return {
    KeyId: g.KeyArn,
    GrantId: g.GrantId,
    ...(g.Name !== undefined ? { Name: g.Name } : {}),
    CreationDate: g.CreationDate,
    GranteePrincipal: g.GranteePrincipal,
    ...(g.RetiringPrincipal !== undefined ? { RetiringPrincipal: g.RetiringPrincipal } : {}),
    IssuingAccount: g.IssuingAccount,
    Operations: g.Operations as NonNullable<ListGrantsCommandOutput['Grants']>[number]['Operations'],
    ...(g.Constraints ? { Constraints: g.Constraints } : {}),
  };
}

const ListGrants: Operation<Input, Out<ListGrantsCommandOutput>> = {
  authorize(ctx, input) {
    authorizeKey(ctx, { key: grantKey(ctx, input), action: 'ListGrants', extra: { 'kms:GrantIsForAWSResource': ctx.via ? 'true' : 'false' } });
    return undefined;
  },
  handler(ctx, input) {
    const grantId = str('ValidationException', input, 'GrantId');
    const grantee = str('ValidationException', input, 'GranteePrincipal');
    const grants = grantKey(ctx, input).grants.filter((g) => (!grantId || g.GrantId === grantId) && (!grantee || g.GranteePrincipal === grantee));
    const { page, Truncated, NextMarker } = kmsPage(grants, input);
    return { Grants: page.map(grantShape), Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

function removeGrant(key: KeyRecord, grantId: string, ctx: OperationContext): void {
  const i = key.grants.findIndex((g) => g.GrantId === grantId);
  if (i < 0) throw NotFoundException.grant(grantId);
  tokenIndex(ctx).delete(key.grants[i]!.GrantToken);
  key.grants.splice(i, 1);
}

const RevokeGrant: Operation<Input, Out<object>> = {
  authorize(ctx, input) {
    authorizeKey(ctx, { key: grantKey(ctx, input), action: 'RevokeGrant', extra: { 'kms:GrantIsForAWSResource': ctx.via ? 'true' : 'false' } });
    return undefined;
  },
  handler(ctx, input) {
    removeGrant(grantKey(ctx, input), str('ValidationException', input, 'GrantId', { required: true, min: 1, max: 128 }), ctx);
    return {};
  },
};

function grantToRetire(ctx: OperationContext, input: Input): { key: KeyRecord; grant: GrantRecord } {
  const token = str('ValidationException', input, 'GrantToken', { min: 1, max: 8192 });
  if (token !== undefined) {
    const at = tokenIndex(ctx).get(token);
    const key = at ? kmsStoreOf(ctx.world, at.account, at.region)?.keys.get(at.keyId) : undefined;
    const grant = key?.grants.find((g) => g.GrantId === at!.grantId);
    if (!key || !grant) throw InvalidGrantTokenException();
    return { key, grant };
  }
  const key = grantKey(ctx, input);
  const grantId = str('ValidationException', input, 'GrantId', { required: true, min: 1, max: 128 });
  const grant = key.grants.find((g) => g.GrantId === grantId);
  if (!grant) throw NotFoundException.grant(grantId);
  return { key, grant };
}

const RetireGrant: Operation<Input, Out<object>> = {
  authorize(ctx, input) {
    const { key, grant } = grantToRetire(ctx, input);
    const p = ctx.principal;
    if (granteeMatches(grant.RetiringPrincipal, p)) return undefined;
    if (grant.Operations.includes('RetireGrant') && granteeMatches(grant.GranteePrincipal, p)) return undefined;
    authorizeKey(ctx, { key, action: 'RetireGrant' });
    return undefined;
  },
  handler(ctx, input) {
    const { key, grant } = grantToRetire(ctx, input);
    removeGrant(key, grant.GrantId, ctx);
    return {};
  },
};

export const grantOperations: Record<string, Operation> = { CreateGrant, ListGrants, RevokeGrant, RetireGrant };
