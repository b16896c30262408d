/**
 * Asymmetric signing keys in use: GetPublicKey, Sign, Verify.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html, API_Verify.html, API_GetPublicKey.html
 * As recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json, AWS-validated tests):
 * Sign and Verify answer KeyId (the key ARN), Signature / SignatureValid and SigningAlgorithm (test_sign_verify);
 * a DIGEST of the wrong length is ValidationException "Digest is invalid length for algorithm <alg>." (same test,
 * "bad-digest"); a signature that does not verify is KMSInvalidSignatureException with an empty message
 * ("bad-signature"); a key of another usage is InvalidKeyUsageException "<arn> key usage is <usage> which is not
 * valid for Sign." (test_error_messaging_for_invalid_keys). PSS signatures use a salt as long as the digest
 * (test_verify_salt_length). GetPublicKey serves disabled keys (LocalStack's provider notes AWS does, against
 * key-state.html).
 * Order, as the other KMS operations: Coral validation, key resolution, authorization, key state, key usage, the
 * algorithm against the key spec, the digest length, the cryptography.
 * Known deviations: the wording of a SigningAlgorithm the key spec does not support is the recorded MAC/Encrypt
 * form "Algorithm <alg> is incompatible with key spec <spec>." (not recorded for Sign); GetPublicKey of a symmetric
 * or HMAC key answers UnsupportedOperationException with no message (its wording is not recorded); MessageType
 * EXTERNAL_MU and the SM2, ML_DSA and Ed25519 algorithms are refused as incompatible with the key spec.
 */
import type { SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import type { OperationContext } from '../types.js';
import {
  DisabledException,
  DryRunOperationException,
  IncompatibleAlgorithm,
  InvalidKeyUsageException,
  KMSInvalidSignatureException,
  KMSInvalidStateException,
  UnsupportedOperationException,
  ValidationException,
} from './errors.js';
import { ANY_KEY, resolveKey, type ResolvedKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import type { KmsOperation } from './operation-names.js';
import { enumParam, keyIdParam, sensitiveBlob } from './params.js';
import { digest, digestLength, ecdsaSign, ecdsaVerify, rsaSign, rsaVerify, type Hash } from './signatures.js';
import type { KeyRecord } from './store.js';

const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
] as const;
const SIGNING_ALGORITHMS_SHOWN = `[${SIGNING_ALGORITHMS.join(', ')}]`;
const MESSAGE_TYPES = ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const;

const RSA_SIGNING: readonly SigningAlgorithmSpec[] = [
  'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
];

/** What each key spec signs with (asymmetric-key-specs.html). */
export const SIGNING: Readonly<Record<string, readonly SigningAlgorithmSpec[]>> = {
  RSA_2048: RSA_SIGNING,
  RSA_3072: RSA_SIGNING,
  RSA_4096: RSA_SIGNING,
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
  ECC_NIST_P521: ['ECDSA_SHA_512'],
  ECC_SECG_P256K1: ['ECDSA_SHA_256'],
};

/** Refuses keys whose state forbids use (key-state.html); GetPublicKey allows a disabled key. */
export function usable(key: KeyRecord, opts: { disabledAllowed?: boolean } = {}): void {
  if (key.KeyState === 'Disabled' && !opts.disabledAllowed) throw DisabledException(key.Arn);
  if (key.KeyState === 'PendingDeletion') throw KMSInvalidStateException.pendingDeletion(key.Arn);
}

export function requireUsage(key: KeyRecord, usage: string, operation: string): void {
  if (key.KeyUsage !== usage) throw InvalidKeyUsageException(key.Arn, key.KeyUsage, operation);
}

interface SignRequest extends ResolvedKey {
  message: Buffer;
  messageType: (typeof MESSAGE_TYPES)[number];
  algorithm: SigningAlgorithmSpec;
}

function resolveSign(ctx: OperationContext, input: { KeyId?: string; Message?: Uint8Array; MessageType?: string; SigningAlgorithm?: string }): SignRequest {
  const keyId = keyIdParam(input.KeyId);
  const message = sensitiveBlob('Message', input.Message, 1, 4096);
  const messageType = enumParam('MessageType', input.MessageType, MESSAGE_TYPES, `[${MESSAGE_TYPES.join(', ')}]`) ?? 'RAW';
  const algorithm = enumParam('SigningAlgorithm', input.SigningAlgorithm, SIGNING_ALGORITHMS, SIGNING_ALGORITHMS_SHOWN);
  if (algorithm === undefined) throw ValidationException.member('SigningAlgorithm', undefined, 'Member must not be null');
  return { ...resolveKey(ctx, keyId, ANY_KEY), message, messageType, algorithm };
}

function signCheck(action: 'Sign' | 'Verify') {
  return (ctx: OperationContext, _input: unknown, { key, alias, messageType, algorithm }: SignRequest) =>
    keyCheck(ctx, { key, action, alias, grantable: true, extra: { 'kms:SigningAlgorithm': algorithm, 'kms:MessageType': messageType } });
}

/** The key, algorithm and digest a signature is made or checked over, after KMS's refusals. */
function signingDigest(operation: 'Sign' | 'Verify', { key, message, messageType, algorithm }: SignRequest): { hash: Hash; mHash: Buffer } {
  usable(key);
  requireUsage(key, 'SIGN_VERIFY', operation);
  if (!(SIGNING[key.KeySpec] ?? []).includes(algorithm) || messageType === 'EXTERNAL_MU' || !key.privateKey || !key.publicKey) {
    throw IncompatibleAlgorithm(algorithm, key.KeySpec);
  }
  const hash = `sha${algorithm.slice(-3)}` as Hash;
  if (messageType === 'RAW') return { hash, mHash: digest(hash, message) };
  if (message.length !== digestLength(hash)) throw ValidationException.message(`Digest is invalid length for algorithm ${algorithm}.`);
  return { hash, mHash: message };
}

const Sign: KmsOperation<'Sign', SignRequest> = {
  resolve: resolveSign,
  authorize: signCheck('Sign'),
  handler(_ctx, input, r) {
    const { hash, mHash } = signingDigest('Sign', r);
    if (input.DryRun) throw DryRunOperationException();
    const { key, algorithm } = r;
    const Signature = algorithm.startsWith('ECDSA')
      ? ecdsaSign(key.KeySpec, key.privateKey!, mHash)
      : rsaSign(key.privateKey!, key.publicKey!, algorithm.startsWith('RSASSA_PSS'), hash, mHash);
    return { KeyId: key.Arn, Signature, SigningAlgorithm: algorithm };
  },
};

const Verify: KmsOperation<'Verify', SignRequest & { signature: Buffer }> = {
  resolve: (ctx, input) => ({ ...resolveSign(ctx, input), signature: sensitiveBlob('Signature', input.Signature, 1, 6144) }),
  authorize: signCheck('Verify'),
  handler(_ctx, input, r) {
    const { hash, mHash } = signingDigest('Verify', r);
    const { key, algorithm, signature } = r;
    const valid = algorithm.startsWith('ECDSA')
      ? ecdsaVerify(key.KeySpec, key.publicKey!, mHash, signature)
      : rsaVerify(key.publicKey!, algorithm.startsWith('RSASSA_PSS'), hash, mHash, signature);
    if (!valid) throw KMSInvalidSignatureException();
    return { KeyId: key.Arn, SignatureValid: true, SigningAlgorithm: algorithm };
  },
};

const GetPublicKey: KmsOperation<'GetPublicKey', ResolvedKey> = {
  resolve: (ctx, input) => resolveKey(ctx, keyIdParam(input.KeyId), ANY_KEY),
  authorize: (ctx, _input, { key, alias }) => keyCheck(ctx, { key, action: 'GetPublicKey', alias, grantable: true }),
  handler(_ctx, _input, { key }) {
    usable(key, { disabledAllowed: true });
    if (!key.publicKey) throw UnsupportedOperationException();
    const spec = key.KeySpec as 'RSA_2048';
    return {
      KeyId: key.Arn,
      PublicKey: key.publicKey,
      CustomerMasterKeySpec: spec,
      KeySpec: spec,
      KeyUsage: key.KeyUsage as 'SIGN_VERIFY',
      ...(key.KeyUsage === 'SIGN_VERIFY' ? { SigningAlgorithms: [...(SIGNING[key.KeySpec] ?? [])] } : {}),
      ...(key.KeyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1' as const, 'RSAES_OAEP_SHA_256' as const] } : {}),
    };
  },
};

export const signingOperations = { GetPublicKey, Sign, Verify };
