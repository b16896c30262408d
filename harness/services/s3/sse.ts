/**
 * Server-side encryption with KMS keys (SSE-KMS), done as S3 does it: on write S3 asks KMS for a data key
 * (GenerateDataKey) as the caller, with kms:ViaService = s3.<region>.amazonaws.com and the encryption context
 * {"aws:s3:arn": "arn:aws:s3:::<bucket>/<key>"}; on read it asks KMS to decrypt that data key (Decrypt), again as
 * the caller. So whoever cannot use the key cannot write or read the object, with KMS's refusal in S3's words.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/services-s3.html (encryption context, kms:ViaService)
 * Without a key id S3 uses the AWS managed key aws/s3. An alias (and so alias/aws/s3) resolves in the
 * requester's account: "If you use a KMS key alias instead, then KMS resolves the key within the requester's
 * account" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html), so another
 * account's aws/s3 key can never decrypt what this account wrote.
 * SSE-S3 (AES256) objects are stored as given (S3's own keys are not modelled).
 * Deviation: the object is sealed with AES-256-GCM under the data key; S3 Bucket Keys are accepted but not modelled.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DecryptCommandInput, DecryptCommandOutput, GenerateDataKeyCommandInput, GenerateDataKeyCommandOutput } from '@aws-sdk/client-kms';
import { isAwsError } from '../../core/errors.js';
import type { OperationContext, Out } from '../types.js';
import { AccessDenied, fromKms } from './errors.js';
import type { SseRecord, SseSegment } from './store.js';

export const AWS_S3_ALIAS = 'alias/aws/s3';

function via(ctx: OperationContext) {
  return { via: { calledVia: 's3.amazonaws.com', viaService: `s3.${ctx.region}.amazonaws.com` } };
}

function encryptionContext(bucket: string, key: string): Record<string, string> {
  return { 'aws:s3:arn': `arn:aws:s3:::${bucket}/${key}` };
}

/** KMS is not coerced for an internal call: the input is typed as the SDK's `XCommandInput` (Buffer blobs). */
async function kms<O>(ctx: OperationContext, operation: string, input: unknown): Promise<O> {
  try {
    return await ctx.invoke<O>('kms', operation, input, via(ctx));
  } catch (e) {
    throw isAwsError(e) ? fromKms(e) : e;
  }
}

/** A fresh data key from KMS for one object or one multipart upload. */
export async function generateDataKey(ctx: OperationContext, bucket: string, key: string, keyId: string | undefined): Promise<DataKey> {
  const out = await kms<Out<GenerateDataKeyCommandOutput>>(ctx, 'GenerateDataKey', {
    KeyId: keyId ?? AWS_S3_ALIAS,
    KeySpec: 'AES_256',
    EncryptionContext: encryptionContext(bucket, key),
  } satisfies GenerateDataKeyCommandInput);
  return { plaintext: Buffer.from(out.Plaintext!), encrypted: Buffer.from(out.CiphertextBlob!), keyArn: out.KeyId! };
}

/** The plaintext of a stored data key: KMS decides whether this caller may have it. */
export async function decryptDataKey(ctx: OperationContext, bucket: string, key: string, encrypted: Buffer): Promise<Buffer> {
  const out = await kms<Out<DecryptCommandOutput>>(ctx, 'Decrypt', {
    CiphertextBlob: encrypted,
    EncryptionContext: encryptionContext(bucket, key),
  } satisfies DecryptCommandInput);
  return Buffer.from(out.Plaintext!);
}

export interface DataKey {
  plaintext: Buffer;
  encrypted: Buffer;
  keyArn: string;
}

/** Seals bytes under a data key; GCM adds no bytes, so the sealed buffer is the only copy made. */
export function seal(dataKey: Buffer, data: Buffer): { data: Buffer; segment: SseSegment } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const sealed = cipher.update(data);
  cipher.final();
  return { data: sealed, segment: { length: data.length, iv, tag: cipher.getAuthTag() } };
}

export async function sealObject(ctx: OperationContext, bucket: string, key: string, keyId: string | undefined, data: Buffer): Promise<{ data: Buffer; sse: SseRecord }> {
  const dk = await generateDataKey(ctx, bucket, key, keyId);
  const sealed = seal(dk.plaintext, data);
  dk.plaintext.fill(0);
  return { data: sealed.data, sse: { algorithm: 'aws:kms', keyArn: dk.keyArn, encryptedDataKey: dk.encrypted, segments: [sealed.segment] } };
}

/**
 * What GetObject answers when KMS refuses a caller from another account than the key's: S3's 403 AccessDenied
 * with KMS's legacy opaque text, whichever side (key policy or the caller's IAM) refused (errors.jsonl E025, two
 * independent reports with the raw S3 XML). Within the key's account S3 passes KMS's detailed text (E026).
 */
export const CROSS_ACCOUNT_READ_DENIED =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

function keyAccount(keyArn: string): string | undefined {
  return /^arn:aws:kms:[^:]*:(\d{12}):/.exec(keyArn)?.[1];
}

/** The object's data key: KMS must agree to decrypt it for this caller. */
async function objectDataKey(ctx: OperationContext, bucket: string, key: string, sse: SseRecord): Promise<Buffer> {
  try {
    return await decryptDataKey(ctx, bucket, key, sse.encryptedDataKey!);
  } catch (e) {
    if (isAwsError(e) && e.code === 'AccessDenied' && keyAccount(sse.keyArn ?? '') !== ctx.principal.account) {
      throw AccessDenied(CROSS_ACCOUNT_READ_DENIED, undefined, e.explanation);
    }
    throw e;
  }
}

/** The object's plaintext: KMS must agree to decrypt the data key for this caller. */
export async function openObject(ctx: OperationContext, bucket: string, key: string, data: Buffer, sse: SseRecord | undefined): Promise<Buffer> {
  if (!sse || sse.algorithm !== 'aws:kms') return data;
  const dataKey = await objectDataKey(ctx, bucket, key, sse);
  try {
    const segments = sse.segments ?? [];
    if (segments.length === 1) return openSegment(dataKey, data, segments[0]!);
    const out = Buffer.allocUnsafe(data.length);
    let offset = 0;
    for (const seg of segments) {
      openSegment(dataKey, data.subarray(offset, offset + seg.length), seg).copy(out, offset);
      offset += seg.length;
    }
    return out;
  } finally {
    dataKey.fill(0);
  }
}

const STREAM_CHUNK = 1024 * 1024;
/** Below this size one decrypted copy costs less than streaming does. */
const STREAM_ABOVE = 16 * 1024 * 1024;

/**
 * The object's plaintext; a large one as a stream decrypted a mebibyte at a time, so it is never held twice (its
 * sealed bytes and a full plaintext copy). KMS decides before the first byte; the data key is wiped at the end.
 */
export async function openObjectStream(ctx: OperationContext, bucket: string, key: string, data: Buffer, sse: SseRecord | undefined): Promise<Buffer | Readable> {
  if (!sse || sse.algorithm !== 'aws:kms') return data;
  if (data.length <= STREAM_ABOVE) return openObject(ctx, bucket, key, data, sse);
  const dataKey = await objectDataKey(ctx, bucket, key, sse);
  return Readable.from(decryptChunks(dataKey, data, sse.segments ?? []), { objectMode: false, highWaterMark: STREAM_CHUNK });
}

function* decryptChunks(dataKey: Buffer, data: Buffer, segments: SseSegment[]): Generator<Buffer> {
  try {
    let offset = 0;
    for (const seg of segments) {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, seg.iv);
      decipher.setAuthTag(seg.tag);
      const end = offset + seg.length;
      for (let pos = offset; pos < end; pos += STREAM_CHUNK) yield decipher.update(data.subarray(pos, Math.min(pos + STREAM_CHUNK, end)));
      decipher.final();
      offset = end;
    }
  } finally {
    dataKey.fill(0);
  }
}

function openSegment(dataKey: Buffer, data: Buffer, seg: SseSegment): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, seg.iv);
  decipher.setAuthTag(seg.tag);
  const plain = decipher.update(data);
  decipher.final();
  return plain;
}
