/**
 * KMS tag rules (tag-rules.ts) through the real @aws-sdk/client-kms over both transports. Every wording is AWS's as
 * LocalStack recorded it against real AWS: localstack/localstack tests/aws/services/kms/test_kms.snapshot.json
 * (tests marked aws.validated, 2025-01), test named on each case.
 */
import { CreateKeyCommand, KMSClient, ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand, type Tag } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const tagsOf = (n: number): Tag[] => Array.from({ length: n }, (_, i) => ({ TagKey: `key${i}`, TagValue: `value${i}` }));

describe.each(['in-process', 'http'] as const)('KMS tags over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  const newKey = async (Tags?: Tag[]) => (await kms.send(new CreateKeyCommand({ Description: 'test key 123', KeyUsage: 'ENCRYPT_DECRYPT', Tags }))).KeyMetadata!.KeyId!;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('tags, updates and untags in request order (test_update_and_add_tags_on_tagged_key, test_untag_key_partially)', async () => {
    const keyId = await newKey([{ TagKey: 'tag1', TagValue: 'value1' }, { TagKey: 'tag2', TagValue: 'value2' }, { TagKey: 'tag3', TagValue: 'value3' }]);
    await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'tag2', TagValue: 'updated_value2' }, { TagKey: 'tag4', TagValue: 'value4' }, { TagKey: 'tag5', TagValue: 'value5' }] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([
      { TagKey: 'tag1', TagValue: 'value1' },
      { TagKey: 'tag2', TagValue: 'updated_value2' },
      { TagKey: 'tag3', TagValue: 'value3' },
      { TagKey: 'tag4', TagValue: 'value4' },
      { TagKey: 'tag5', TagValue: 'value5' },
    ]);
    await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['tag2', 'tag4', 'tag5'] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([
      { TagKey: 'tag1', TagValue: 'value1' },
      { TagKey: 'tag3', TagValue: 'value3' },
    ]);
  });

  it.each(['aws:key1', 'AWS:key1'])('refuses CreateKey with the reserved key %s (test_create_key_with_invalid_tag_key)', async (TagKey) => {
    expect(await awsError(newKey([{ TagKey, TagValue: 'value1' }]))).toEqual({ code: 'TagException', status: 400, message: 'Tags beginning with aws: are reserved' });
  });

  it('refuses TagResource with a reserved key (test_tag_existing_key_with_invalid_tag_key)', async () => {
    const keyId = await newKey();
    expect(await awsError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'aws:key1', TagValue: 'value1' }] })))).toEqual({
      code: 'TagException',
      status: 400,
      message: 'Tags beginning with aws: are reserved',
    });
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([]);
  });

  it('refuses duplicate keys in one TagResource (test_tag_key_with_duplicate_tag_keys_raises_error)', async () => {
    const keyId = await newKey();
    const Tags = [{ TagKey: 'tag1', TagValue: 'value1' }, { TagKey: 'tag1', TagValue: 'another-value1' }];
    expect(await awsError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags })))).toEqual({ code: 'TagException', status: 400, message: 'Duplicate tag keys' });
  });

  it('refuses 51 tags on CreateKey and accepts 50 (test_create_key_with_too_many_tags_raises_error)', async () => {
    expect(await awsError(newKey(tagsOf(51)))).toEqual({ code: 'TagException', status: 400, message: 'Too many tags' });
    const keyId = await newKey(tagsOf(50));
    // ListResourceTags pages by 50 at most (API_ListResourceTags: Limit 1..50, default 50).
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toHaveLength(50);
  });

  it('refuses a tag key over 128 characters (test_create_key_with_invalid_tag_key[too_long_key])', async () => {
    const TagKey = 'a'.repeat(129);
    expect(await awsError(newKey([{ TagKey, TagValue: 'value1' }]))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '${TagKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
  });

  it('refuses a tag value over 256 characters (test_key_with_long_tag_value_raises_error)', async () => {
    const TagValue = 'v'.repeat(257);
    expect(await awsError(newKey([{ TagKey: 'tag1', TagValue }]))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '${TagValue}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
  });
});
