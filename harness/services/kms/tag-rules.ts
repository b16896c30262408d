/**
 * KMS's tag rules, for CreateKey's Tags and TagResource, in the words AWS answers (LocalStack's AWS-validated
 * tests/aws/services/kms/test_kms.snapshot.json, recorded 2025-01):
 * - a key longer than 128 or a value longer than 256 characters: Coral's ValidationException naming
 *   'tags.<n>.member.tagKey' / 'tags.<n>.member.tagValue' (test_create_key_with_invalid_tag_key[too_long_key],
 *   test_key_with_long_tag_value_raises_error);
 * - a key beginning with "aws:" in any case: TagException "Tags beginning with aws: are reserved"
 *   (test_create_key_with_invalid_tag_key[lowercase_prefix|uppercase_prefix], test_tag_existing_key_with_invalid_tag_key);
 * - the same key twice in one request: TagException "Duplicate tag keys" (test_tag_key_with_duplicate_tag_keys_raises_error);
 * - more than 50 tags: TagException "Too many tags" (test_create_key_with_too_many_tags_raises_error).
 * https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html (50 tags per key, aws: reserved).
 * Known deviation: TagResource counts the key's tags after the request against the 50 (AWS's quota is per key);
 * that its answer then is the same "Too many tags" is not recorded. Length checks come first, as Coral validates the
 * request before KMS reads it.
 */
import type { Tag } from '@aws-sdk/client-kms';
import { TagException, ValidationException } from './errors.js';

export type StoredTag = { TagKey: string; TagValue: string };

export const MAX_TAGS = 50;

/** The request's tags, checked; `existing` are the key's tags TagResource adds to. */
export function validTags(given: Tag[] | undefined, existing: StoredTag[] = []): StoredTag[] {
  const tags = (given ?? []).map((t) => ({ TagKey: t.TagKey ?? '', TagValue: t.TagValue ?? '' }));
  tags.forEach((t, i) => {
    if (t.TagKey.length > 128) throw ValidationException.at(['Tags', i + 1, 'TagKey'], t.TagKey, 'Member must have length less than or equal to 128');
    if (t.TagValue.length > 256) throw ValidationException.at(['Tags', i + 1, 'TagValue'], t.TagValue, 'Member must have length less than or equal to 256');
  });
  if (new Set(tags.map((t) => t.TagKey)).size < tags.length) throw TagException('Duplicate tag keys');
  const after = new Set([...existing.map((t) => t.TagKey), ...tags.map((t) => t.TagKey)]);
  if (tags.length > MAX_TAGS || after.size > MAX_TAGS) throw TagException('Too many tags');
  if (tags.some((t) => t.TagKey.toLowerCase().startsWith('aws:'))) throw TagException('Tags beginning with aws: are reserved');
  return tags;
}
