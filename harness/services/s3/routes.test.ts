/**
 * S3's route table against the SDK's model and the operation table: no route without an operation of the model, no
 * operation without a route, an internal call's wire view from the model's bindings; and what the emulator lacks is refused with
 * S3's 501 NotImplemented ("A header you provided implies functionality that is not implemented", as S3 answered in
 * https://github.com/aws/aws-sdk-js/issues/15; https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html)
 * and changes nothing. MethodNotAllowed wording: the same ErrorResponses page.
 */
import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  GetBucketWebsiteCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketCorsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XRequest } from '../../core/request.js';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { S3_ROUTES } from './routes.js';
import { S3_MODEL } from './sdk-routes.js';
import { s3Service } from './service.js';

const A = '111111111111';
const NOT_IMPLEMENTED = { code: 'NotImplemented', status: 501, message: 'A header you provided implies functionality that is not implemented' };

function req(method: string, path: string, rawQuery = ''): XRequest {
  return { method, protocol: 'https', hostname: 's3.amazonaws.com', path, rawQuery, headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1' };
}

describe('S3 route table', () => {
  it('has exactly one route for every operation of the table and of the SDK model, and none for anything else', () => {
    const modelled = S3_MODEL.map((op) => op.name);
    // PostObject (browser form uploads) is S3's but outside the SDK's model; it is routed so it can be refused.
    expect(S3_ROUTES.map((r) => r.operation).sort()).toEqual([...modelled, 'PostObject'].sort());
    const routed = new Set(modelled);
    expect(Object.keys(s3Service.operations).filter((name) => !routed.has(name))).toEqual([]);
  });

  it("gives an internal call's typed members the headers the model binds them to, and the route's method", () => {
    const base = req('GET', '/');
    const view = s3Service.protocol.internalRequest!(
      'CopyObject',
      { Bucket: 'b', Key: 'k', CopySource: 's/k', GrantRead: 'id="x"', StorageClass: 'STANDARD', Metadata: { stage: 'dev' }, Expires: new Date(0) },
      base,
    );
    expect(view.method).toBe('PUT');
    expect({ ...view.headers }).toEqual({
      'x-amz-copy-source': 's/k',
      'x-amz-grant-read': 'id="x"',
      'x-amz-storage-class': 'STANDARD',
      'x-amz-meta-stage': 'dev',
      expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
    });
  });

  it('routes by the model: subresource, required query and header, most demanding first', () => {
    const op = (method: string, path: string, rawQuery = '', headers: Record<string, string> = {}) => s3Route(method, path, rawQuery, headers);
    expect(op('PUT', '/b/k', 'partNumber=1&uploadId=u')).toBe('UploadPart');
    expect(op('PUT', '/b/k', '', { 'x-amz-copy-source': '/s/k' })).toBe('CopyObject');
    expect(op('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': '/s/k' })).toBe('UploadPartCopy');
    expect(op('GET', '/', 'x-id=ListDirectoryBuckets')).toBe('ListDirectoryBuckets');
    expect(op('GET', '/')).toBe('ListBuckets');
    expect(op('GET', '/b', 'list-type=2')).toBe('ListObjectsV2');
    expect(op('GET', '/b', 'analytics')).toBe('ListBucketAnalyticsConfigurations');
    expect(op('GET', '/b', 'analytics&id=a')).toBe('GetBucketAnalyticsConfiguration');
  });

  it('refuses a method with no route as S3 does', () => {
    expect(() => s3Service.protocol.decode(req('POST', '/b/k'), s3Service)).toThrow(
      expect.objectContaining({ code: 'MethodNotAllowed', status: 405, message: 'The specified method is not allowed against this resource.' }),
    );
  });

  it('refuses an unimplemented operation, a subresource on the wrong resource, and a form upload as not implemented', () => {
    const copySource = { 'x-amz-copy-source': '/s/k' };
    for (const [method, path, query, headers] of [
      ['PUT', '/b', 'cors', {}],
      ['GET', '/b/k', 'location', {}],
      ['PUT', '/b/k', 'retention', copySource],
      ['POST', '/b', '', {}],
    ] as const) {
      expect(() => s3Service.protocol.decode({ ...req(method, path, query), headers }, s3Service), `${method} ${path}?${query}`).toThrow(
        expect.objectContaining(NOT_IMPLEMENTED),
      );
    }
  });
});

/** The operation S3's protocol picks for a request, or the refusal's code. */
function s3Route(method: string, path: string, rawQuery: string, headers: Record<string, string>): string {
  try {
    return s3Service.protocol.decode({ ...req(method, path, rawQuery), headers }, { ...s3Service, operations: everyOperation }).operation;
  } catch (e) {
    return (e as { code: string }).code;
  }
}

/** An operation table holding every route, so routing can be observed for operations the emulator lacks. */
const everyOperation = Object.fromEntries(S3_ROUTES.map((r) => [r.operation, { handler: () => ({}) }]));

describe.each(['in-process', 'http'] as const)('S3 subresources the emulator lacks, over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('answers PUT ?cors on a missing bucket with 501 NotImplemented and creates no bucket', async () => {
    const put = s3.send(new PutBucketCorsCommand({ Bucket: 'never-made', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } }));
    expect(await awsError(put)).toEqual(NOT_IMPLEMENTED);
    expect(await awsError(s3.send(new HeadBucketCommand({ Bucket: 'never-made' })))).toEqual({ code: 'NotFound', status: 404, message: 'UnknownError' });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).not.toContainEqual(expect.objectContaining({ Name: 'never-made' }));
  });

  it('answers GET and DELETE ?cors and GET ?website with 501 and keeps the bucket', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
    expect(await awsError(s3.send(new GetBucketCorsCommand({ Bucket: 'kept' })))).toEqual(NOT_IMPLEMENTED);
    expect(await awsError(s3.send(new GetBucketWebsiteCommand({ Bucket: 'kept' })))).toEqual(NOT_IMPLEMENTED);
    expect(await awsError(s3.send(new DeleteBucketCorsCommand({ Bucket: 'kept' })))).toEqual(NOT_IMPLEMENTED);
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'kept' }))).$metadata.httpStatusCode).toBe(200);
  });
});
