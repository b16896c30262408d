/**
 * What S3 handlers receive: the SDK's `XCommandInput`, built by the REST-XML decoder from the SDK's model
 * (harness/protocols/coerce-rest.ts) and S3's own wording for values that do not fit (type-errors.ts), and the wire
 * view an internal call's typed input gets (protocol.internalRequest).
 * Wordings: "Provided max-keys not an integer or within integer range" and the part number's (sources in
 * s3-limits.test.ts); MalformedXML (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../core/errors.js';
import type { XRequest } from '../../core/request.js';
import { s3Service } from './service.js';

function req(method: string, path: string, extra: Partial<XRequest> = {}): XRequest {
  return { method, protocol: 'https', hostname: 's3.amazonaws.com', path, rawQuery: '', headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1', ...extra };
}

const decode = (r: XRequest) => s3Service.protocol.decode(r, s3Service);

function refusal(r: XRequest): { code: string; status: number; message: string; fields: Record<string, string> } {
  try {
    decode(r);
  } catch (e) {
    if (e instanceof AwsError) return { code: e.code, status: e.status, message: e.message, fields: e.fields };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('S3 handlers receive SDK-typed inputs', () => {
  it('types ListObjectsV2 query parameters: max-keys a number, fetch-owner a boolean', () => {
    const { operation, input } = decode(req('GET', '/b', { rawQuery: 'list-type=2&max-keys=5&fetch-owner=true&prefix=a%2F' }));
    expect(operation).toBe('ListObjectsV2');
    expect({ ...(input as object) }).toEqual({ Bucket: 'b', MaxKeys: 5, FetchOwner: true, Prefix: 'a/' });
  });

  it('types PutObject headers and body: Expires a Date, ContentLength a number, BucketKeyEnabled a boolean, Body the bytes', () => {
    const body = Buffer.from('hello');
    const { input } = decode(
      req('PUT', '/b/k', {
        body,
        headers: {
          'content-length': '5',
          expires: 'Wed, 21 Oct 2015 07:28:00 GMT',
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-bucket-key-enabled': 'true',
          'x-amz-meta-stage': 'dev',
        },
      }),
    );
    const typed = input as Record<string, unknown>;
    expect(typed['Expires']).toEqual(new Date('2015-10-21T07:28:00Z'));
    expect(typed['ContentLength']).toBe(5);
    expect(typed['BucketKeyEnabled']).toBe(true);
    expect(typed['Body']).toBe(body);
    expect({ ...(typed['Metadata'] as object) }).toEqual({ stage: 'dev' });
  });

  it('reads XML payloads as the SDK structures: one DeleteObjects key is a list, parts and tags are arrays of typed members', () => {
    const one = decode(req('POST', '/b', { rawQuery: 'delete', body: Buffer.from('<Delete><Object><Key>a.txt</Key></Object><Quiet>true</Quiet></Delete>') }));
    expect(one.operation).toBe('DeleteObjects');
    expect(JSON.parse(JSON.stringify(one.input))).toEqual({ Bucket: 'b', Delete: { Objects: [{ Key: 'a.txt' }], Quiet: true } });

    const parts = '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"e2"</ETag></Part></CompleteMultipartUpload>';
    const complete = decode(req('POST', '/b/k', { rawQuery: 'uploadId=u', body: Buffer.from(parts) }));
    expect(complete.operation).toBe('CompleteMultipartUpload');
    expect(JSON.parse(JSON.stringify(complete.input))).toEqual({
      Bucket: 'b',
      Key: 'k',
      UploadId: 'u',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e1"' }, { PartNumber: 2, ETag: '"e2"' }] },
    });

    const tagging = decode(req('PUT', '/b', { rawQuery: 'tagging', body: Buffer.from('<Tagging><TagSet><Tag><Key>team</Key><Value>ops</Value></Tag></TagSet></Tagging>') }));
    expect(JSON.parse(JSON.stringify(tagging.input))).toEqual({ Bucket: 'b', Tagging: { TagSet: [{ Key: 'team', Value: 'ops' }] } });

    const policy = '{"Version":"2012-10-17","Statement":[]}';
    expect(decode(req('PUT', '/b', { rawQuery: 'policy', body: Buffer.from(policy) })).input).toMatchObject({ Policy: policy });
  });

  it('answers a query integer that does not parse in S3\'s words, and an XML payload that does not fit with MalformedXML', () => {
    expect(refusal(req('GET', '/b', { rawQuery: 'list-type=2&max-keys=1e3' }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Provided max-keys not an integer or within integer range',
      fields: { ArgumentName: 'max-keys', ArgumentValue: '1e3' },
    });
    expect(refusal(req('PUT', '/b/k', { rawQuery: 'uploadId=u&partNumber=1.0' }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      fields: { ArgumentName: 'partNumber', ArgumentValue: '1.0' },
    });
    expect(refusal(req('POST', '/b', { rawQuery: 'delete', body: Buffer.from('<Delete><Quiet>maybe</Quiet></Delete>') }))).toMatchObject({
      code: 'MalformedXML',
      status: 400,
      message: 'The XML you provided was not well-formed or did not validate against our published schema',
    });
  });

  it('keeps S3\'s leniency: a junk boolean header or parameter reads as false, a junk date header as not sent', () => {
    expect(decode(req('GET', '/b', { rawQuery: 'list-type=2&fetch-owner=yes' })).input).toMatchObject({ FetchOwner: false });
    const put = decode(req('PUT', '/b/k', { headers: { expires: 'tomorrow', 'x-amz-server-side-encryption-bucket-key-enabled': 'TRUE' } })).input as Record<string, unknown>;
    expect(put['BucketKeyEnabled']).toBe(false);
    expect('Expires' in put).toBe(false);
  });

  it('gives an internal call\'s typed input its wire headers', () => {
    const base = req('GET', '/');
    const view = s3Service.protocol.internalRequest!('PutObject', { Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true, ACL: 'private' }, base);
    expect(view.method).toBe('PUT');
    expect(view.headers).toMatchObject({ 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-bucket-key-enabled': 'true', 'x-amz-acl': 'private' });
  });
});
