/**
 * AWS Signature Version 4 verification, header and presigned-query forms.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * The canonical request is rebuilt from the request exactly as it arrived, using the header list the client chose
 * to sign. A service with the `rawPath` quirk (S3) uses the path as sent; every other service double-encodes it (the
 * SDKs' uriEscapePath). What a service does differently is declared by it (SigningQuirks), never looked up by name.
 * What must be covered, as S3 words it: `host` and every x-amz-* header present ("Any x-amz-* headers that you plan to
 * add to the request", https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html); a presigned
 * URL may carry x-amz-content-sha256 unsigned (LocalStack's AWS-validated S3 presign tests ignore it). The
 * payload-hash header, when S3 trusts it, is one of AWS's named values or a SHA-256 in hex.
 * Deviations: SigV4a is not supported; streaming chunk and trailer signatures are verified where the body is
 * decoded (services/s3/body.ts), not here.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parseQuery, type XRequest } from './request.js';

export interface SignatureInfo {
  form: 'header' | 'query';
  accessKeyId: string;
  /** Credential scope parts. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** x-amz-date / X-Amz-Date: yyyymmddThhmmssZ. */
  amzDate: string;
  /** Presigned URLs only: X-Amz-Expires as sent (validated by `presignExpiresProblem`). */
  expires?: string;
  securityToken?: string;
}

export class SignatureParseError extends Error {}

/** What a service's SigV4 does differently from the default (every quirk is S3's today). */
export interface SigningQuirks {
  /** The canonical URI is the path as sent, not normalised and escaped once more. */
  rawPath?: boolean;
  /**
   * The payload line is the declared x-amz-content-sha256 (a hash, UNSIGNED-PAYLOAD or a streaming marker; required
   * on header-signed requests), checked against the body once it arrives: the head can be verified before the body.
   */
  declaredPayloadHash?: boolean;
  /** Presigned URLs carry X-Amz-Expires (up to a week) rather than keeping to the 15-minute skew window. */
  presignedExpiry?: boolean;
}

const NO_QUIRKS: SigningQuirks = {};

const AUTH_RE = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/;

/** Reads the signature from the request; undefined when the request is unsigned. */
export function readSignature(req: XRequest): SignatureInfo | undefined {
  const auth = req.headers['authorization'];
  if (auth) {
    const m = AUTH_RE.exec(auth);
    if (!m) throw new SignatureParseError(`Authorization header is not a SigV4 header: ${auth.split(' ')[0] ?? ''}`);
    const scope = parseScope(m[1]!);
    const amzDate = req.headers['x-amz-date'] ?? '';
    return {
      form: 'header',
      ...scope,
      signedHeaders: m[2]!.split(';'),
      signature: m[3]!,
      amzDate,
      securityToken: req.headers['x-amz-security-token'],
    };
  }
  if (req.rawQuery.includes('X-Amz-Signature=')) {
    const q = new Map(parseQuery(req.rawQuery));
    const algorithm = q.get('X-Amz-Algorithm');
    if (algorithm !== 'AWS4-HMAC-SHA256') throw new SignatureParseError(`unsupported X-Amz-Algorithm ${algorithm ?? ''}`);
    const credential = q.get('X-Amz-Credential');
    if (!credential) throw new SignatureParseError('X-Amz-Credential is missing');
    return {
      form: 'query',
      ...parseScope(credential),
      signedHeaders: (q.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
      signature: q.get('X-Amz-Signature') ?? '',
      amzDate: q.get('X-Amz-Date') ?? '',
      expires: q.get('X-Amz-Expires'),
      securityToken: q.get('X-Amz-Security-Token'),
    };
  }
  return undefined;
}

function parseScope(credential: string): Pick<SignatureInfo, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    throw new SignatureParseError(`malformed credential scope ${credential}`);
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service };
}

/** yyyymmddThhmmssZ -> Date, or undefined when malformed. */
export function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

export function formatAmzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** S3's Expires and ServerTime: ISO-8601 to the second (aws/aws-sdk-js#3493 quotes "2020-10-15T02:03:37Z"). */
export function formatIsoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalPath(req: XRequest, quirks: SigningQuirks): string {
  const path = req.path || '/';
  if (quirks.rawPath) return path;
  // The SDKs normalise and escape the (already escaped) path once more for every service but S3.
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const normalised = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEncode(normalised).replace(/%2F/g, '/');
}

function canonicalQuery(req: XRequest, form: 'header' | 'query'): string {
  return parseQuery(req.rawQuery)
    .filter(([k]) => !(form === 'query' && k === 'X-Amz-Signature'))
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(req: XRequest, name: string): string {
  if (name === 'host') {
    const host = req.headers['host'];
    if (host !== undefined) return host.trim();
  }
  return (req.headers[name] ?? '').trim().replace(/\s+/g, ' ');
}

function bodyHash(req: XRequest): string {
  return createHash('sha256').update(req.body).digest('hex');
}

/**
 * The payload line of the canonical request. Only a service with the declaredPayloadHash quirk (S3) trusts the
 * client's x-amz-content-sha256 (it also allows UNSIGNED-PAYLOAD and streaming markers, and checks a declared hash
 * separately); every other service hashes the body it received, so a body swapped after signing fails even when the
 * signed header still names the old one.
 */
export function payloadHash(req: XRequest, sig: SignatureInfo, quirks: SigningQuirks = NO_QUIRKS): string {
  if (quirks.declaredPayloadHash) {
    const declared = req.headers['x-amz-content-sha256'];
    if (declared) return declared;
    if (sig.form === 'query') return 'UNSIGNED-PAYLOAD';
  }
  return bodyHash(req);
}

/** declaredPayloadHash only: a declared hex payload hash that is not the hash of the body received (compared
 * ignoring case, as openstack/swift's s3api HashingInput does). */
export function declaredPayloadMismatch(req: XRequest, quirks: SigningQuirks): { declared: string; computed: string } | undefined {
  const declared = req.headers['x-amz-content-sha256'];
  if (!quirks.declaredPayloadHash || !declared || !HEX_SHA256.test(declared)) return undefined;
  const computed = bodyHash(req);
  return computed === declared.toLowerCase() ? undefined : { declared, computed };
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** The values S3 accepts in x-amz-content-sha256 besides a SHA-256 of the body. */
export const NAMED_PAYLOAD_HASHES: readonly string[] = [
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
];

/** declaredPayloadHash only: an x-amz-content-sha256 that is absent where required (header form) or not a value S3 accepts. */
export function payloadHashProblem(req: XRequest, sig: SignatureInfo, quirks: SigningQuirks): { kind: 'missing' } | { kind: 'invalid'; value: string } | undefined {
  if (!quirks.declaredPayloadHash) return undefined;
  const declared = req.headers['x-amz-content-sha256'];
  if (declared === undefined) return sig.form === 'header' ? { kind: 'missing' } : undefined;
  return HEX_SHA256.test(declared) || NAMED_PAYLOAD_HASHES.includes(declared) ? undefined : { kind: 'invalid', value: declared };
}

/**
 * Headers present that the signature does not cover: `host` (required even when absent, as every HTTP request
 * has one) and every x-amz-* header, sorted. A presigned URL may leave x-amz-content-sha256 unsigned.
 */
export function unsignedHeaders(req: XRequest, sig: SignatureInfo): string[] {
  const signed = new Set(sig.signedHeaders);
  const missing = signed.has('host') ? [] : ['host'];
  for (const name of Object.keys(req.headers)) {
    if (!name.startsWith('x-amz-') || signed.has(name)) continue;
    if (sig.form === 'query' && name === 'x-amz-content-sha256') continue;
    missing.push(name);
  }
  return missing.sort();
}

/** The largest X-Amz-Expires S3 accepts: a week, as long as a signing key is valid. */
export const MAX_PRESIGN_EXPIRES = 604800;

/** S3 presigned URLs: why X-Amz-Expires is refused, in S3's words, or the number of seconds it allows. */
export function presignExpires(sig: SignatureInfo): { seconds: number } | { problem: string } {
  const raw = sig.expires ?? '';
  // Swift's s3api (modelled on S3) answers "should be a number" also for values beyond a 64-bit integer.
  if (!/^-?\d{1,18}$/.test(raw)) return { problem: 'X-Amz-Expires should be a number' };
  const seconds = Number(raw);
  if (seconds < 0) return { problem: 'X-Amz-Expires must be non-negative' };
  if (seconds > MAX_PRESIGN_EXPIRES) {
    return { problem: 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds' };
  }
  return { seconds };
}

export function stringToSign(req: XRequest, sig: SignatureInfo, quirks: SigningQuirks = NO_QUIRKS): string {
  const canonicalHeaders = sig.signedHeaders.map((h) => `${h}:${headerValue(req, h)}\n`).join('');
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req, quirks),
    canonicalQuery(req, sig.form),
    canonicalHeaders,
    sig.signedHeaders.join(';'),
    payloadHash(req, sig, quirks),
  ].join('\n');
  return [
    'AWS4-HMAC-SHA256',
    sig.amzDate,
    `${sig.date}/${sig.region}/${sig.service}/aws4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
}

const signingKeyCache = new Map<string, Buffer>();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\0${date}\0${region}\0${service}`;
  let key = signingKeyCache.get(cacheKey);
  if (!key) {
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    if (signingKeyCache.size > 1000) signingKeyCache.clear();
    signingKeyCache.set(cacheKey, key);
  }
  return key;
}

export function signatureMatches(req: XRequest, sig: SignatureInfo, secret: string, quirks: SigningQuirks = NO_QUIRKS): boolean {
  const expected = createHmac('sha256', signingKey(secret, sig.date, sig.region, sig.service))
    .update(stringToSign(req, sig, quirks))
    .digest();
  const given = Buffer.from(sig.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Region names of the commercial partition, the only one the emulator's ARNs (arn:aws:...) belong to: the
 * regionRegex of the "aws" partition in the SDKs' partitions data (@aws-sdk/core util-endpoints partitions.js).
 */
const COMMERCIAL_REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/;

/**
 * Whether a credential scope's region is one the emulator serves: its own, or any region of the commercial partition
 * (state is kept per region). Global services (IAM) are served in any of them too: AWS answers them only for
 * us-east-1, but an SDK client given a custom endpoint signs with its configured region, as the applier's do.
 */
export function servesRegion(region: string, own: string): boolean {
  return region === own || COMMERCIAL_REGION.test(region);
}
