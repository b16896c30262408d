/**
 * Cryptographic operations on symmetric keys: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
 * Order of checks, as KMS: parameter validation (E019/E020), key resolution (E007–E009), authorization (key policy,
 * IAM, grants; E001–E006), key state (DisabledException "<arn> is disabled." E032, KMSInvalidStateException
 * "<arn> is pending deletion." E015), key usage (InvalidKeyUsageException E018), then the cryptography
 * (InvalidCiphertextException with an empty message for tampering or a wrong encryption context, E012).
 * Decrypt finds its key in the blob; a KeyId naming another key is IncorrectKeyException (E011); a blob whose key
 * no longer exists or lives in another Region gets the opaque AccessDeniedException of E005.
 * Known deviation: EncryptionAlgorithm other than SYMMETRIC_DEFAULT is refused (no asymmetric encryption).
 */
import { randomBytes } from 'node:crypto';
import type {
  DecryptCommandOutput,
  EncryptCommandOutput,
  GenerateDataKeyCommandOutput,
  GenerateDataKeyWithoutPlaintextCommandOutput,
  ReEncryptCommandOutput,
} from '@aws-sdk/client-kms';
import { constraintError } from '../param-errors.js';
import { int } from '../params.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { blobKeyArn, openBlob, sealBlob, type EncryptionContext } from './crypto.js';
import {
  ciphertextKeyUnavailable,
  DisabledException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidStateException,
  ValidationException,
} from './errors.js';
import { ANY_KEY, parseKeyRef, resolveKey, type ResolvedKey } from './identifiers.js';
import { authorizeKey } from './key-auth.js';
import { ciphertext, encryptionContext, enumParam, keyIdParam, optionalKeyId, sensitiveBlob, type Input } from './params.js';
import { kmsStoreOf, type KeyRecord } from './store.js';

const ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
const ALGORITHMS_SHOWN = '[SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]';

/** Refuses keys that cannot do symmetric cryptography right now; returns their material. */
export function usableMaterial(key: KeyRecord, operation: string): Buffer {
  if (key.KeyState === 'Disabled') throw DisabledException(key.Arn);
  if (key.KeyState === 'PendingDeletion') throw KMSInvalidStateException.pendingDeletion(key.Arn);
  if (key.KeyUsage !== 'ENCRYPT_DECRYPT' || !key.material) throw InvalidKeyUsageException(key.Arn, key.KeyUsage, operation);
  return key.material;
}

function algorithm(input: Input, name = 'EncryptionAlgorithm'): void {
  const alg = enumParam(input, name, ALGORITHMS, ALGORITHMS_SHOWN);
  if (alg !== undefined && alg !== 'SYMMETRIC_DEFAULT') {
    throw constraintError('ValidationException', name, alg, 'Member must satisfy enum value set: [SYMMETRIC_DEFAULT]');
  }
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
  const given = keyIdGiven !== undefined ? resolveKey(ctx, keyIdGiven, ANY_KEY) : undefined;
  if (given && given.key.Arn !== arn) throw IncorrectKeyException();
  if (ref.region !== ctx.region) throw ciphertextKeyUnavailable();
  const key = kmsStoreOf(ctx.world, ref.account, ref.region)?.keys.get(ref.id);
  if (!key) throw ciphertextKeyUnavailable();
  return { key, alias: given?.alias };
}

interface EncryptParams {
  keyId: string;
  plaintext: Buffer;
  context?: EncryptionContext;
}

function encryptParams(input: Input): EncryptParams {
  const plaintext = sensitiveBlob(input, 'Plaintext', 1, 4096);
  const keyId = keyIdParam(input);
  algorithm(input);
  return { keyId, plaintext, context: encryptionContext(input) };
}

const Encrypt: Operation<Input, Out<EncryptCommandOutput>> = {
  authorize(ctx, input) {
    const p = encryptParams(input);
    const { key, alias } = resolveKey(ctx, p.keyId, ANY_KEY);
    authorizeKey(ctx, { key, action: 'Encrypt', alias, encryptionContext: p.context, extra: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } }, 'Encrypt');
    return undefined;
  },
  handler(ctx, input) {
    const p = encryptParams(input);
    const { key } = resolveKey(ctx, p.keyId, ANY_KEY);
    const material = usableMaterial(key, 'Encrypt');
    return { CiphertextBlob: sealBlob(key.Arn, material, p.plaintext, p.context), KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};

interface DecryptParams {
  blob: Buffer;
  keyId?: string;
  context?: EncryptionContext;
}

function decryptParams(input: Input): DecryptParams {
  const blob = ciphertext(input);
  algorithm(input);
  return { blob, keyId: optionalKeyId(input, 'KeyId'), context: encryptionContext(input) };
}

const Decrypt: Operation<Input, Out<DecryptCommandOutput>> = {
  authorize(ctx, input) {
    const p = decryptParams(input);
    const { key, alias } = blobKey(ctx, p.blob, p.keyId);
    authorizeKey(ctx, { key, action: 'Decrypt', alias, encryptionContext: p.context, extra: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } }, 'Decrypt');
    return undefined;
  },
  handler(ctx, input) {
    const p = decryptParams(input);
    const { key } = blobKey(ctx, p.blob, p.keyId);
    const material = usableMaterial(key, 'Decrypt');
    const plaintext = openBlob(p.blob, material, p.context);
    if (!plaintext) throw InvalidCiphertextException();
    return { KeyId: key.Arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
};

interface ReEncryptParams {
  blob: Buffer;
  sourceKeyId?: string;
  sourceContext?: EncryptionContext;
  destinationKeyId: string;
  destinationContext?: EncryptionContext;
}

function reEncryptParams(input: Input): ReEncryptParams {
  const blob = ciphertext(input);
  const destinationKeyId = keyIdParam(input, 'DestinationKeyId');
  algorithm(input, 'SourceEncryptionAlgorithm');
  algorithm(input, 'DestinationEncryptionAlgorithm');
  return {
    blob,
    destinationKeyId,
    sourceKeyId: optionalKeyId(input, 'SourceKeyId'),
    sourceContext: encryptionContext(input, 'SourceEncryptionContext'),
    destinationContext: encryptionContext(input, 'DestinationEncryptionContext'),
  };
}

const ReEncrypt: Operation<Input, Out<ReEncryptCommandOutput>> = {
  authorize(ctx, input) {
    const p = reEncryptParams(input);
    const source = blobKey(ctx, p.blob, p.sourceKeyId);
    const destination = resolveKey(ctx, p.destinationKeyId, ANY_KEY);
    authorizeKey(ctx, { key: source.key, action: 'ReEncryptFrom', alias: source.alias, encryptionContext: p.sourceContext }, 'ReEncryptFrom');
    authorizeKey(ctx, { key: destination.key, action: 'ReEncryptTo', alias: destination.alias, encryptionContext: p.destinationContext }, 'ReEncryptTo');
    return undefined;
  },
  handler(ctx, input) {
    const p = reEncryptParams(input);
    const source = blobKey(ctx, p.blob, p.sourceKeyId).key;
    const destination = resolveKey(ctx, p.destinationKeyId, ANY_KEY).key;
    const plaintext = openBlob(p.blob, usableMaterial(source, 'ReEncrypt'), p.sourceContext);
    if (!plaintext) throw InvalidCiphertextException();
    const material = usableMaterial(destination, 'ReEncrypt');
    return {
      CiphertextBlob: sealBlob(destination.Arn, material, plaintext, p.destinationContext),
      SourceKeyId: source.Arn,
      KeyId: destination.Arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
};

interface DataKeyParams {
  keyId: string;
  bytes: number;
  context?: EncryptionContext;
}

/** KeySpec or NumberOfBytes, exactly one (API_GenerateDataKey). The wording when both or neither are given is not recorded. */
function dataKeyParams(input: Input): DataKeyParams {
  const keyId = keyIdParam(input);
  const spec = enumParam(input, 'KeySpec', ['AES_256', 'AES_128'] as const, '[AES_256, AES_128]');
  const n = int('ValidationException', input, 'NumberOfBytes', { min: 1, max: 1024 });
  if ((spec === undefined) === (n === undefined)) throw ValidationException('Please specify either number of bytes or key spec.');
  return { keyId, bytes: n ?? (spec === 'AES_128' ? 16 : 32), context: encryptionContext(input) };
}

function dataKeyOperation(action: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext', withPlaintext: boolean): Operation<Input> {
  return {
    authorize(ctx, input) {
      const p = dataKeyParams(input);
      const { key, alias } = resolveKey(ctx, p.keyId, ANY_KEY);
      authorizeKey(ctx, { key, action, alias, encryptionContext: p.context, extra: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } }, action);
      return undefined;
    },
    handler(ctx, input) {
      const p = dataKeyParams(input);
      const { key } = resolveKey(ctx, p.keyId, ANY_KEY);
      const material = usableMaterial(key, action);
      const plaintext = randomBytes(p.bytes);
      const CiphertextBlob = sealBlob(key.Arn, material, plaintext, p.context);
      return withPlaintext ? { CiphertextBlob, Plaintext: plaintext, KeyId: key.Arn } : { CiphertextBlob, KeyId: key.Arn };
    },
  };
}

const GenerateDataKey = dataKeyOperation('GenerateDataKey', true) as Operation<Input, Out<GenerateDataKeyCommandOutput>>;
const GenerateDataKeyWithoutPlaintext = dataKeyOperation('GenerateDataKeyWithoutPlaintext', false) as Operation<Input, Out<GenerateDataKeyWithoutPlaintextCommandOutput>>;

export const cryptoOperations: Record<string, Operation> = { Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext };
