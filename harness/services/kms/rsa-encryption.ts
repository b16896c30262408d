/**
 * RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256 with an RSA key pair, as Encrypt and Decrypt use them
 * (https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html#key-spec-rsa-encryption).
 * The plaintext limit is OAEP's, k − 2·hLen − 2 bytes, refused in AWS's words "Algorithm RSAES_OAEP_SHA_256 and key
 * spec RSA_2048 cannot encrypt data larger than 190 bytes." (ValidationException; localstack
 * tests/aws/services/kms/test_kms.snapshot.json, test_encrypt_validate_plaintext_size_per_key_type, AWS-validated
 * 2023-04: 214/190, 342/318, 470/446 bytes for RSA_2048/3072/4096 with SHA_1/SHA_256).
 * The ciphertext is the bare OAEP block (it names no key: Decrypt needs the KeyId, as in KMS).
 */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt } from 'node:crypto';
import { ValidationException } from './errors.js';
import { RSA_BITS } from './key-material.js';

export const RSA_ALGORITHMS = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const;
export type RsaAlgorithm = (typeof RSA_ALGORITHMS)[number];

export const isRsaAlgorithm = (alg: string): alg is RsaAlgorithm => (RSA_ALGORITHMS as readonly string[]).includes(alg);

const oaepHash = (alg: RsaAlgorithm) => (alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256');

export function rsaEncrypt(keySpec: string, publicKey: Buffer, alg: RsaAlgorithm, plaintext: Buffer): Buffer {
  const max = RSA_BITS[keySpec]! / 8 - 2 * (alg === 'RSAES_OAEP_SHA_1' ? 20 : 32) - 2;
  if (plaintext.length > max) throw ValidationException.message(`Algorithm ${alg} and key spec ${keySpec} cannot encrypt data larger than ${max} bytes.`);
  return publicEncrypt({ key: createPublicKey({ key: publicKey, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(alg) }, plaintext);
}

/** The plaintext, or undefined when the block does not open under this key and algorithm. */
export function rsaDecrypt(privateKey: Buffer, alg: RsaAlgorithm, blob: Buffer): Buffer | undefined {
  try {
    return privateDecrypt({ key: createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(alg) }, blob);
  } catch {
    return undefined;
  }
}
