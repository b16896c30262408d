/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair whose private key (PKCS#8 DER) is
 * sealed under a symmetric KMS key, as Encrypt would seal it, with the public key (SubjectPublicKeyInfo DER).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html
 * As recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json, AWS-validated): the answer
 * carries KeyId (key ARN), KeyPairSpec, PrivateKeyCiphertextBlob, PublicKey and, without "WithoutPlaintext",
 * PrivateKeyPlaintext (test_generate_data_key_pair[_without_plaintext]); the sealed private key opens only with the
 * same encryption context, else InvalidCiphertextException with no message
 * (test_encryption_context_generate_data_key_pair[_without_plaintext]); DryRun answers DryRunOperationException
 * "The request would have succeeded, but the DryRun option is set." (test_generate_data_key_pair[_without_plaintext]_dry_run).
 * Known deviations: SM2 and ML_KEM pairs are refused with UnsupportedOperationException (no message; not recorded);
 * the wording of a KeyPairSpec outside the enum lists the classic specs in an order not recorded; Recipient is ignored.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { sealBlob } from './crypto.js';
import { usableMaterial } from './cryptographic.js';
import { DryRunOperationException, UnsupportedOperationException, ValidationException } from './errors.js';
import { ANY_KEY, resolveKey, type ResolvedKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import { keyPair } from './key-material.js';
import type { KmsOperation } from './operation-names.js';
import { encryptionContext, enumParam, keyIdParam } from './params.js';
import type { EncryptionContext } from './crypto.js';

const PAIR_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2', 'ECC_NIST_EDWARDS25519',
  'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024',
] as const;
type PairSpec = (typeof PAIR_SPECS)[number];

interface PairRequest extends ResolvedKey {
  spec: PairSpec;
  context?: EncryptionContext;
}

type PairOperation = 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext';

function resolvePair(ctx: OperationContext, input: { KeyId?: string; KeyPairSpec?: string; EncryptionContext?: Record<string, string> }): PairRequest {
  const keyId = keyIdParam(input.KeyId);
  const spec = enumParam('KeyPairSpec', input.KeyPairSpec, PAIR_SPECS, `[${PAIR_SPECS.join(', ')}]`);
  if (spec === undefined) throw ValidationException.member('KeyPairSpec', undefined, 'Member must not be null');
  return { ...resolveKey(ctx, keyId, ANY_KEY), spec, context: encryptionContext(input.EncryptionContext) };
}

function pairCheck(action: PairOperation) {
  return (ctx: OperationContext, _input: unknown, { key, alias, spec, context }: PairRequest) =>
    keyCheck(ctx, { key, action, alias, encryptionContext: context, grantable: true, extra: { 'kms:DataKeyPairSpec': spec, 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } });
}

function newPair(spec: PairSpec): { privateKey: Buffer; publicKey: Buffer } {
  if (spec === 'ECC_NIST_EDWARDS25519') {
    const pair = generateKeyPairSync('ed25519');
    return { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }), publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }) };
  }
  const pair = keyPair(spec);
  if (!pair) throw UnsupportedOperationException();
  return pair;
}

function sealedPair(action: PairOperation, dryRun: boolean | undefined, { key, spec, context }: PairRequest) {
  const material = usableMaterial(key, action);
  if (dryRun) throw DryRunOperationException();
  const { privateKey, publicKey } = newPair(spec);
  return { PrivateKeyCiphertextBlob: sealBlob(key.Arn, material, privateKey, context), PrivateKeyPlaintext: privateKey, PublicKey: publicKey, KeyId: key.Arn, KeyPairSpec: spec };
}

const GenerateDataKeyPair: KmsOperation<'GenerateDataKeyPair', PairRequest> = {
  resolve: resolvePair,
  authorize: pairCheck('GenerateDataKeyPair'),
  handler: (_ctx, input, r) => sealedPair('GenerateDataKeyPair', input.DryRun, r),
};

const GenerateDataKeyPairWithoutPlaintext: KmsOperation<'GenerateDataKeyPairWithoutPlaintext', PairRequest> = {
  resolve: resolvePair,
  authorize: pairCheck('GenerateDataKeyPairWithoutPlaintext'),
  handler(_ctx, input, r) {
    const { PrivateKeyPlaintext: _, ...rest } = sealedPair('GenerateDataKeyPairWithoutPlaintext', input.DryRun, r);
    return rest;
  },
};

export const dataKeyPairOperations = { GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext };
