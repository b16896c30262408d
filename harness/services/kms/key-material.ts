/**
 * Key material for each KeySpec KMS creates (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html):
 * SYMMETRIC_DEFAULT 256-bit AES; HMAC_224/256/384/512 keys of that many bits; RSA_2048/3072/4096 and
 * ECC_NIST_P256/P384/P521, ECC_SECG_P256K1 key pairs from node:crypto, kept as DER (PKCS#8 private,
 * SubjectPublicKeyInfo public, the form GetPublicKey returns).
 * Known deviation: SM2 (China Regions only) and ML_DSA keys get no material, so their cryptographic operations are
 * refused as a key usage they cannot serve.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export const RSA_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** node:crypto's names of the curves. */
export const EC_CURVES: Readonly<Record<string, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};

export const HMAC_BYTES: Readonly<Record<string, number>> = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 };

export interface Material {
  material?: Buffer;
  materialId?: string;
  privateKey?: Buffer;
  publicKey?: Buffer;
}

export function newMaterialId(): string {
  return randomBytes(32).toString('hex');
}

export function keyPair(spec: string): { privateKey: Buffer; publicKey: Buffer } | undefined {
  const bits = RSA_BITS[spec];
  const curve = EC_CURVES[spec];
  const pair = bits ? generateKeyPairSync('rsa', { modulusLength: bits }) : curve ? generateKeyPairSync('ec', { namedCurve: curve }) : undefined;
  if (!pair) return undefined;
  return { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }), publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }) };
}

export function materialFor(spec: string): Material {
  if (spec === 'SYMMETRIC_DEFAULT') return { material: randomBytes(32), materialId: newMaterialId() };
  const hmac = HMAC_BYTES[spec];
  if (hmac) return { material: randomBytes(hmac) };
  return keyPair(spec) ?? {};
}
