/**
 * The tag constraints IAM and STS share (the SDK models' tagListType, tagKeyType, tagValueType), worded as IAM
 * answers them: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: …" (the
 * value left out), "Value at 'tags' … Member must have length less than or equal to 50", and keys that differ only
 * in case refused after those checks. Recorded against AWS: localstack/localstack
 * tests/aws/services/iam/test_iam_roles.snapshot.json, test_role_tag_errors (2026-02). The code of the duplicate-key
 * refusal is the service's (IAM InvalidInput, STS InvalidParameterValue), so the caller raises it.
 */
import { constraintError } from '../param-errors.js';

export interface TagInput {
  Key?: string;
  Value?: string;
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const TAG_VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';

export const DUPLICATE_TAG_KEYS = 'Duplicate tag keys found. Please note that Tag keys are case insensitive.';

const refuse = (member: string, constraint: string) => constraintError('ValidationError', member, undefined, constraint, { sensitive: true });

function checkTag(tag: TagInput, i: number): { Key: string; Value: string } {
  const { Key: key, Value: value } = tag;
  const at = `tags.${i + 1}.member`;
  if (key === undefined) throw refuse(`${at}.key`, 'Member must not be null');
  if (value === undefined) throw refuse(`${at}.value`, 'Member must not be null');
  if (key.length < 1) throw refuse(`${at}.key`, 'Member must have length greater than or equal to 1');
  if (key.length > 128) throw refuse(`${at}.key`, 'Member must have length less than or equal to 128');
  if (!TAG_KEY.test(key)) throw refuse(`${at}.key`, `Member must satisfy regular expression pattern: ${TAG_KEY_PATTERN}`);
  if (value.length > 256) throw refuse(`${at}.value`, 'Member must have length less than or equal to 256');
  if (!TAG_VALUE.test(value)) throw refuse(`${at}.value`, `Member must satisfy regular expression pattern: ${TAG_VALUE_PATTERN}`);
  return { Key: key, Value: value };
}

/** The tags, checked against the model's constraints; `duplicate` is the service's error for keys equal but for case. */
export function checkedTags(list: TagInput[] | undefined, duplicate: () => Error): { Key: string; Value: string }[] {
  const tags = list ?? [];
  if (tags.length > 50) throw refuse('tags', 'Member must have length less than or equal to 50');
  const checked = tags.map(checkTag);
  const seen = new Set<string>();
  for (const t of checked) {
    const lower = t.Key.toLowerCase();
    if (seen.has(lower)) throw duplicate();
    seen.add(lower);
  }
  return checked;
}
