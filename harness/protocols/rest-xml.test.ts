/**
 * The REST-XML codec on its own, with routes written here and the SDK's S3 model for the members: route choice by
 * method, path shape, subresource and header (most specific first), label/header/query/payload bindings,
 * virtual-hosted buckets, XML output (flattened and wrapped lists, escaping), the service's status, and S3's error
 * layout with no body for HEAD (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
import * as s3 from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../core/errors.js';
import type { XRequest } from '../core/request.js';
import type { ServiceDefinition } from '../core/service.js';
import { sdkModel } from '../services/sdk-model.js';
import { restXmlProtocol, xmlElement, type RestRoute } from './rest-xml.js';

const routes: RestRoute[] = [
  { operation: 'PutObject', method: 'PUT', target: 'object' },
  { operation: 'CopyObject', method: 'PUT', target: 'object', headers: ['x-amz-copy-source'] },
  { operation: 'UploadPart', method: 'PUT', target: 'object', query: ['partNumber', 'uploadId'] },
  { operation: 'PutBucketVersioning', method: 'PUT', target: 'bucket', query: ['versioning'] },
  { operation: 'ListBuckets', method: 'GET', target: 'root', xId: 'ListBuckets' },
  { operation: 'GetObject', method: 'GET', target: 'object' },
  { operation: 'ListDirectoryBuckets', method: 'GET', target: 'root', xId: 'ListDirectoryBuckets' },
  { operation: 'GetBucketTagging', method: 'GET', target: 'bucket', query: ['tagging'] },
  { operation: 'ListObjects', method: 'GET', target: 'bucket' },
  { operation: 'ListObjectsV2', method: 'GET', target: 'bucket', query: ['list-type=2'] },
];

/** Refusals in words that say which one fired (the service supplies the real ones). */
const refuse = {
  notImplemented: (operation: string) => new AwsError('NotImplemented', 501, operation),
  methodNotAllowed: (method: string, resource: string) => new AwsError('MethodNotAllowed', 405, `${method} ${resource}`),
};
const protocol = restXmlProtocol({
  routes,
  refuse,
  subresources: new Set(['tagging', 'location', 'list-type']),
  xmlns: 'urn:test',
  hostLabel: (h) => /^(.+)\.s3\.amazonaws\.com$/.exec(h)?.[1],
  typeError: () => new AwsError('TypeError', 400, 'does not fit'),
  sdk: s3,
  status: (_op, o) => (o['ContentRange'] !== undefined ? 206 : undefined),
});
const implemented = ['PutObject', 'CopyObject', 'UploadPart', 'PutBucketVersioning', 'ListBuckets', 'GetObject', 'ListObjects', 'ListObjectsV2'];
const service = {
  name: 's3',
  model: sdkModel(s3),
  operations: Object.fromEntries(implemented.map((op) => [op, { handler: () => ({}) }])),
} as unknown as ServiceDefinition;

function req(method: string, path: string, extra: Partial<XRequest> = {}): XRequest {
  return { method, protocol: 'https', hostname: 's3.amazonaws.com', path, rawQuery: '', headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1', ...extra };
}

describe('REST-XML protocol', () => {
  it('picks the most specific route and binds labels, headers, metadata and the blob payload', () => {
    const body = Buffer.from('data');
    const put = protocol.decode(req('PUT', '/b/a%20b/c+d', { body, headers: { 'content-type': 'text/plain', 'x-amz-meta-stage': 'dev' } }), service);
    expect(put.operation).toBe('PutObject');
    expect(put.input).toEqual({ Bucket: 'b', Key: 'a b/c+d', ContentType: 'text/plain', Metadata: { stage: 'dev' }, Body: body });
    expect(protocol.decode(req('PUT', '/b/k', { headers: { 'x-amz-copy-source': '/s/k' } }), service).operation).toBe('CopyObject');
    expect(protocol.decode(req('PUT', '/b/k', { rawQuery: 'partNumber=3&uploadId=u' }), service)).toEqual({
      operation: 'UploadPart',
      input: { Bucket: 'b', Key: 'k', PartNumber: 3, UploadId: 'u', Body: Buffer.alloc(0) },
    });
  });

  it('parses XML payloads and reads the bucket from a virtual host', () => {
    const xml = '<?xml version="1.0"?><VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>';
    const out = protocol.decode(req('PUT', '/', { hostname: 'vb.s3.amazonaws.com', rawQuery: 'versioning', body: Buffer.from(xml) }), service);
    expect(out).toEqual({ operation: 'PutBucketVersioning', input: { Bucket: 'vb', VersioningConfiguration: { Status: 'Enabled' } } });
  });

  it('refuses a method no route accepts on that resource with the service\'s MethodNotAllowed', () => {
    expect(() => protocol.decode(req('POST', '/b/k'), service)).toThrow(expect.objectContaining({ code: 'MethodNotAllowed', status: 405, message: 'POST OBJECT' }));
    expect(() => protocol.decode(req('DELETE', '/'), service)).toThrow(expect.objectContaining({ code: 'MethodNotAllowed', message: 'DELETE SERVICE' }));
  });

  it('refuses a route whose operation the service lacks, and a subresource its operation does not bind', () => {
    expect(() => protocol.decode(req('GET', '/b', { rawQuery: 'tagging' }), service)).toThrow(expect.objectContaining({ code: 'NotImplemented', message: 'GetBucketTagging' }));
    // ?location belongs to no route here, so it must not fall through to ListObjects; a name S3 does not know is ignored.
    expect(() => protocol.decode(req('GET', '/b', { rawQuery: 'location' }), service)).toThrow(expect.objectContaining({ code: 'NotImplemented', status: 501 }));
    expect(() => protocol.decode(req('GET', '/b/k', { rawQuery: 'list-type=2' }), service)).toThrow(expect.objectContaining({ code: 'NotImplemented' }));
    expect(protocol.decode(req('GET', '/b', { rawQuery: 'cachebuster=1' }), service).operation).toBe('ListObjects');
  });

  it("reads a literal query value and the SDK's x-id tag", () => {
    expect(protocol.decode(req('GET', '/b', { rawQuery: 'list-type=2' }), service).operation).toBe('ListObjectsV2');
    expect(protocol.decode(req('GET', '/'), service).operation).toBe('ListBuckets');
    expect(protocol.decode(req('GET', '/', { rawQuery: 'x-id=ListBuckets' }), service).operation).toBe('ListBuckets');
    expect(() => protocol.decode(req('GET', '/', { rawQuery: 'x-id=ListDirectoryBuckets' }), service)).toThrow(
      expect.objectContaining({ code: 'NotImplemented', message: 'ListDirectoryBuckets' }),
    );
  });

  it('writes wrapped and flattened lists and escapes text', () => {
    expect(xmlElement('R', { Buckets: [{ Name: 'a&b' }], Item: ['x', 'y'] }, { Buckets: 'Bucket' })).toBe(
      '<R><Buckets><Bucket><Name>a&amp;b</Name></Bucket></Buckets><Item>x</Item><Item>y</Item></R>',
    );
    const res = protocol.encode('ListBuckets', { Buckets: [{ Name: 'n' }] }, { requestId: 'r', request: req('GET', '/') });
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="urn:test"><Buckets><Bucket><Name>n</Name></Bucket></Buckets></ListAllMyBucketsResult>');
  });

  it('puts bound members in headers, the blob in the body, and lets the output choose the status', () => {
    const res = protocol.encode('GetObject', { ETag: '"e"', Body: Buffer.from('xy'), ContentRange: 'bytes 0-1/5' }, { requestId: 'r', request: req('GET', '/b/k') });
    expect(res.status).toBe(206);
    expect(res.headers['etag']).toBe('"e"');
    expect(res.headers['x-amz-request-id']).toBe('r');
    expect(res.body.toString()).toBe('xy');
  });

  it("writes S3's error document with extra fields, and no body for HEAD", () => {
    const err = new AwsError('NoSuchKey', 404, 'The specified key does not exist.', { fields: { Key: 'k' } });
    const res = protocol.encodeError(err, { requestId: 'rid', request: req('GET', '/b/k') });
    expect(res.status).toBe(404);
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>k<\/Key><RequestId>rid<\/RequestId><HostId>.+<\/HostId><\/Error>$/);
    expect(protocol.encodeError(err, { requestId: 'rid', request: req('HEAD', '/b/k') })).toMatchObject({ status: 404, body: '' });
  });
});
