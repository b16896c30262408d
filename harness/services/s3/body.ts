/**
 * What S3 does with an upload's bytes before it stores them: undo the aws-chunked content encoding
 * (STREAMING-UNSIGNED-PAYLOAD-TRAILER and STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], verifying each chunk's
 * signature), check x-amz-decoded-content-length, x-amz-content-sha256, Content-MD5 and the x-amz-checksum-*
 * value from a header or a trailer.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 * Chunks are decoded in place inside the request's one Buffer (the decoded bytes never overtake the encoded
 * ones), so a large upload is not copied. With STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER the trailing headers
 * carry their own signature (x-amz-trailer-signature), chained to the final chunk's and computed over the
 * trailers as "name:value\n" lines sorted by name (openstack/swift s3api SigCheckerV4._trailer_string_to_sign).
 * Deviation: SigV4a bodies (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER]) are refused as not implemented,
 * since their chunk signatures cannot be verified here.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readSignature, signingKey } from '../../core/sigv4.js';
import type { OperationContext } from '../types.js';
import { declaredChecksum, verifyChecksum, verifyContentMd5 } from './checksums.js';
import { IncompleteBody, InvalidRequest, NotImplemented, SignatureDoesNotMatch, XAmzContentSHA256Mismatch } from './errors.js';
import type { ChecksumRecord } from './store.js';

export interface ReceivedBody {
  data: Buffer;
  checksum?: ChecksumRecord;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CRLF = Buffer.from('\r\n');

interface ChunkSigner {
  key: Buffer;
  amzDate: string;
  scope: string;
  previous: string;
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: the trailing headers are signed too. */
  trailerSigned: boolean;
}

function chunkSigner(ctx: OperationContext, trailerSigned: boolean): ChunkSigner {
  const sig = readSignature(ctx.request);
  const cred = sig ? ctx.world.credentials.get(sig.accessKeyId) : undefined;
  if (!sig || !cred) throw InvalidRequest('Streaming signed payloads need a signed request.');
  return {
    key: signingKey(cred.secretAccessKey, sig.date, sig.region, sig.service),
    amzDate: sig.amzDate,
    scope: `${sig.date}/${sig.region}/${sig.service}/aws4_request`,
    previous: sig.signature,
    trailerSigned,
  };
}

function verifyChunk(signer: ChunkSigner, data: Buffer, given: string | undefined): void {
  verifyChained(signer, ['AWS4-HMAC-SHA256-PAYLOAD', EMPTY_SHA256, createHash('sha256').update(data).digest('hex')], given);
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html */
function verifyTrailer(signer: ChunkSigner, trailers: Record<string, string>, given: string | undefined): void {
  const lines = Object.keys(trailers)
    .filter((name) => name !== TRAILER_SIGNATURE)
    .sort()
    .map((name) => `${name}:${trailers[name]}\n`)
    .join('');
  verifyChained(signer, ['AWS4-HMAC-SHA256-TRAILER', createHash('sha256').update(lines || '\n').digest('hex')], given);
}

/** Each signature signs the previous one: [algorithm, ...hashes] around the date, scope and previous signature. */
function verifyChained(signer: ChunkSigner, [algorithm, ...hashes]: string[], given: string | undefined): void {
  const toSign = [algorithm, signer.amzDate, signer.scope, signer.previous, ...hashes].join('\n');
  const expected = createHmac('sha256', signer.key).update(toSign).digest();
  const got = Buffer.from(given ?? '', 'hex');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw SignatureDoesNotMatch();
  }
  signer.previous = expected.toString('hex');
}

const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

/** Decodes an aws-chunked body in place; returns the payload (a view of `body`) and the trailing headers. */
export function decodeAwsChunked(body: Buffer, signer?: ChunkSigner): { data: Buffer; trailers: Record<string, string> } {
  let read = 0;
  let write = 0;
  for (;;) {
    const eol = body.indexOf(CRLF, read);
    if (eol < 0) throw IncompleteBody();
    const header = body.toString('latin1', read, eol);
    const [sizeText, ...exts] = header.split(';');
    if (!/^[0-9a-fA-F]+$/.test(sizeText ?? '')) throw IncompleteBody();
    const size = parseInt(sizeText!, 16);
    const start = eol + 2;
    if (start + size > body.length) throw IncompleteBody();
    const chunkSig = exts.map((e) => /^chunk-signature=([0-9a-f]+)$/.exec(e.trim())?.[1]).find((s) => s !== undefined);
    if (signer) verifyChunk(signer, body.subarray(start, start + size), chunkSig);
    if (size === 0) {
      read = start;
      break;
    }
    body.copy(body, write, start, start + size);
    write += size;
    read = start + size;
    if (body[read] !== 0x0d || body[read + 1] !== 0x0a) throw IncompleteBody();
    read += 2;
  }
  const trailers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of body.toString('latin1', read).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (signer && signer.trailerSigned) {
    const given = trailers[TRAILER_SIGNATURE];
    if (given === undefined) throw IncompleteBody();
    verifyTrailer(signer, trailers, given);
  }
  return { data: body.subarray(0, write), trailers };
}

/** The object bytes of an upload, verified as S3 verifies them. */
/**
 * A write's payload as bytes: the decoder hands the request's Buffer; an internal call passes the SDK's Body type,
 * of which bytes and text are taken (a stream is a caller's mistake, not a request S3 refuses).
 */
export function payloadBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body === undefined) return Buffer.alloc(0);
  throw new TypeError('an internal S3 write must pass its Body as bytes or text');
}

/** The members of an upload (PutObject, UploadPart) that carry it and declare its integrity. */
export interface UploadMembers {
  Body?: unknown;
  ContentMD5?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

const CHECKSUM_MEMBERS = {
  ChecksumCRC32: 'x-amz-checksum-crc32',
  ChecksumCRC32C: 'x-amz-checksum-crc32c',
  ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
  ChecksumSHA1: 'x-amz-checksum-sha1',
  ChecksumSHA256: 'x-amz-checksum-sha256',
} as const;

/** The x-amz-checksum-* values an upload declares in its members, by header name (as trailers name them too). */
function declaredInMembers(input: UploadMembers): Record<string, string> {
  const fields = Object.create(null) as Record<string, string>;
  for (const [member, header] of Object.entries(CHECKSUM_MEMBERS)) {
    const value = input[member as keyof typeof CHECKSUM_MEMBERS];
    if (value !== undefined) fields[header] = value;
  }
  return fields;
}

/**
 * The upload's bytes, verified: Content-MD5 and x-amz-checksum-* from the members; how the body travelled (aws-chunked
 * framing, its chunk signatures and trailers, x-amz-content-sha256) from the wire, which no member describes.
 */
export function receiveBody(ctx: OperationContext, input: UploadMembers): ReceivedBody {
  const body = payloadBytes(input.Body);
  const headers = ctx.request.headers;
  const contentSha = headers['x-amz-content-sha256'];
  const chunked = (contentSha?.startsWith('STREAMING-') ?? false) || (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
  let data = body;
  let checksumFields = declaredInMembers(input);
  if (chunked) {
    if (contentSha?.startsWith('STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD')) {
      throw NotImplemented('x-amz-content-sha256');
    }
    const signed = contentSha === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || contentSha === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
    const decoded = decodeAwsChunked(body, signed ? chunkSigner(ctx, contentSha === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER') : undefined);
    data = decoded.data;
    const declaredLength = headers['x-amz-decoded-content-length'];
    if (declaredLength !== undefined && Number(declaredLength) !== data.length) throw IncompleteBody();
    const trailerNames = (headers['x-amz-trailer'] ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (trailerNames.length > 0) {
      for (const name of trailerNames) {
        const value = decoded.trailers[name];
        if (value === undefined) throw IncompleteBody();
        checksumFields[name] = value;
      }
    }
  } else if (contentSha && /^[0-9a-fA-F]{64}$/.test(contentSha)) {
    const computed = createHash('sha256').update(data).digest('hex');
    if (computed !== contentSha.toLowerCase()) throw XAmzContentSHA256Mismatch(contentSha, computed);
  }
  verifyContentMd5(input.ContentMD5, data);
  const declared = declaredChecksum(checksumFields);
  return { data, checksum: declared ? verifyChecksum(declared, data) : undefined };
}
