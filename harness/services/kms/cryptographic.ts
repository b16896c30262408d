/**
 * Encryption: Encrypt, Decrypt (symmetric keys, and RSA keys with RSAES_OAEP_SHA_1/SHA_256: rsa-encryption.ts),
 * ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext (symmetric keys).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
 * Order of checks, as KMS: parameter validation (E019/E020), key resolution (E007–E009), authorization (key policy,
 * IAM, grants; E001–E006), key state (DisabledException "<arn> is disabled." E032, KMSInvalidStateException
 * "<arn> is pending deletion." E015), key usage (InvalidKeyUsageException E018), then the cryptography
 * (InvalidCiphertextException with an empty message for tampering or a wrong encryption context, E012).
 * Decrypt finds its key in the blob; a KeyId naming another key is IncorrectKeyException (E011); a blob whose key
 * no longer exists or lives in another Region gets the opaque AccessDeniedException of E005.
 * An algorithm the key spec does not support is InvalidKeyUsageException "Algorithm <alg> is incompatible with key
 * spec <spec>." (errors.ts IncompatibleAlgorithm).
 * Known deviations: ReEncrypt is symmetric only (another EncryptionAlgorithm is refused); SM2PKE is refused as
 * incompatible; an EncryptionContext given with an RSA key is ignored.
 */
import { randomBytes } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { blobKeyArn, openBlob, sealBlob, type EncryptionContext } from './crypto.js';
import {
  AccessDeniedException,
  DisabledException,
  IncompatibleAlgorithm,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidStateException,
  ValidationException,
} from './errors.js';
import { ANY_KEY, parseKeyRef, resolveKey, type ResolvedKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import type { KmsOperation } from './operation-names.js';
import { isRsaAlgorithm, rsaDecrypt, rsaEncrypt } from './rsa-encryption.js';
import { requireUsage, usable } from './signing.js';
import { ciphertext, encryptionContext, enumParam, integer, keyIdParam, optionalKeyId, sensitiveBlob } from './params.js';
import { keyArnOf, kmsStoreOf, type KeyRecord } from './store.js';

const ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
const ALGORITHMS_SHOWN = '[SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]';
const SYMMETRIC = { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' };

/** Refuses keys that cannot do symmetric cryptography right now; returns their material. */
export function usableMaterial(key: KeyRecord, operation: string): Buffer {
  if (key.KeyState === 'Disabled') throw DisabledException(key.Arn);
  if (key.KeyState === 'PendingDeletion') throw KMSInvalidStateException.pendingDeletion(key.Arn);
  if (key.KeyUsage !== 'ENCRYPT_DECRYPT' || !key.material) throw InvalidKeyUsageException(key.Arn, key.KeyUsage, operation);
  return key.material;
}

/** The EncryptionAlgorithm of Encrypt and Decrypt (SYMMETRIC_DEFAULT when absent). */
function encryptionAlgorithm(value: string | undefined): (typeof ALGORITHMS)[number] {
  return enumParam('EncryptionAlgorithm', value, ALGORITHMS, ALGORITHMS_SHOWN) ?? 'SYMMETRIC_DEFAULT';
}

function algorithm(value: string | undefined, name = 'EncryptionAlgorithm'): void {
  const alg = enumParam(name, value, ALGORITHMS, ALGORITHMS_SHOWN);
  if (alg !== undefined && alg !== 'SYMMETRIC_DEFAULT') throw ValidationException.member(name, alg, 'Member must satisfy enum value set: [SYMMETRIC_DEFAULT]');
}

/** The key a ciphertext blob names, for Decrypt and ReEncrypt. */
function blobKey(ctx: OperationContext, blob: Buffer, keyIdGiven: string | undefined): ResolvedKey {
  const arn = blobKeyArn(blob);
  if (arn === undefined) throw InvalidCiphertextException();
  let ref;
  try {
    ref = parseKeyRef(arn);
  } catch {
    throw InvalidCiphertextException();
  }
  if (ref.kind !== 'keyArn') throw InvalidCiphertextException();
  // A multi-Region key's ciphertext opens with the related key of the request's Region (multi-region-keys-overview.html).
  const related = ref.id.startsWith('mrk-') ? keyArnOf(ctx.region, ref.account, ref.id) : arn;
  const given = keyIdGiven !== undefined ? resolveKey(ctx, keyIdGiven, ANY_KEY) : undefined;
  if (given && given.key.Arn !== related) throw IncorrectKeyException();
  if (related === arn && ref.region !== ctx.region) throw AccessDeniedException.ciphertextKeyUnavailable();
  const key = kmsStoreOf(ctx.world, ref.account, ctx.region)?.keys.get(ref.id);
  if (!key) throw AccessDeniedException.ciphertextKeyUnavailable();
  return { key, alias: given?.alias };
}

/** What Encrypt and the data-key operations act on: their key, resolved once, and the request's context. */
interface KeyUse extends ResolvedKey {
  context?: EncryptionContext;
}

const Encrypt: KmsOperation<'Encrypt', KeyUse & { plaintext: Buffer; alg: string }> = {
  resolve(ctx, input) {
    const plaintext = sensitiveBlob('Plaintext', input.Plaintext, 1, 4096);
    const keyId = keyIdParam(input.KeyId);
    const alg = encryptionAlgorithm(input.EncryptionAlgorithm);
    const context = encryptionContext(input.EncryptionContext);
    return { ...resolveKey(ctx, keyId, ANY_KEY), plaintext, context, alg };
  },
  authorize: (ctx, _input, { key, alias, context, alg }) =>
    keyCheck(ctx, { key, action: 'Encrypt', alias, encryptionContext: context, extra: { 'kms:EncryptionAlgorithm': alg }, grantable: true }),
  handler(_ctx, _input, { key, plaintext, context, alg }) {
    if (key.publicKey && key.KeyUsage === 'ENCRYPT_DECRYPT') {
      usable(key);
      if (!isRsaAlgorithm(alg)) throw IncompatibleAlgorithm(alg, key.KeySpec);
      return { CiphertextBlob: rsaEncrypt(key.KeySpec, key.publicKey, alg, plaintext), KeyId: key.Arn, EncryptionAlgorithm: alg };
    }
    const material = usableMaterial(key, 'Encrypt');
    if (alg !== 'SYMMETRIC_DEFAULT') throw IncompatibleAlgorithm(alg, key.KeySpec);
    return { CiphertextBlob: sealBlob(key.Arn, material, plaintext, context), KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};

/** The plaintext of a blob sealed under the key's current material or one a rotation replaced (rotation.ts). */
export function openSealed(key: KeyRecord, material: Buffer, blob: Buffer, context: EncryptionContext | undefined): Buffer {
  for (const m of [material, ...(key.previousMaterials ?? [])]) {
    const plaintext = openBlob(blob, m, context);
    if (plaintext) return plaintext;
  }
  throw InvalidCiphertextException();
}

/**
 * Decrypt's key: the one a symmetric blob names; for a blob that names none (an RSA OAEP block), the KeyId given,
 * when it is a key pair's.
 */
function decryptKey(ctx: OperationContext, blob: Buffer, keyId: string | undefined): ResolvedKey {
  if (blobKeyArn(blob) === undefined && keyId !== undefined) {
    const given = resolveKey(ctx, keyId, ANY_KEY);
    if (given.key.privateKey) return given;
  }
  return blobKey(ctx, blob, keyId);
}

const Decrypt: KmsOperation<'Decrypt', KeyUse & { blob: Buffer; alg: string }> = {
  resolve(ctx, input) {
    const blob = ciphertext(input.CiphertextBlob);
    const alg = encryptionAlgorithm(input.EncryptionAlgorithm);
    const keyId = optionalKeyId(input.KeyId, 'KeyId');
    const context = encryptionContext(input.EncryptionContext);
    return { ...decryptKey(ctx, blob, keyId), blob, context, alg };
  },
  authorize: (ctx, _input, { key, alias, context, alg }) =>
    keyCheck(ctx, { key, action: 'Decrypt', alias, encryptionContext: context, extra: { 'kms:EncryptionAlgorithm': alg }, grantable: true }),
  handler(_ctx, _input, { key, blob, context, alg }) {
    if (key.privateKey) {
      usable(key);
      requireUsage(key, 'ENCRYPT_DECRYPT', 'Decrypt');
      if (!isRsaAlgorithm(alg)) throw IncompatibleAlgorithm(alg, key.KeySpec);
      const plaintext = rsaDecrypt(key.privateKey, alg, blob);
      if (!plaintext) throw InvalidCiphertextException();
      return { KeyId: key.Arn, Plaintext: plaintext, EncryptionAlgorithm: alg };
    }
    const material = usableMaterial(key, 'Decrypt');
    if (alg !== 'SYMMETRIC_DEFAULT') throw IncompatibleAlgorithm(alg, key.KeySpec);
    const plaintext = openSealed(key, material, blob, context);
    return { KeyId: key.Arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};

interface ReEncryptResolved {
  blob: Buffer;
  source: KeyUse;
  destination: KeyUse;
}

const ReEncrypt: KmsOperation<'ReEncrypt', ReEncryptResolved> = {
  resolve(ctx, input) {
    const blob = ciphertext(input.CiphertextBlob);
    const destinationKeyId = keyIdParam(input.DestinationKeyId, 'DestinationKeyId');
    algorithm(input.SourceEncryptionAlgorithm, 'SourceEncryptionAlgorithm');
    algorithm(input.DestinationEncryptionAlgorithm, 'DestinationEncryptionAlgorithm');
    const sourceKeyId = optionalKeyId(input.SourceKeyId, 'SourceKeyId');
    const sourceContext = encryptionContext(input.SourceEncryptionContext, 'SourceEncryptionContext');
    const destinationContext = encryptionContext(input.DestinationEncryptionContext, 'DestinationEncryptionContext');
    const source = blobKey(ctx, blob, sourceKeyId);
    const destination = resolveKey(ctx, destinationKeyId, ANY_KEY);
    return { blob, source: { ...source, context: sourceContext }, destination: { ...destination, context: destinationContext } };
  },
  authorize: (ctx, _input, { source, destination }) => [
    keyCheck(ctx, { key: source.key, action: 'ReEncryptFrom', alias: source.alias, encryptionContext: source.context, grantable: true }),
    keyCheck(ctx, { key: destination.key, action: 'ReEncryptTo', alias: destination.alias, encryptionContext: destination.context, grantable: true }),
  ],
  handler(_ctx, _input, { blob, source, destination }) {
    const plaintext = openSealed(source.key, usableMaterial(source.key, 'ReEncrypt'), blob, source.context);
    const material = usableMaterial(destination.key, 'ReEncrypt');
    return {
      CiphertextBlob: sealBlob(destination.key.Arn, material, plaintext, destination.context),
      SourceKeyId: source.key.Arn,
      KeyId: destination.key.Arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
};

type DataKeyOperation = 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext';

/** KeySpec or NumberOfBytes, exactly one (API_GenerateDataKey). The wording when both or neither are given is not recorded. */
function resolveDataKey(ctx: OperationContext, input: { KeyId?: string; KeySpec?: string; NumberOfBytes?: number; EncryptionContext?: Record<string, string> }): KeyUse & { bytes: number } {
  const keyId = keyIdParam(input.KeyId);
  const spec = enumParam('KeySpec', input.KeySpec, ['AES_256', 'AES_128'] as const, '[AES_256, AES_128]');
  const n = integer('NumberOfBytes', input.NumberOfBytes, { min: 1, max: 1024 });
  if ((spec === undefined) === (n === undefined)) throw ValidationException.message('Please specify either number of bytes or key spec.');
  const context = encryptionContext(input.EncryptionContext);
  return { ...resolveKey(ctx, keyId, ANY_KEY), bytes: n ?? (spec === 'AES_128' ? 16 : 32), context };
}

function dataKeyCheck(action: DataKeyOperation) {
  return (ctx: OperationContext, _input: unknown, { key, alias, context }: KeyUse) =>
    keyCheck(ctx, { key, action, alias, encryptionContext: context, extra: SYMMETRIC, grantable: true });
}

function sealedDataKey(action: DataKeyOperation, { key, bytes, context }: KeyUse & { bytes: number }) {
  const material = usableMaterial(key, action);
  const plaintext = randomBytes(bytes);
  return { CiphertextBlob: sealBlob(key.Arn, material, plaintext, context), Plaintext: plaintext, KeyId: key.Arn };
}

const GenerateDataKey: KmsOperation<'GenerateDataKey', KeyUse & { bytes: number }> = {
  resolve: resolveDataKey,
  authorize: dataKeyCheck('GenerateDataKey'),
  handler: (_ctx, _input, resolved) => sealedDataKey('GenerateDataKey', resolved),
};

const GenerateDataKeyWithoutPlaintext: KmsOperation<'GenerateDataKeyWithoutPlaintext', KeyUse & { bytes: number }> = {
  resolve: resolveDataKey,
  authorize: dataKeyCheck('GenerateDataKeyWithoutPlaintext'),
  handler(_ctx, _input, resolved) {
    const { CiphertextBlob, KeyId } = sealedDataKey('GenerateDataKeyWithoutPlaintext', resolved);
    return { CiphertextBlob, KeyId };
  },
};

export const cryptoOperations = { Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext };
