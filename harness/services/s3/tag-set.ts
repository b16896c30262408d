/**
 * Tag sets as S3 checks them, for buckets (PutBucketTagging) and objects (PutObjectTagging, and the x-amz-tagging
 * header of PutObject, CopyObject and CreateMultipartUpload).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html
 * - Each tag is checked in order, then the count: a Tag without Key or Value is MalformedXML; a repeated key is
 *   InvalidTag "Cannot provide multiple Tags with the same key"; an aws: key is refused in the words of the kind of
 *   resource (buckets "System tags cannot be added/updated by requester", objects "Your TagKey cannot be prefixed
 *   with aws:"); a key outside 1–128 letters, digits, spaces and _ . : / = + - @ "The TagKey you have provided is
 *   invalid"; a value outside 0–256 of them "The TagValue you have provided is invalid" (with TagKey and TagValue).
 *   Wordings and order as recorded against AWS in LocalStack's validated snapshots
 *   (localstack tests/aws/services/s3/test_s3_api.snapshot.json: test_tagging_validation, test_bucket_tagging_crud,
 *   test_put_bucket_tagging_none_value, test_put_object_tagging_none_value); lengths from
 *   https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html.
 * - A Tagging without a TagSet is the empty set (the two none-value tests above: 204/200, then no tags).
 * - The header form is URL query parameters (`k1=v1&k2`; a key without `=` holds the empty value); a repeated key
 *   or a pair with more than one `=` is InvalidArgument "The header 'x-amz-tagging' shall be encoded as UTF-8 then
 *   URLEncoded URL query parameters without tag name duplicates." (LocalStack's test_object_tagging_exc snapshot;
 *   aws/aws-cli#2841), and the decoded tags are then checked as above. The set comes back in key order (ceph
 *   s3-tests test_put_obj_with_tags).
 * Deviations: tag values are trimmed by the XML decoder; lengths count code points, not UTF-16 units.
 */
import type { AwsError } from '../../core/errors.js';
import type { ContextValue } from '../../iam/types.js';
import { InvalidArgument, InvalidTag, MalformedXML } from './errors.js';
import type { ObjectVersion } from './store.js';

export type Tag = { Key: string; Value: string };

/** What differs between a bucket's and an object's tag set. */
export interface TagRules {
  max: number;
  tooMany: () => AwsError;
  /** The refusal of an aws: key, worded per operation. */
  awsPrefix: (key: string) => AwsError;
}

const TAG_TEXT = /^[\p{L}\p{N}_\s.:/=+\-@]*$/u;

const length = (text: string) => [...text].length;

/** Checks decoded tags in S3's order; the tags, copied. */
function checkTags(raw: ReadonlyArray<{ Key?: unknown; Value?: unknown }>, rules: TagRules): Tag[] {
  const tags: Tag[] = [];
  const seen = new Set<string>();
  for (const t of raw) {
    const key = t.Key;
    const value = t.Value;
    if (typeof key !== 'string' || typeof value !== 'string') throw MalformedXML();
    if (seen.has(key)) throw InvalidTag('Cannot provide multiple Tags with the same key', key);
    if (key.startsWith('aws:')) throw rules.awsPrefix(key);
    if (length(key) < 1 || length(key) > 128 || !TAG_TEXT.test(key)) throw InvalidTag('The TagKey you have provided is invalid', key);
    if (length(value) > 256 || !TAG_TEXT.test(value)) throw InvalidTag('The TagValue you have provided is invalid', key, value);
    seen.add(key);
    tags.push({ Key: key, Value: value });
  }
  if (tags.length > rules.max) throw rules.tooMany();
  return tags;
}

/** The tags of CreateBucketConfiguration's Tags (none is the empty set). */
export function tagListOf(tags: ReadonlyArray<{ Key?: unknown; Value?: unknown }> | undefined, rules: TagRules): Tag[] {
  return checkTags(tags ?? [], rules);
}

/** The tags of a Tagging payload; no payload at all is MalformedXML, a payload without TagSet the empty set. */
export function tagSetOf(tagging: { TagSet?: ReadonlyArray<{ Key?: unknown; Value?: unknown }> } | undefined, rules: TagRules): Tag[] {
  if (tagging === undefined) throw MalformedXML();
  return checkTags(tagging.TagSet ?? [], rules);
}

const HEADER_FORMAT = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

function decodeComponent(text: string, header: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw InvalidArgument(HEADER_FORMAT, 'x-amz-tagging', header);
  }
}

/** The tags of an x-amz-tagging header, checked; undefined when the request has none. */
export function tagsFromHeader(header: string | undefined, rules: TagRules): Tag[] | undefined {
  if (header === undefined) return undefined;
  const pairs: Array<{ Key: string; Value: string }> = [];
  const seen = new Set<string>();
  for (const part of header.split('&')) {
    if (part === '') continue;
    const pieces = part.split('=');
    if (pieces.length > 2) throw InvalidArgument(HEADER_FORMAT, 'x-amz-tagging', header);
    const key = decodeComponent(pieces[0]!, header);
    if (seen.has(key)) throw InvalidArgument(HEADER_FORMAT, 'x-amz-tagging', header);
    seen.add(key);
    pairs.push({ Key: key, Value: decodeComponent(pieces[1] ?? '', header) });
  }
  return checkTags(pairs, rules).sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

/** s3:ExistingObjectTag/<key> for each tag of the version a request names. */
export function existingTagContext(version: ObjectVersion | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const t of version?.tags ?? []) context[`s3:ExistingObjectTag/${t.Key}`] = t.Value;
  return context;
}
