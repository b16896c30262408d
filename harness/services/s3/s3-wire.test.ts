/**
 * What real clients put on the wire, over both transports: checksum and Content-MD5 verification (BadDigest as
 * S3 words it), x-amz-content-sha256 checked against the body (XAmzContentSHA256Mismatch), aws-chunked bodies
 * signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html),
 * presigned URLs, virtual-hosted-style addressing and S3's error XML layout (E022's body: Code, Message, …,
 * RequestId, HostId). Raw requests are signed with @smithy/signature-v4, as the SDKs sign them.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const BUCKET = 'wire-bucket';
const signer = new SignatureV4({ credentials: { accessKeyId: A, secretAccessKey: 'test' }, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });

interface Raw {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  host?: string;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function sha256hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

describe.each(['in-process', 'http'] as const)('S3 wire details over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let host: string;

  async function send(raw: Raw): Promise<RawResponse> {
    const query = raw.query ?? {};
    const rawQuery = Object.entries(query)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    const headers = { host: raw.host ?? host, ...raw.headers };
    if (transport === 'in-process') {
      const res = await emu.emulator.handle({
        method: raw.method,
        protocol: 'https',
        hostname: headers.host.split(':')[0]!,
        path: raw.path,
        rawQuery,
        headers,
        body: raw.body ?? Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      });
      return { status: res.status, headers: res.headers, body: res.body.toString() };
    }
    const url = new URL(emu.endpoint);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, method: raw.method, path: raw.path + (rawQuery ? `?${rawQuery}` : ''), headers: { ...headers, 'content-length': String(raw.body?.length ?? 0) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end(raw.body);
    });
  }

  async function signed(raw: Raw & { payloadHash?: string }): Promise<Raw> {
    const body = raw.body ?? Buffer.alloc(0);
    const req = new HttpRequest({
      method: raw.method,
      protocol: 'https:',
      hostname: (raw.host ?? host).split(':')[0],
      port: Number((raw.host ?? host).split(':')[1]) || undefined,
      path: raw.path,
      query: raw.query,
      headers: { host: raw.host ?? host, 'x-amz-content-sha256': raw.payloadHash ?? sha256hex(body), ...raw.headers },
      body,
    });
    const out = await signer.sign(req);
    return { ...raw, headers: out.headers as Record<string, string>, body };
  }

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    host = transport === 'http' ? new URL(emu.endpoint).host : '127.0.0.1:4566';
    s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(() => emu.dispose());

  it('verifies x-amz-checksum-* values: BadDigest on mismatch, InvalidRequest on a malformed value', async () => {
    expect(await awsError(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'c', Body: 'abc', ChecksumCRC32: 'AAAAAA==' })))).toEqual({
      code: 'BadDigest',
      status: 400,
      message: 'The CRC32 you specified did not match the calculated checksum.',
    });
    expect(await awsError(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'c', Body: 'abc', ChecksumSHA256: 'AAAA' })))).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message: 'Value for x-amz-checksum-sha256 header is invalid.',
    });
    const sha256 = createHash('sha256').update('abc').digest('base64');
    const ok = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'c', Body: 'abc', ChecksumSHA256: sha256 }));
    expect(ok.ChecksumSHA256).toBe(sha256);
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'never-stored' })))).toMatchObject({ code: 'NoSuchKey' });
  });

  it('verifies CRC32C and CRC64NVME values the server computes itself', async () => {
    const body = Buffer.from('123456789');
    // Check values of the catalogued CRCs for "123456789": CRC-32C 0xE3069283, CRC-64/NVME 0xAE8B14860A799888.
    const crc32c = Buffer.from('e3069283', 'hex').toString('base64');
    const crc64 = Buffer.from('ae8b14860a799888', 'hex').toString('base64');
    expect((await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'crc32c', Body: body, ChecksumCRC32C: crc32c }))).ChecksumCRC32C).toBe(crc32c);
    expect((await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'crc64', Body: body, ChecksumCRC64NVME: crc64 }))).ChecksumCRC64NVME).toBe(crc64);
  });

  it('verifies Content-MD5', async () => {
    expect(await awsError(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'm', Body: 'abc', ContentMD5: createHash('md5').update('abd').digest('base64') })))).toEqual({
      code: 'BadDigest',
      status: 400,
      message: 'The Content-MD5 you specified did not match what we received.',
    });
    expect(await awsError(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'm', Body: 'abc', ContentMD5: 'nope' })))).toEqual({
      code: 'InvalidDigest',
      status: 400,
      message: 'The Content-MD5 you specified was invalid.',
    });
  });

  it('checks x-amz-content-sha256 against the body and stores nothing on a mismatch', async () => {
    const req = await signed({ method: 'PUT', path: `/${BUCKET}/sha`, body: Buffer.from('real body'), payloadHash: sha256hex('other body') });
    const res = await send(req);
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(res.body).toContain("<Message>The provided 'x-amz-content-sha256' header does not match what was computed.</Message>");
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sha' })))).toMatchObject({ code: 'NoSuchKey', status: 404 });
  });

  async function chunkedUpload(key: string, data: Buffer, tamper: boolean): Promise<RawResponse> {
    const chunkSize = 64 * 1024;
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
    chunks.push(Buffer.alloc(0));
    const sigLen = 64;
    const encodedLength = chunks.reduce((n, c) => n + c.length.toString(16).length + ';chunk-signature='.length + sigLen + 4 + c.length, 0);
    const seed = await signed({
      method: 'PUT',
      path: `/${BUCKET}/${key}`,
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      headers: { 'x-amz-date': amzDate, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length), 'content-length': String(encodedLength) },
    });
    const seedSig = /Signature=([0-9a-f]+)/.exec(seed.headers!['authorization']!)![1]!;
    const kDate = createHmac('sha256', 'AWS4test').update(date).digest();
    const kSigning = createHmac('sha256', createHmac('sha256', createHmac('sha256', kDate).update('us-east-1').digest()).update('s3').digest()).update('aws4_request').digest();
    let previous = seedSig;
    const parts: Buffer[] = [];
    for (const c of chunks) {
      const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, `${date}/us-east-1/s3/aws4_request`, previous, sha256hex(''), sha256hex(c)].join('\n');
      const sig = createHmac('sha256', kSigning).update(toSign).digest('hex');
      previous = sig;
      const payload = tamper && c.length > 0 ? Buffer.from(c).fill(0x41, 0, 1) : c;
      parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`), payload, Buffer.from('\r\n'));
    }
    return send({ ...seed, body: Buffer.concat(parts) });
  }

  it('accepts a body signed chunk by chunk and refuses one whose chunk was altered', async () => {
    const data = randomBytes(150_000);
    const ok = await chunkedUpload('chunked', data, false);
    expect(ok.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'chunked' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    const bad = await chunkedUpload('tampered', data, true);
    expect(bad.status).toBe(403);
    expect(bad.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tampered' })))).toMatchObject({ code: 'NoSuchKey', status: 404 });
  });

  it('serves presigned PUT and GET URLs and refuses an altered one', async () => {
    const presign = async (method: string, key: string) => {
      const req = new HttpRequest({ method, protocol: 'https:', hostname: host.split(':')[0], port: Number(host.split(':')[1]) || undefined, path: `/${BUCKET}/${key}`, headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      // As @aws-sdk/s3-request-presigner does: the payload is not signed.
      const out = await signer.presign(req, { expiresIn: 300, unsignableHeaders: new Set(['x-amz-content-sha256']) });
      return out.query as Record<string, string>;
    };
    const putQuery = await presign('PUT', 'presigned.txt');
    const put = await send({ method: 'PUT', path: `/${BUCKET}/presigned.txt`, query: putQuery, body: Buffer.from('via url') });
    expect(put.status).toBe(200);
    const getQuery = await presign('GET', 'presigned.txt');
    const get = await send({ method: 'GET', path: `/${BUCKET}/presigned.txt`, query: getQuery });
    expect(get).toMatchObject({ status: 200, body: 'via url' });
    const other = await send({ method: 'GET', path: `/${BUCKET}/other.txt`, query: getQuery });
    expect(other.status).toBe(403);
    expect(other.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('routes virtual-hosted-style requests by the Host header', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'vhost.txt', Body: 'hosted' }));
    const port = host.includes(':') ? `:${host.split(':')[1]}` : '';
    const res = await send(await signed({ method: 'GET', path: '/vhost.txt', host: `${BUCKET}.s3.amazonaws.com${port}` }));
    expect(res).toMatchObject({ status: 200, body: 'hosted' });
  });

  it("writes errors in S3's XML layout with the extra fields; HEAD errors have no body", async () => {
    const res = await send(await signed({ method: 'GET', path: '/no-such-bucket-here/k' }));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>no-such-bucket-here<\/BucketName><RequestId>[\w-]+<\/RequestId><HostId>[A-Za-z0-9+/=]+<\/HostId><\/Error>$/,
    );
    const head = await send(await signed({ method: 'HEAD', path: '/no-such-bucket-here/k' }));
    expect(head).toMatchObject({ status: 404, body: '' });
  });
});
