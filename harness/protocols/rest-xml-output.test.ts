/**
 * REST-XML answers written from the SDK's own S3 model (rest-xml-output.ts): header-bound members, prefix headers,
 * a blob payload, a structure payload rooted at its member's name, a document rooted at the output's xmlName,
 * wrapped and flattened lists, the Grantee's xsi:type attribute with its namespace, and the model's status code.
 * Expected documents are laid out as S3 writes them (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html#API_GetObjectAcl_Examples,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html#API_ListBuckets_Examples).
 */
import * as s3 from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { restXmlOutput } from './rest-xml-output.js';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const op = (name: string) => s3[`${name}$` as keyof typeof s3] as unknown as readonly unknown[];

describe('REST-XML output by the SDK model', () => {
  it('writes the unbound members under the output xmlName, in the order the output has them, with wrapped lists', () => {
    const out = restXmlOutput(op('ListBuckets'), { Owner: { ID: 'o', DisplayName: 'n' }, Buckets: [{ Name: 'a&b', CreationDate: new Date(0) }] }, XMLNS);
    expect(out).toEqual({
      status: 200,
      headers: {},
      payload: 'xml',
      body: `${DECL}<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>o</ID><DisplayName>n</DisplayName></Owner><Buckets><Bucket><Name>a&amp;b</Name><CreationDate>1970-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
    });
  });

  it('writes an output whose one member is named as its root as the root text (GetBucketLocation)', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html#API_GetBucketLocation_Examples
    expect(restXmlOutput(op('GetBucketLocation'), { LocationConstraint: 'eu-west-1' }, XMLNS).body).toBe(
      `${DECL}<LocationConstraint xmlns="${XMLNS}">eu-west-1</LocationConstraint>`,
    );
    expect(restXmlOutput(op('GetBucketLocation'), {}, XMLNS).body).toBe(`${DECL}<LocationConstraint xmlns="${XMLNS}"></LocationConstraint>`);
  });

  it("writes a Grantee's Type as its xsi:type attribute with the xsi namespace, and renamed lists", () => {
    const out = restXmlOutput(op('GetObjectAcl'), { Owner: { ID: 'o' }, Grants: [{ Grantee: { Type: 'Group', URI: 'u' }, Permission: 'READ' }] }, XMLNS);
    expect(out.body).toBe(
      `${DECL}<AccessControlPolicy xmlns="${XMLNS}"><Owner><ID>o</ID></Owner><AccessControlList><Grant>` +
        '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>u</URI></Grantee><Permission>READ</Permission>' +
        '</Grant></AccessControlList></AccessControlPolicy>',
    );
  });

  it('repeats flattened lists under their member names and leaves out what is absent', () => {
    const out = restXmlOutput(op('DeleteObjects'), { Deleted: [{ Key: 'a' }, { Key: 'b', VersionId: undefined }], Errors: [{ Key: 'c', Code: 'AccessDenied', Message: 'Access Denied' }] }, XMLNS);
    expect(out.body).toBe(
      `${DECL}<DeleteResult xmlns="${XMLNS}"><Deleted><Key>a</Key></Deleted><Deleted><Key>b</Key></Deleted><Error><Key>c</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>`,
    );
  });

  it('puts header and prefix-header members in lower-case headers and the blob payload in the body', () => {
    const body = Buffer.from('xy');
    const out = restXmlOutput(op('GetObject'), { ETag: '"e"', LastModified: new Date(0), ContentLength: 2, Metadata: { stage: 'dev' }, BucketKeyEnabled: false, Body: body }, XMLNS);
    expect(out).toEqual({
      status: 200,
      headers: { etag: '"e"', 'last-modified': 'Thu, 01 Jan 1970 00:00:00 GMT', 'content-length': '2', 'x-amz-meta-stage': 'dev', 'x-amz-server-side-encryption-bucket-key-enabled': 'false' },
      body,
      payload: 'blob',
    });
  });

  it('roots a structure payload at its member name, passes a string payload as it is, and takes the model status', () => {
    const enc = restXmlOutput(op('GetBucketEncryption'), { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }, XMLNS);
    expect(enc.body).toBe(
      `${DECL}<ServerSideEncryptionConfiguration xmlns="${XMLNS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
    );
    expect(restXmlOutput(op('GetBucketPolicy'), { Policy: '{"a":1}' }, XMLNS)).toMatchObject({ body: '{"a":1}', payload: 'string' });
    expect(restXmlOutput(op('DeleteObject'), { VersionId: 'v', DeleteMarker: true }, XMLNS)).toEqual({
      status: 204,
      headers: { 'x-amz-version-id': 'v', 'x-amz-delete-marker': 'true' },
      body: '',
      payload: 'none',
    });
  });

  it('writes no key the model does not know', () => {
    expect(restXmlOutput(op('PutObject'), { ETag: '"e"', __proto__: { polluted: 1 }, Unknown: 'x' } as object, XMLNS).headers).toEqual({ etag: '"e"' });
  });
});
