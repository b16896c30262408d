/**
 * Object tagging as S3 answers it, through the real @aws-sdk/client-s3 over both transports. Statuses, fields and
 * wordings as recorded against AWS in LocalStack's validated snapshots: localstack
 * tests/aws/services/s3/test_s3_api.snapshot.json (TestS3BucketObjectTagging: test_object_tagging_crud,
 * test_object_tagging_exc, test_object_tagging_versioned, test_put_object_with_tags, test_head_object_with_tags,
 * test_object_tags_delete_or_overwrite_object, test_tagging_validation, test_put_object_tagging_none_value,
 * test_put_bucket_tagging_none_value) and test_s3.snapshot.json (test_s3_copy_tagging_directive[COPY|REPLACE|None]).
 * The 10-tag limit: AWS's "BadRequest: Object tags cannot be greater than 10" quoted in
 * hashicorp/terraform-provider-aws#19895. Actions and condition keys:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (Permissions: s3:PutObjectTagging) and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html.
 */
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
  type Tag,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const invalidTag = (message: string) => ({ code: 'InvalidTag', status: 400, message });
const MALFORMED = { code: 'MalformedXML', status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema' };
const HEADER_FORMAT = {
  code: 'InvalidArgument',
  status: 400,
  message: "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
};
const DENIED = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
const deleteMarker = { code: 'MethodNotAllowed', status: 405, message: 'The specified method is not allowed against this resource.' };

describe.each(['in-process', 'http'] as const)('S3 object tagging over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let s3b: S3Client;
  const bucket = 'object-tagging-bucket';
  const getTags = (Key: string, VersionId?: string, client = s3) => client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key, VersionId }));
  const putTags = (Key: string, TagSet: Tag[] | undefined, VersionId?: string) =>
    s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key, VersionId, Tagging: { TagSet: TagSet as Tag[] } }));

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => emu.dispose());

  it('gets an empty set, puts (200), overwrites and deletes (204) tags; GetObject counts them (test_object_tagging_crud)', async () => {
    const key = 'test-object-tagging';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'test-tagging' }));
    expect((await getTags(key)).TagSet).toEqual([]);
    const put = await putTags(key, [{ Key: 'tag1', Value: 'tag1' }, { Key: 'tag2', Value: '' }]);
    expect(put.$metadata.httpStatusCode).toBe(200);
    expect(put.VersionId).toBeUndefined();
    expect((await getTags(key)).TagSet).toEqual([{ Key: 'tag1', Value: 'tag1' }, { Key: 'tag2', Value: '' }]);
    await putTags(key, [{ Key: 'tag3', Value: 'tag3' }]);
    const got = await getTags(key);
    expect(got.TagSet).toEqual([{ Key: 'tag3', Value: 'tag3' }]);
    expect(got.VersionId).toBeUndefined();
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).TagCount).toBe(1);
    expect((await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: key }))).$metadata.httpStatusCode).toBe(204);
    expect((await getTags(key)).TagSet).toEqual([]);
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).TagCount).toBeUndefined();
    // A Tagging without TagSet is the empty set (test_put_object_tagging_none_value).
    await putTags(key, [{ Key: 'k', Value: 'v' }]);
    expect((await putTags(key, undefined)).$metadata.httpStatusCode).toBe(200);
    expect((await getTags(key)).TagSet).toEqual([]);
  });

  it('takes x-amz-tagging on PutObject, in key order, counted by HEAD; a new write starts untagged (test_put_object_with_tags, test_head_object_with_tags)', async () => {
    const key = 'test-put-object-tagging';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'test-tagging', Tagging: 'tag1=tag1&tag2=tag2&tag=' }));
    expect((await getTags(key)).TagSet).toEqual([{ Key: 'tag', Value: '' }, { Key: 'tag1', Value: 'tag1' }, { Key: 'tag2', Value: 'tag2' }]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).TagCount).toBe(3);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '', Tagging: 'wrongquery&wrongagain' }));
    expect((await getTags(key)).TagSet).toEqual([{ Key: 'wrongagain', Value: '' }, { Key: 'wrongquery', Value: '' }]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '', Tagging: 'key1&&&key2' }));
    expect((await getTags(key)).TagSet).toEqual([{ Key: 'key1', Value: '' }, { Key: 'key2', Value: '' }]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'again' }));
    expect((await getTags(key)).TagSet).toEqual([]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).TagCount).toBeUndefined();
  });

  it('refuses a malformed x-amz-tagging, bad tags and more than 10 (test_object_tagging_exc, test_tagging_validation)', async () => {
    const put = (Tagging: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'refused', Body: '', Tagging }));
    expect(await awsError(put('key1=val1&key1=val2'))).toEqual(HEADER_FORMAT);
    expect(await awsError(put('key1=val1,key2=val2'))).toEqual(HEADER_FORMAT);
    // aws/aws-cli#2841: a URL-encoded key holding characters tags do not allow is InvalidTag.
    expect(await awsError(put('TagSet%3D%5B%7BKey%3Dstring%2CValue%3Dstring%7D%5D'))).toEqual(invalidTag('The TagKey you have provided is invalid'));
    const eleven = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&');
    expect(await awsError(put(eleven))).toEqual({ code: 'BadRequest', status: 400, message: 'Object tags cannot be greater than 10' });
    expect(await awsError(getTags('refused'))).toMatchObject({ code: 'NoSuchKey', status: 404 });

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'validated', Body: 'x' }));
    expect(await awsError(putTags('validated', [{ Key: 'Key1', Value: 'Val1' }, { Key: 'Key1', Value: 'Val1' }]))).toEqual(
      invalidTag('Cannot provide multiple Tags with the same key'),
    );
    expect(await awsError(putTags('validated', [{ Key: 'Key1,Key2', Value: 'Val1' }]))).toEqual(invalidTag('The TagKey you have provided is invalid'));
    expect(await awsError(putTags('validated', [{ Key: 'aws:prefixed', Value: 'Val1' }]))).toEqual(invalidTag('Your TagKey cannot be prefixed with aws:'));
    expect(await awsError(putTags('validated', [{ Value: 'Val1' } as Tag]))).toEqual(MALFORMED);
    expect(await awsError(putTags('validated', [{ Key: 'key1' } as Tag]))).toEqual(MALFORMED);
    const elevenTags = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await awsError(putTags('validated', elevenTags))).toEqual({ code: 'BadRequest', status: 400, message: 'Object tags cannot be greater than 10' });
    expect((await putTags('validated', elevenTags.slice(0, 10))).$metadata.httpStatusCode).toBe(200);
  });

  it('answers NoSuchBucket and NoSuchKey as recorded (test_object_tagging_exc)', async () => {
    const noBucket = { code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist' };
    expect(await awsError(s3.send(new GetObjectTaggingCommand({ Bucket: 'no-such-tagging-bucket', Key: 'k' })))).toEqual(noBucket);
    expect(await awsError(s3.send(new DeleteObjectTaggingCommand({ Bucket: 'no-such-tagging-bucket', Key: 'k' })))).toEqual(noBucket);
    const noKey = { code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' };
    expect(await awsError(getTags('fake-key'))).toEqual(noKey);
    expect(await awsError(putTags('fake-key', []))).toEqual(noKey);
    expect(await awsError(s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'fake-key' })))).toEqual(noKey);
  });

  it('tags each version; a delete marker is 405 MethodNotAllowed (test_object_tagging_versioned)', async () => {
    const b = 'tagging-versioned';
    const key = 'test-version-tagging';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: 'test-0', Tagging: 'test_tag=tagv1' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: 'test-1' }))).VersionId!;
    const tags = (Key: string, VersionId?: string) => s3.send(new GetObjectTaggingCommand({ Bucket: b, Key, VersionId }));
    const put = await s3.send(new PutObjectTaggingCommand({ Bucket: b, Key: key, Tagging: { TagSet: [{ Key: 'tag3', Value: 'tag3' }] } }));
    expect(put.VersionId).toBe(v2);
    expect(await tags(key)).toMatchObject({ VersionId: v2, TagSet: [{ Key: 'tag3', Value: 'tag3' }] });
    expect(await tags(key, v1)).toMatchObject({ VersionId: v1, TagSet: [{ Key: 'test_tag', Value: 'tagv1' }] });
    const putOld = await s3.send(new PutObjectTaggingCommand({ Bucket: b, Key: key, VersionId: v1, Tagging: { TagSet: [{ Key: 'tag1', Value: 'tag1' }] } }));
    expect(putOld.VersionId).toBe(v1);
    expect((await tags(key, v1)).TagSet).toEqual([{ Key: 'tag1', Value: 'tag1' }]);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: b, Key: key }));
    expect(await tags(key)).toMatchObject({ VersionId: v2, TagSet: [] });

    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: b, Key: key }))).VersionId!;
    for (const VersionId of [marker, undefined]) {
      expect(await awsError(s3.send(new PutObjectTaggingCommand({ Bucket: b, Key: key, VersionId, Tagging: { TagSet: [] } })))).toEqual(deleteMarker);
      expect(await awsError(tags(key, VersionId))).toEqual(deleteMarker);
      expect(await awsError(s3.send(new DeleteObjectTaggingCommand({ Bucket: b, Key: key, VersionId })))).toEqual(deleteMarker);
    }
  });

  it('copies tags by x-amz-tagging-directive: COPY (the default) keeps them, REPLACE takes x-amz-tagging (test_s3_copy_tagging_directive)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source-object', Body: 'test', Tagging: 'key1=value1' }));
    const copy = (Key: string, TaggingDirective?: 'COPY' | 'REPLACE', Tagging?: string) =>
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key, CopySource: `${bucket}/source-object`, TaggingDirective, Tagging }));
    const source = [{ Key: 'key1', Value: 'value1' }];
    for (const directive of [undefined, 'COPY'] as const) {
      await copy('copy-a', directive, 'key2=value2');
      expect((await getTags('copy-a')).TagSet).toEqual(source);
      await copy('copy-b', directive);
      expect((await getTags('copy-b')).TagSet).toEqual(source);
    }
    await copy('copy-a', 'REPLACE', 'key2=value2');
    expect((await getTags('copy-a')).TagSet).toEqual([{ Key: 'key2', Value: 'value2' }]);
    await copy('copy-b', 'REPLACE');
    expect((await getTags('copy-b')).TagSet).toEqual([]);
  });

  it('gives a completed multipart upload the tags of CreateMultipartUpload', async () => {
    const key = 'multipart-tagged';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, Tagging: 'stage=build' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'only part' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect((await getTags(key)).TagSet).toEqual([{ Key: 'stage', Value: 'build' }]);
  });

  it('authorizes by s3:*ObjectTagging and the tag condition keys', async () => {
    const b = 'tagging-policy';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    const statement = (Action: string | string[], Condition?: object) => ({ Effect: 'Allow', Principal: { AWS: B }, Action, Resource: `arn:aws:s3:::${b}/*`, Condition });
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: b,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            statement('s3:GetObject', { StringEquals: { 's3:ExistingObjectTag/team': 'blue' } }),
            statement('s3:PutObject', { StringEquals: { 's3:RequestObjectTag/team': 'blue' } }),
            statement('s3:GetObjectTagging'),
          ],
        }),
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: b, Key: 'blue', Body: 'b', Tagging: 'team=blue' }));
    await s3.send(new PutObjectCommand({ Bucket: b, Key: 'red', Body: 'r', Tagging: 'team=red' }));
    expect((await s3b.send(new GetObjectCommand({ Bucket: b, Key: 'blue' }))).TagCount).toBe(1);
    expect(await awsError(s3b.send(new GetObjectCommand({ Bucket: b, Key: 'red' })))).toEqual(DENIED);
    expect((await s3b.send(new GetObjectTaggingCommand({ Bucket: b, Key: 'red' }))).TagSet).toEqual([{ Key: 'team', Value: 'red' }]);
    expect(await awsError(s3b.send(new PutObjectTaggingCommand({ Bucket: b, Key: 'red', Tagging: { TagSet: [] } })))).toEqual(DENIED);
    expect(await awsError(s3b.send(new DeleteObjectTaggingCommand({ Bucket: b, Key: 'red' })))).toEqual(DENIED);
    // PutObject with tags needs s3:PutObjectTagging too, which B is not granted.
    expect(await awsError(s3b.send(new PutObjectCommand({ Bucket: b, Key: 'from-b', Body: 'x', Tagging: 'team=blue' })))).toEqual(DENIED);
    expect(await awsError(s3b.send(new PutObjectCommand({ Bucket: b, Key: 'from-b', Body: 'x', Tagging: 'team=red' })))).toEqual(DENIED);
  });

  it('removes a bucket tag set put without TagSet (test_put_bucket_tagging_none_value)', async () => {
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    const put = await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: {} as { TagSet: Tag[] } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect(await awsError(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })))).toEqual({ code: 'NoSuchTagSet', status: 404, message: 'The TagSet does not exist' });
  });
});
