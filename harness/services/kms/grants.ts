/**
 * CreateGrant, ListGrants, RevokeGrant, RetireGrant: how AWS services (and other accounts) get to use a key
 * without a key policy change. https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 * A grant's operations are allowed to its grantee principal where the policies leave a request undecided
 * (grant-stand-in.ts, declared with the key check in key-auth.ts).
 * CreateGrant may itself be allowed by a grant that includes CreateGrant. Retiring: the retiring principal, or the
 * grantee when the grant includes RetireGrant, may always retire; anyone else needs kms:RetireGrant from the key
 * policy (https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html).
 * Known deviations: grant tokens are accepted but not required (grants are effective at once); the wording for an
 * unknown grant id ("Grant ID <id> not found", NotFoundException) is not recorded; Name-based idempotency returns
 * the earlier grant when name, grantee and operations match.
 */
import { randomBytes } from 'node:crypto';
import type { GrantConstraints, ListGrantsCommandOutput } from '@aws-sdk/client-kms';
import type { OperationContext } from '../types.js';
import { InvalidGrantTokenException, NotFoundException, ValidationException } from './errors.js';
import { granteeMatches } from './grant-stand-in.js';
import { KEY_ONLY_ANY_ACCOUNT, resolveKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import type { KmsOperation } from './operation-names.js';
import { keyIdParam, kmsPage, text } from './params.js';
import { kmsStoreOf, type GrantRecord, type KeyRecord } from './store.js';

const OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign',
  'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
];

function tokenIndex(ctx: OperationContext): Map<string, { account: string; region: string; keyId: string; grantId: string }> {
  return ctx.world.global('kms/grant-tokens', () => new Map());
}

function grantKey(ctx: OperationContext, input: { KeyId?: string }): KeyRecord {
  return resolveKey(ctx, keyIdParam(input.KeyId), KEY_ONLY_ANY_ACCOUNT).key;
}

const forAwsResource = (ctx: OperationContext) => ({ 'kms:GrantIsForAWSResource': ctx.via ? 'true' : 'false' });

interface CreateGrantParams {
  key: KeyRecord;
  grantee: string;
  retiring?: string;
  operations: string[];
  constraints?: GrantRecord['Constraints'];
  name?: string;
}

function constraintsOf(c: GrantConstraints | undefined): GrantRecord['Constraints'] {
  if (!c) return undefined;
  return {
    ...(c.EncryptionContextSubset ? { EncryptionContextSubset: c.EncryptionContextSubset } : {}),
    ...(c.EncryptionContextEquals ? { EncryptionContextEquals: c.EncryptionContextEquals } : {}),
  };
}

const CreateGrant: KmsOperation<'CreateGrant', CreateGrantParams> = {
  resolve(ctx, input) {
    const grantee = text('GranteePrincipal', input.GranteePrincipal, { required: true, min: 1, max: 256 });
    const retiring = text('RetiringPrincipal', input.RetiringPrincipal, { min: 1, max: 256 });
    const operations: string[] = input.Operations ?? [];
    if (operations.length === 0) throw ValidationException.member('Operations', undefined, 'Member must not be null');
    if (!operations.every((op) => OPERATIONS.includes(op))) {
      throw ValidationException.member('Operations', `[${operations.join(', ')}]`, `Member must satisfy constraint: [Member must satisfy enum value set: [${OPERATIONS.join(', ')}]]`);
    }
    const constraints = constraintsOf(input.Constraints);
    const name = text('Name', input.Name, { min: 1, max: 256 });
    return { grantee, retiring, operations, constraints, name, key: grantKey(ctx, input) };
  },
  authorize(ctx, _input, p) {
    const extra: Record<string, string | string[]> = { 'kms:GranteePrincipal': p.grantee, 'kms:GrantOperations': p.operations, ...forAwsResource(ctx) };
    if (p.retiring) extra['kms:RetiringPrincipal'] = p.retiring;
    if (p.constraints?.EncryptionContextEquals) extra['kms:GrantConstraintType'] = 'EncryptionContextEquals';
    else if (p.constraints?.EncryptionContextSubset) extra['kms:GrantConstraintType'] = 'EncryptionContextSubset';
    return keyCheck(ctx, { key: p.key, action: 'CreateGrant', extra, grantable: true });
  },
  handler(ctx, _input, p) {
    const { key } = p;
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

const ListGrants: KmsOperation<'ListGrants', KeyRecord> = {
  resolve: grantKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'ListGrants', extra: forAwsResource(ctx) }),
  handler(_ctx, input, key) {
    const grantId = text('GrantId', input.GrantId);
    const grantee = text('GranteePrincipal', input.GranteePrincipal);
    const grants = key.grants.filter((g) => (!grantId || g.GrantId === grantId) && (!grantee || g.GranteePrincipal === grantee));
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

const RevokeGrant: KmsOperation<'RevokeGrant', KeyRecord> = {
  resolve: grantKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'RevokeGrant', extra: forAwsResource(ctx) }),
  handler(ctx, input, key) {
    removeGrant(key, text('GrantId', input.GrantId, { required: true, min: 1, max: 128 }), ctx);
    return {};
  },
};

const RetireGrant: KmsOperation<'RetireGrant', { key: KeyRecord; grant: GrantRecord }> = {
  resolve(ctx, input) {
    const token = text('GrantToken', input.GrantToken, { min: 1, max: 8192 });
    if (token !== undefined) {
      const at = tokenIndex(ctx).get(token);
      const key = at ? kmsStoreOf(ctx.world, at.account, at.region)?.keys.get(at.keyId) : undefined;
      const grant = key?.grants.find((g) => g.GrantId === at!.grantId);
      if (!key || !grant) throw InvalidGrantTokenException();
      return { key, grant };
    }
    const key = grantKey(ctx, input);
    const grantId = text('GrantId', input.GrantId, { required: true, min: 1, max: 128 });
    const grant = key.grants.find((g) => g.GrantId === grantId);
    if (!grant) throw NotFoundException.grant(grantId);
    return { key, grant };
  },
  /** The retiring principal, or a grantee whose grant includes RetireGrant, needs no policy to retire it. */
  authorize(ctx, _input, { key, grant }) {
    const p = ctx.principal;
    if (granteeMatches(grant.RetiringPrincipal, p)) return undefined;
    if (grant.Operations.includes('RetireGrant') && granteeMatches(grant.GranteePrincipal, p)) return undefined;
    return keyCheck(ctx, { key, action: 'RetireGrant' });
  },
  handler(ctx, _input, { key, grant }) {
    removeGrant(key, grant.GrantId, ctx);
    return {};
  },
};

export const grantOperations = { CreateGrant, ListGrants, RevokeGrant, RetireGrant };
