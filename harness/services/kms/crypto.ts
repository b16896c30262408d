/**
 * Symmetric encryption the way KMS behaves from outside: AES-256-GCM under the key's own material, the
 * encryption context bound in as additional authenticated data, and a self-describing ciphertext blob that
 * names its key so Decrypt needs no KeyId.
 * https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html
 * https://docs.aws.amazon.com/kms/latest/cryptographic-details/symmetric-key-ops.html
 *
 * Blob layout (ours; AWS's is opaque): 01 02 02 00 | u16 length of key ARN | key ARN (utf-8) | 12-byte IV |
 * 16-byte GCM tag | ciphertext. The first four bytes match real blobs (base64 "AQICA…"). The header is part of
 * the AAD, so editing the key ARN inside a blob fails authentication like any other tampering.
 * Canonical context: entries sorted by key (code point order), serialised as JSON pairs; {} and no context are
 * the same, as in KMS.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from([0x01, 0x02, 0x02, 0x00]);
const IV_LEN = 12;
const TAG_LEN = 16;

export type EncryptionContext = Record<string, string>;

export function canonicalContext(ctx: EncryptionContext | undefined): Buffer {
  const entries = Object.entries(ctx ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

function header(keyArn: string): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(arn.length);
  return Buffer.concat([MAGIC, len, arn]);
}

export function sealBlob(keyArn: string, material: Buffer, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
  const head = header(keyArn);
  const iv = randomBytes(IV_LEN);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

function parseHeader(blob: Buffer): { arn: string; headLen: number } | undefined {
  if (blob.length < MAGIC.length + 2 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const len = blob.readUInt16BE(MAGIC.length);
  const headLen = MAGIC.length + 2 + len;
  if (blob.length < headLen + IV_LEN + TAG_LEN) return undefined;
  return { arn: blob.subarray(MAGIC.length + 2, headLen).toString('utf8'), headLen };
}

/** The key ARN a blob names, or undefined when the blob is not one of ours. */
export function blobKeyArn(blob: Buffer): string | undefined {
  return parseHeader(blob)?.arn;
}

/** The plaintext, or undefined when the blob was altered or the context differs. */
export function openBlob(blob: Buffer, material: Buffer, context: EncryptionContext | undefined): Buffer | undefined {
  const parsed = parseHeader(blob);
  if (!parsed) return undefined;
  const { headLen } = parsed;
  const iv = blob.subarray(headLen, headLen + IV_LEN);
  const tag = blob.subarray(headLen + IV_LEN, headLen + IV_LEN + TAG_LEN);
  const body = blob.subarray(headLen + IV_LEN + TAG_LEN);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv);
    decipher.setAAD(Buffer.concat([blob.subarray(0, headLen), canonicalContext(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}
