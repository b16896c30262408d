/**
 * Bucket tagging as S3 answers it. Wordings, statuses and fields as recorded against AWS in LocalStack's validated
 * snapshots (localstack tests/aws/services/s3/test_s3_api.snapshot.json: test_bucket_tagging_crud,
 * test_tagging_validation, test_put_bucket_tagging_none_value); the 50-tag refusal as versitygw's tests expect of S3
 * (tests/rest_scripts, "REST PutBucketTagging - more than 50 tags"). Actions:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html (s3:PutBucketTagging).
 */
import {
  CreateBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketTaggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const NO_TAG_SET = { code: 'NoSuchTagSet', status: 404, message: 'The TagSet does not exist' };
const invalidTag = (message: string) => ({ code: 'InvalidTag', status: 400, message });
const MALFORMED = { code: 'MalformedXML', status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema' };

describe.each(['in-process', 'http'] as const)('S3 bucket tagging over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let s3b: S3Client;
  const bucket = 'tagged-bucket';
  const put = (TagSet: Tag[], Bucket = bucket, client = s3) => client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
  const get = (Bucket = bucket, client = s3) => client.send(new GetBucketTaggingCommand({ Bucket }));

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => emu.dispose());

  it('puts (204), gets, overwrites and deletes (204) a tag set; without one, Get is 404 NoSuchTagSet', async () => {
    expect(await awsError(get())).toEqual(NO_TAG_SET);
    expect((await put([{ Key: 'tag1', Value: 'tag1' }, { Key: 'tag2', Value: '' }])).$metadata.httpStatusCode).toBe(204);
    expect((await get()).TagSet).toEqual([{ Key: 'tag1', Value: 'tag1' }, { Key: 'tag2', Value: '' }]);
    await put([{ Key: 'tag3', Value: 'tag3' }]);
    expect((await get()).TagSet).toEqual([{ Key: 'tag3', Value: 'tag3' }]);
    expect((await s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    expect(await awsError(get())).toEqual(NO_TAG_SET);
  });

  it('removes the tag set when an empty one is put', async () => {
    await put([{ Key: 'k', Value: 'v' }]);
    expect((await put([])).$metadata.httpStatusCode).toBe(204);
    expect(await awsError(get())).toEqual(NO_TAG_SET);
  });

  it('refuses invalid tag sets with InvalidTag, MalformedXML or BadRequest, and keeps the tags it had', async () => {
    await put([{ Key: 'kept', Value: 'yes' }]);
    expect(await awsError(put([{ Key: 'Key1', Value: 'Val1' }, { Key: 'Key1', Value: 'Val1' }]))).toEqual(invalidTag('Cannot provide multiple Tags with the same key'));
    expect(await awsError(put([{ Key: 'Key1,Key2', Value: 'Val1' }]))).toEqual(invalidTag('The TagKey you have provided is invalid'));
    expect(await awsError(put([{ Key: 'Key1', Value: 'Val1,Val2' }]))).toEqual(invalidTag('The TagValue you have provided is invalid'));
    expect(await awsError(put([{ Key: 'aws:prefixed', Value: 'Val1' }]))).toEqual(invalidTag('System tags cannot be added/updated by requester'));
    expect(await awsError(put([{ Key: 'k'.repeat(129), Value: 'v' }]))).toEqual(invalidTag('The TagKey you have provided is invalid'));
    expect(await awsError(put([{ Key: 'k', Value: 'v'.repeat(257) }]))).toEqual(invalidTag('The TagValue you have provided is invalid'));
    expect(await awsError(put([{ Key: 'k' } as Tag]))).toEqual(MALFORMED);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await awsError(put(fiftyOne))).toEqual({ code: 'BadRequest', status: 400, message: 'Bucket tag count cannot be greater than 50' });
    expect((await get()).TagSet).toEqual([{ Key: 'kept', Value: 'yes' }]);
    await put(fiftyOne.slice(0, 50));
    expect((await get()).TagSet).toHaveLength(50);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const noSuchBucket = { code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist' };
    expect(await awsError(get('no-such-tagged-bucket'))).toEqual(noSuchBucket);
    expect(await awsError(put([{ Key: 'k', Value: 'v' }], 'no-such-tagged-bucket'))).toEqual(noSuchBucket);
  });

  it('authorizes Get as s3:GetBucketTagging and Put and Delete as s3:PutBucketTagging', async () => {
    const b = 'tagging-shared';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: b,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetBucketTagging', Resource: `arn:aws:s3:::${b}` }] }),
      }),
    );
    const denied = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
    expect(await awsError(put([{ Key: 'k', Value: 'v' }], b, s3b))).toEqual(denied);
    expect(await awsError(s3b.send(new DeleteBucketTaggingCommand({ Bucket: b })))).toEqual(denied);
    await put([{ Key: 'k', Value: 'v' }], b);
    expect((await get(b, s3b)).TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: b,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:PutBucketTagging', Resource: `arn:aws:s3:::${b}` }] }),
      }),
    );
    expect((await s3b.send(new DeleteBucketTaggingCommand({ Bucket: b }))).$metadata.httpStatusCode).toBe(204);
    expect(await awsError(get(b))).toEqual(NO_TAG_SET);
  });
});

/**
 * CreateBucketConfiguration's Tags, as recorded against AWS in LocalStack's validated snapshots (localstack
 * tests/aws/services/s3/test_s3_api.snapshot.json: test_create_bucket_with_tags, test_create_bucket_with_empty_tags,
 * test_create_bucket_with_tags_exc, test_create_bucket_with_tags_us_east_1_idempotency).
 */
describe.each(['in-process', 'http'] as const)('S3 CreateBucket with tags over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const create = (Bucket: string, Tags?: Tag[]) => s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: Tags && { Tags } }));
  const get = (Bucket: string) => s3.send(new GetBucketTaggingCommand({ Bucket }));

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('tags the new bucket; an empty list leaves it untagged; us-east-1 re-creates only without tags', async () => {
    await create('created-tagged', [{ Key: 'tag1', Value: 'value1' }]);
    expect((await get('created-tagged')).TagSet).toEqual([{ Key: 'tag1', Value: 'value1' }]);
    const owned = { code: 'BucketAlreadyOwnedByYou', status: 409, message: 'Your previous request to create the named bucket succeeded and you already own it.' };
    expect(await awsError(create('created-tagged', [{ Key: 'tag2', Value: 'value2' }]))).toEqual(owned);
    expect(await awsError(create('created-tagged', [{ Key: 'tag1', Value: 'value1' }]))).toEqual(owned);
    expect((await create('created-tagged')).$metadata.httpStatusCode).toBe(200);
    expect((await create('created-tagged', [])).$metadata.httpStatusCode).toBe(200);
    expect((await get('created-tagged')).TagSet).toEqual([{ Key: 'tag1', Value: 'value1' }]);
    await create('created-empty-tags', []);
    expect(await awsError(get('created-empty-tags'))).toEqual(NO_TAG_SET);
  });

  it('refuses bad tags in the recorded words (test_create_bucket_with_tags_exc)', async () => {
    expect(await awsError(create('bad-tags', [{ Value: 'value1' } as Tag]))).toEqual(MALFORMED);
    expect(await awsError(create('bad-tags', [{ Key: 'key1' } as Tag]))).toEqual(MALFORMED);
    expect(await awsError(create('bad-tags', [{ Key: 'aws:test', Value: 'value1' }]))).toEqual(
      invalidTag('User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.'),
    );
    expect(await awsError(create('bad-tags', [{ Key: 'test', Value: 'value1,value2' }]))).toEqual(invalidTag('The TagValue you have provided is invalid'));
    expect(await awsError(create('bad-tags', [{ Key: 'test,test2', Value: 'value1' }]))).toEqual(invalidTag('The TagKey you have provided is invalid'));
    expect(await awsError(s3.send(new GetBucketTaggingCommand({ Bucket: 'bad-tags' })))).toMatchObject({ code: 'NoSuchBucket', status: 404 });
  });
});
