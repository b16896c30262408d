/**
 * SigV4 as AWS enforces it (issue 13, item 2), over both transports: what a signature must cover (`host` and every
 * x-amz-* header), the credential scope (date equal to the request's, a region the emulator serves), the
 * payload-hash header, presigned-URL lifetime, and the trailer signature of a signed streaming upload. Requests are
 * signed by @smithy/signature-v4 (the SDKs' signer) and altered after signing, as an attacker would.
 * Sources of each answer (recorded AWS responses unless said otherwise):
 * - HeadersNotSigned: localstack tests/aws/services/s3/test_s3.snapshot.json (test_put_url_metadata_with_sig_s3v4,
 *   HeadersNotSigned "x-amz-meta-wrong"; test_put_object_with_md5_and_chunk_signature_bad_headers, names joined
 *   by ", "); `host`: aws/aws-sdk-java#1680 and brendanhay/amazonka#272 (HeadersNotSigned "host").
 * - Host unsigned outside S3: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." (the
 *   Coral wording; its older form "'Host' must be a 'SignedHeader'…" is recorded in architect/dynalite index.js).
 *   An unsigned x-amz-* header outside S3: no AWS wording found; the emulator answers the generic mismatch.
 * - X-Amz-Expires: "should be a number" (minio/minio-js#1312, AWS S3's answer), "must be non-negative"
 *   (fog/fog#3528), "must be less than a week …" (aws/aws-cli#5464, bryanjos/aws_auth#31), all 400
 *   AuthorizationQueryParametersError (ceph/s3-tests#462: 400, not 403); 0 seconds answers "Request has expired"
 *   (localstack snapshot test_s3_presigned_url_expired: AccessDenied with X-Amz-Expires, Expires, ServerTime).
 * - A presigned X-Amz-Date in the future: AccessDenied "Request is not yet valid" (minio/minio#2638 quotes S3's XML).
 * - Scope date: S3 'Invalid credential date "…". This date is not the same as X-Amz-Date: "…".' (openstack/swift
 *   s3api s3request.py, modelled on S3: AuthorizationHeaderMalformed / AuthorizationQueryParametersError); query
 *   and JSON services "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:
 *   '…' != '…', from '…'." (architect/dynalite index.js; reference_sigv-troubleshooting.html in the IAM guide).
 * - Region: S3 "The authorization header is malformed; the region 'X' is wrong; expecting 'Y'" with Region
 *   (localstack snapshot test_create_bucket_aws_global), presigned "Error parsing the X-Amz-Credential parameter;
 *   the region 'X' is wrong; expecting 'Y'" (minio/minio#2385, swift s3api); others "Credential should be scoped to
 *   a valid region, not 'X'. " (cognitect-labs/aws-api#27 for STS, JuliaCloud/AWS.jl#565 for IAM).
 * - x-amz-content-sha256: InvalidArgument with ArgumentName/ArgumentValue (versity/versitygw#1352 quotes S3's XML);
 *   missing on a header-signed request: InvalidRequest "Missing required header for this request:
 *   x-amz-content-sha256" (versity/versitygw#1427 quotes S3's XML).
 * - Trailer signature: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html; a bad one
 *   answers as a bad chunk signature (SignatureDoesNotMatch), as openstack/swift's s3api does.
 * Deviation: which regions are served is the emulator's choice: its own and any region of the commercial partition
 * (state is kept per region), IAM included: AWS serves IAM only for us-east-1, but SDK clients given a custom
 * endpoint sign with their configured region.
 */
import { createHash, createHmac } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { awsError } from '../testing/errors.js';
import { baseRequest, send, signer, xmlError, xmlValue, type RawResponse, type SignerCredentials } from '../../test/helpers/signed-request.js';

const A = '111111111111';
const ROOT: SignerCredentials = { accessKeyId: A, secretAccessKey: 'test' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';
const SIG_MISMATCH_QUERY =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const NOT_SIGNED = 'There were headers present in the request which were not signed';
const BUCKET = 'sigv4-a';
const OTHER = 'sigv4-b';

function sha256hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An S3 error: status, code, message and the extra fields asked for. */
function s3Error(res: RawResponse, ...fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { status: res.status, ...xmlError(res.body) };
  for (const f of fields) out[f] = xmlValue(res.body, f);
  return out;
}

function jsonError(res: RawResponse): { status: number; code: string; message: string } {
  const body = JSON.parse(res.body) as { __type: string; message: string };
  return { status: res.status, code: body.__type, message: body.message };
}

function yesterday(amzDate: string): string {
  const d = new Date(Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8) - 1));
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

describe.each(['in-process', 'http'] as const)('SigV4 enforcement over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const s3Signer = () => signer(ROOT, 's3');

  const put = (key: string, body: string, headers: Record<string, string> = {}) =>
    baseRequest(emu, { method: 'PUT', path: `/${BUCKET}/${key}`, headers: { 'content-type': 'text/plain', ...headers }, body });
  const get = (path: string) => baseRequest(emu, { method: 'GET', path });
  // As @aws-sdk/s3-request-presigner does: the payload is not signed, and the header stays on the request unsigned.
  const presign = (req: HttpRequest, expiresIn: number, signingDate?: Date, region?: string) => {
    req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    return signer(ROOT, 's3', region).presign(req, { expiresIn, signingDate, unsignableHeaders: new Set(['x-amz-content-sha256']) });
  };
  const read = async (bucket: string, key: string) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: await out.Body!.transformToString(), sse: out.ServerSideEncryption, metadata: out.Metadata };
  };

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: OTHER }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'target', Body: 'original' }));
    await s3.send(new PutObjectCommand({ Bucket: OTHER, Key: 'secret', Body: 'other bucket' }));
  });
  afterAll(() => emu.dispose());

  describe('S3: every x-amz-* header and host must be signed', () => {
    it.each([
      ['a header-signed PutObject', () => s3Signer().sign(put('target', 'signed body'))],
      ['a presigned PUT', () => presign(baseRequest(emu, { method: 'PUT', path: `/${BUCKET}/target` }), 300)],
    ])('refuses %s turned into CopyObject by an added x-amz-copy-source', async (_, signed) => {
      const req = await signed();
      req.headers['x-amz-copy-source'] = `/${OTHER}/secret`;
      expect(s3Error(await send(emu, transport, req), 'HeadersNotSigned')).toEqual({
        status: 403,
        code: 'AccessDenied',
        message: NOT_SIGNED,
        HeadersNotSigned: 'x-amz-copy-source',
      });
      expect((await read(BUCKET, 'target')).body).toBe('original');
    });

    it('lists every unsigned x-amz-* header (encryption, ACL, metadata, token), sorted and joined by ", "', async () => {
      const req = await s3Signer().sign(put('unsigned-extras', 'x'));
      Object.assign(req.headers, {
        'x-amz-server-side-encryption': 'AES256',
        'x-amz-acl': 'public-read',
        'x-amz-meta-owner': 'attacker',
        'x-amz-security-token': 'forged',
      });
      expect(s3Error(await send(emu, transport, req), 'HeadersNotSigned')).toEqual({
        status: 403,
        code: 'AccessDenied',
        message: NOT_SIGNED,
        HeadersNotSigned: 'x-amz-acl, x-amz-meta-owner, x-amz-security-token, x-amz-server-side-encryption',
      });
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'unsigned-extras' })))).toMatchObject({ code: 'NoSuchKey', status: 404 });
    });

    it('still accepts the headers when they are signed, and a presigned URL with x-amz-content-sha256 unsigned', async () => {
      const ok = await send(emu, transport, await s3Signer().sign(put('signed-extras', 'x', { 'x-amz-server-side-encryption': 'AES256', 'x-amz-meta-owner': 'me' })));
      expect(ok.status).toBe(200);
      expect(await read(BUCKET, 'signed-extras')).toEqual({ body: 'x', sse: 'AES256', metadata: { owner: 'me' } });
      const url = await presign(get(`/${BUCKET}/target`), 300);
      expect(url.query!['X-Amz-SignedHeaders']).toBe('host');
      url.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      expect(await send(emu, transport, url)).toMatchObject({ status: 200, body: 'original' });
    });

    it('refuses a request whose host is not signed', async () => {
      const req = get(`/${BUCKET}/target`);
      delete req.headers['host'];
      const signed = await s3Signer().sign(req);
      expect(signed.headers['authorization']).not.toMatch(/SignedHeaders=[^,]*host/);
      expect(s3Error(await send(emu, transport, signed), 'HeadersNotSigned')).toEqual({
        status: 403,
        code: 'AccessDenied',
        message: NOT_SIGNED,
        HeadersNotSigned: 'host',
      });
    });

    it('refuses a virtual-hosted request replayed with another bucket in Host', async () => {
      const port = new URL(emu.endpoint).port;
      const vhost = (bucket: string) => `${bucket}.s3.amazonaws.com${transport === 'http' ? `:${port}` : ''}`;
      // The in-process transport routes by the request's hostname, a socket by its Host header: set both.
      const at = (req: HttpRequest, bucket: string) => {
        if (transport === 'in-process') req.hostname = vhost(bucket);
        req.headers = { ...req.headers, host: vhost(bucket) };
        return req;
      };
      const signed = await s3Signer().sign(at(get('/secret'), BUCKET));
      expect(s3Error(await send(emu, transport, signed))).toMatchObject({ status: 404, code: 'NoSuchKey' });
      at(signed, OTHER);
      const replay = await send(emu, transport, signed);
      expect(s3Error(replay)).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      });
      expect(replay.body).not.toContain('other bucket');
    });
  });

  describe('S3 presigned URLs: X-Amz-Expires and X-Amz-Date', () => {
    const presigned = async (expires: string) => {
      const req = await presign(get(`/${BUCKET}/target`), 300);
      req.query = { ...req.query, 'X-Amz-Expires': expires };
      return send(emu, transport, req);
    };

    it.each([
      ['abc', 'X-Amz-Expires should be a number'],
      ['1.5', 'X-Amz-Expires should be a number'],
      ['99999999999999999999', 'X-Amz-Expires should be a number'],
      ['-1', 'X-Amz-Expires must be non-negative'],
      ['604801', 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds'],
    ])('refuses X-Amz-Expires=%s with AuthorizationQueryParametersError', async (expires, message) => {
      expect(s3Error(await presigned(expires))).toEqual({ status: 400, code: 'AuthorizationQueryParametersError', message });
    });

    it('answers X-Amz-Expires=0 as expired, with the times S3 reports', async () => {
      const req = await presign(get(`/${BUCKET}/target`), 0);
      expect(s3Error(await send(emu, transport, req), 'X-Amz-Expires', 'Expires', 'ServerTime')).toMatchObject({
        status: 403,
        code: 'AccessDenied',
        message: 'Request has expired',
        'X-Amz-Expires': '0',
        Expires: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        ServerTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
    });

    it('accepts the longest lifetime, a week', async () => {
      const req = await presign(get(`/${BUCKET}/target`), 604800);
      expect(await send(emu, transport, req)).toMatchObject({ status: 200, body: 'original' });
    });

    it('refuses an X-Amz-Date beyond the clock skew in the future, however long it claims to last', async () => {
      const req = await presign(get(`/${BUCKET}/target`), 3600, new Date(Date.now() + 20 * 60_000));
      expect(s3Error(await send(emu, transport, req), 'X-Amz-Date')).toMatchObject({
        status: 403,
        code: 'AccessDenied',
        message: 'Request is not yet valid',
        'X-Amz-Date': expect.stringMatching(/^\d{13}$/),
      });
      const near = await presign(get(`/${BUCKET}/target`), 300, new Date(Date.now() + 5 * 60_000));
      expect((await send(emu, transport, near)).status).toBe(200);
    });
  });

  describe('the credential scope date must be the request date', () => {
    const backdate = (req: HttpRequest) => {
      const amzDate = String(req.headers['x-amz-date'] ?? req.query?.['X-Amz-Date']);
      const from = `/${amzDate.slice(0, 8)}/`;
      const to = `/${yesterday(amzDate)}/`;
      if (req.headers['authorization']) req.headers['authorization'] = req.headers['authorization'].replace(from, to);
      else req.query = { ...req.query, 'X-Amz-Credential': String(req.query!['X-Amz-Credential']).replace(from, to) };
      return { amzDate, scopeDate: yesterday(amzDate) };
    };

    it.each([
      ['header form', 'AuthorizationHeaderMalformed', () => s3Signer().sign(get(`/${BUCKET}/target`))],
      ['presigned', 'AuthorizationQueryParametersError', () => presign(get(`/${BUCKET}/target`), 300)],
    ])('S3, %s: %s', async (_, code, signed) => {
      const req = await signed();
      const { amzDate, scopeDate } = backdate(req);
      expect(s3Error(await send(emu, transport, req))).toEqual({
        status: 400,
        code,
        message: `Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
      });
    });

    it('STS (query) and KMS (JSON): the Coral wording', async () => {
      const sts = await signer(ROOT, 'sts').sign(baseRequest(emu, { method: 'POST', headers: FORM, body: GCI }));
      const a = backdate(sts);
      const message = `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${a.scopeDate}' != '${a.amzDate.slice(0, 8)}', from '${a.amzDate}'.`;
      const stsRes = await send(emu, transport, sts);
      expect({ status: stsRes.status, ...xmlError(stsRes.body) }).toEqual({ status: 403, code: 'SignatureDoesNotMatch', message });
      const kms = await signer(ROOT, 'kms').sign(
        baseRequest(emu, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' }),
      );
      const b = backdate(kms);
      expect(jsonError(await send(emu, transport, kms))).toEqual({
        status: 400,
        code: 'InvalidSignatureException',
        message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${b.scopeDate}' != '${b.amzDate.slice(0, 8)}', from '${b.amzDate}'.`,
      });
    });
  });

  describe('the scope region must be one the emulator serves', () => {
    it('S3: refuses a malformed region with AuthorizationHeaderMalformed / AuthorizationQueryParametersError and the Region', async () => {
      const header = await signer(ROOT, 's3', 'evil.example').sign(get(`/${BUCKET}/target`));
      expect(s3Error(await send(emu, transport, header), 'Region')).toEqual({
        status: 400,
        code: 'AuthorizationHeaderMalformed',
        message: "The authorization header is malformed; the region 'evil.example' is wrong; expecting 'us-east-1'",
        Region: 'us-east-1',
      });
      const url = await presign(get(`/${BUCKET}/target`), 300, undefined, 'aws-global');
      expect(s3Error(await send(emu, transport, url), 'Region')).toEqual({
        status: 400,
        code: 'AuthorizationQueryParametersError',
        message: "Error parsing the X-Amz-Credential parameter; the region 'aws-global' is wrong; expecting 'us-east-1'",
        Region: 'us-east-1',
      });
    });

    it('STS and IAM (query), KMS (JSON): "Credential should be scoped to a valid region"', async () => {
      const sts = await signer(ROOT, 'sts', 'nowhere').sign(baseRequest(emu, { method: 'POST', headers: FORM, body: GCI }));
      const stsRes = await send(emu, transport, sts);
      expect({ status: stsRes.status, ...xmlError(stsRes.body) }).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: "Credential should be scoped to a valid region, not 'nowhere'. ",
      });
      const iam = await signer(ROOT, 'iam', 'local').sign(baseRequest(emu, { method: 'POST', headers: FORM, body: 'Action=ListUsers&Version=2010-05-08' }));
      const iamRes = await send(emu, transport, iam);
      expect({ status: iamRes.status, ...xmlError(iamRes.body) }).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: "Credential should be scoped to a valid region, not 'local'. ",
      });
      const kms = await signer(ROOT, 'kms', 'x').sign(
        baseRequest(emu, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' }),
      );
      expect(jsonError(await send(emu, transport, kms))).toEqual({
        status: 400,
        code: 'InvalidSignatureException',
        message: "Credential should be scoped to a valid region, not 'x'. ",
      });
    });

    it('serves other regions of the partition, IAM included (clients given a custom endpoint sign with their region)', async () => {
      const sts = await signer(ROOT, 'sts', 'eu-west-1').sign(baseRequest(emu, { method: 'POST', headers: FORM, body: GCI }));
      expect((await send(emu, transport, sts)).status).toBe(200);
      expect((await new IAMClient({ ...emu.clientConfig(A), region: 'eu-west-1' }).send(new ListUsersCommand({}))).Users).toEqual([]);
    });
  });

  describe('S3: x-amz-content-sha256', () => {
    it('refuses a value that is neither a SHA-256 nor a named value', async () => {
      const req = await s3Signer().sign(put('hash', 'body', { 'x-amz-content-sha256': 'not-a-hash' }));
      expect(s3Error(await send(emu, transport, req), 'ArgumentName', 'ArgumentValue')).toEqual({
        status: 400,
        code: 'InvalidArgument',
        message:
          'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        ArgumentName: 'x-amz-content-sha256',
        ArgumentValue: 'not-a-hash',
      });
    });

    it('checks an upper-case hex hash against the body like a lower-case one', async () => {
      const wrong = sha256hex('other').toUpperCase();
      const req = await s3Signer().sign(put('hash', 'body', { 'x-amz-content-sha256': wrong }));
      expect(s3Error(await send(emu, transport, req), 'ClientComputedContentSHA256', 'S3ComputedContentSHA256')).toEqual({
        status: 400,
        code: 'XAmzContentSHA256Mismatch',
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
        ClientComputedContentSHA256: wrong,
        S3ComputedContentSHA256: sha256hex('body'),
      });
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'hash' })))).toMatchObject({ code: 'NoSuchKey', status: 404 });
    });

    it('requires it on a header-signed request', async () => {
      const unhashed = new SignatureV4({ credentials: ROOT, region: 'us-east-1', service: 's3', sha256: Sha256, applyChecksum: false });
      const req = await unhashed.sign(put('hash', 'body'));
      expect(req.headers['x-amz-content-sha256']).toBeUndefined();
      expect(s3Error(await send(emu, transport, req))).toEqual({
        status: 400,
        code: 'InvalidRequest',
        message: 'Missing required header for this request: x-amz-content-sha256',
      });
    });
  });

  describe('services other than S3', () => {
    it("insist on a signed host with the Coral wording", async () => {
      const req = baseRequest(emu, { method: 'POST', headers: FORM, body: GCI });
      delete req.headers['host'];
      const res = await send(emu, transport, await signer(ROOT, 'sts').sign(req));
      expect({ status: res.status, ...xmlError(res.body) }).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      });
    });

    it('refuse an unsigned x-amz-* header as a signature mismatch', async () => {
      const req = await signer(ROOT, 'sts').sign(baseRequest(emu, { method: 'POST', headers: FORM, body: GCI }));
      req.headers['x-amz-security-token'] = 'forged';
      const res = await send(emu, transport, req);
      expect({ status: res.status, ...xmlError(res.body) }).toEqual({ status: 403, code: 'SignatureDoesNotMatch', message: SIG_MISMATCH_QUERY });
    });
  });

  describe('S3: the trailer signature of STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', () => {
    async function upload(key: string, data: Buffer, trailerSignature: (real: string) => string | undefined): Promise<RawResponse> {
      const crc32 = Buffer.alloc(4);
      crc32.writeUInt32BE(zlibCrc32(data));
      const trailer = `x-amz-checksum-crc32:${crc32.toString('base64')}`;
      const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
      const amzDate = signingDate.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const date = amzDate.slice(0, 8);
      const req = await s3Signer().sign(
        put(key, '', {
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(data.length),
          'x-amz-trailer': 'x-amz-checksum-crc32',
        }),
        { signingDate },
      );
      const key4 = [date, 'us-east-1', 's3', 'aws4_request'].reduce<Buffer>((k, part) => createHmac('sha256', k).update(part).digest(), Buffer.from('AWS4test'));
      const scope = `${date}/us-east-1/s3/aws4_request`;
      let previous = /Signature=([0-9a-f]{64})/.exec(String(req.headers['authorization']))![1]!;
      const sign = (...lines: string[]) => (previous = createHmac('sha256', key4).update(lines.join('\n')).digest('hex'));
      const parts: string[] = [];
      for (const chunk of [data, Buffer.alloc(0)]) {
        const sig = sign('AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256hex(''), sha256hex(chunk));
        parts.push(`${chunk.length.toString(16)};chunk-signature=${sig}\r\n${chunk.toString('latin1')}${chunk.length > 0 ? '\r\n' : ''}`);
      }
      const real = sign('AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256hex(`${trailer}\n`));
      const given = trailerSignature(real);
      const body = `${parts.join('')}${trailer}\r\n${given === undefined ? '' : `x-amz-trailer-signature:${given}\r\n`}\r\n`;
      req.body = body;
      req.headers['content-length'] = String(Buffer.byteLength(body, 'latin1'));
      return send(emu, transport, req);
    }

    it('accepts a correct trailer signature and refuses a bogus or missing one', async () => {
      const data = Buffer.from('streamed with a signed trailer');
      expect((await upload('trailer-ok', data, (real) => real)).status).toBe(200);
      expect((await read(BUCKET, 'trailer-ok')).body).toBe(data.toString());
      expect(s3Error(await upload('trailer-bogus', data, (real) => real.replace(/^./, (c) => (c === '0' ? '1' : '0'))))).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      });
      expect(s3Error(await upload('trailer-missing', data, () => undefined))).toEqual({
        status: 400,
        code: 'IncompleteBody',
        message: 'The request body terminated unexpectedly',
      });
      for (const key of ['trailer-bogus', 'trailer-missing']) {
        expect(await awsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })))).toMatchObject({ code: 'NoSuchKey', status: 404 });
      }
    });
  });
});
