/**
 * The additional checksums S3 verifies on upload (x-amz-checksum-crc32 / crc32c / crc64nvme / sha1 / sha256, sent
 * as a header or as an aws-chunked trailer) and Content-MD5.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 * Values are base64 of the big-endian digest. CRC32 uses node:zlib's native crc32 when the runtime has it (same
 * polynomial as @aws-crypto/crc32, which is the fallback); CRC64NVME is computed here (no package provides it).
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { crc32 } from '@aws-crypto/crc32';
import { crc32c } from '@aws-crypto/crc32c';
import type { ChecksumRecord } from './store.js';
import { BadDigestChecksum, BadDigestMd5, InvalidChecksumHeader, InvalidDigest, InvalidRequest } from './errors.js';

export type ChecksumAlgorithm = ChecksumRecord['algorithm'];

export const CHECKSUM_HEADERS: Record<string, ChecksumAlgorithm> = {
  'x-amz-checksum-crc32': 'CRC32',
  'x-amz-checksum-crc32c': 'CRC32C',
  'x-amz-checksum-crc64nvme': 'CRC64NVME',
  'x-amz-checksum-sha1': 'SHA1',
  'x-amz-checksum-sha256': 'SHA256',
};

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

let crc64Table: { lo: Uint32Array; hi: Uint32Array } | undefined;

function crc64nvme(data: Uint8Array): Buffer {
  if (!crc64Table) {
    // Reflected polynomial 0x9A6C9329AC4BC9B5 (CRC-64/NVME), split into 32-bit halves to stay off BigInt.
    const lo = new Uint32Array(256);
    const hi = new Uint32Array(256);
    const polyLo = 0xac4bc9b5;
    const polyHi = 0x9a6c9329;
    for (let i = 0; i < 256; i++) {
      let l = i;
      let h = 0;
      for (let j = 0; j < 8; j++) {
        const carry = l & 1;
        l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
        h = h >>> 1;
        if (carry) {
          l = (l ^ polyLo) >>> 0;
          h = (h ^ polyHi) >>> 0;
        }
      }
      lo[i] = l;
      hi[i] = h;
    }
    crc64Table = { lo, hi };
  }
  const { lo: tlo, hi: thi } = crc64Table;
  let l = 0xffffffff;
  let h = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (l ^ data[i]!) & 0xff;
    l = ((l >>> 8) | (h << 24)) ^ tlo[idx]!;
    h = (h >>> 8) ^ thi[idx]!;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((~h) >>> 0, 0);
  out.writeUInt32BE((~l) >>> 0, 4);
  return out;
}

export function digest(algorithm: ChecksumAlgorithm, data: Uint8Array): Buffer {
  switch (algorithm) {
    case 'CRC32': {
      return u32(nativeCrc32 ? nativeCrc32(data) : crc32(data));
    }
    case 'CRC32C':
      return u32(crc32c(data));
    case 'CRC64NVME':
      return crc64nvme(data);
    case 'SHA1':
      return createHash('sha1').update(data).digest();
    case 'SHA256':
      return createHash('sha256').update(data).digest();
  }
}

export function checksumValue(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  return digest(algorithm, data).toString('base64');
}

function validValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === DIGEST_BYTES[algorithm];
}

/** The one x-amz-checksum-* value a request carries (header or, for aws-chunked bodies, trailer). */
export function declaredChecksum(fields: Record<string, string>): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  let found: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  for (const [header, algorithm] of Object.entries(CHECKSUM_HEADERS)) {
    const value = fields[header];
    if (value === undefined) continue;
    if (found) throw InvalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    if (!validValue(algorithm, value)) throw InvalidChecksumHeader(header);
    found = { algorithm, value };
  }
  return found;
}

/** Verifies a declared checksum against the bytes S3 received; returns what S3 records. */
export function verifyChecksum(declared: { algorithm: ChecksumAlgorithm; value: string }, data: Uint8Array): ChecksumRecord {
  const actual = checksumValue(declared.algorithm, data);
  if (actual !== declared.value) throw BadDigestChecksum(declared.algorithm);
  return { algorithm: declared.algorithm, value: actual, type: 'FULL_OBJECT' };
}

export function verifyContentMd5(header: string | undefined, data: Uint8Array): void {
  if (header === undefined) return;
  if (!/^[A-Za-z0-9+/]{22}==$/.test(header.trim())) throw InvalidDigest();
  const actual = createHash('md5').update(data).digest('base64');
  if (actual !== header.trim()) throw BadDigestMd5();
}

/**
 * The integrity headers of a request whose body S3 reads whole (DeleteObjects, PutBucketTagging): Content-MD5 and
 * an x-amz-checksum-* header are each verified when sent. Returns whether either was.
 */
export function verifyBodyIntegrity(headers: Record<string, string>, body: Uint8Array): boolean {
  const declared = declaredChecksum(headers);
  verifyContentMd5(headers['content-md5'], body);
  if (declared) verifyChecksum(declared, body);
  return declared !== undefined || headers['content-md5'] !== undefined;
}
