/**
 * Object tagging: GetObjectTagging, PutObjectTagging, DeleteObjectTagging, and the tags of object writes (the
 * x-amz-tagging header of PutObject, CreateMultipartUpload and CopyObject, CopyObject's x-amz-tagging-directive)
 * and reads (x-amz-tagging-count on GetObject and HeadObject).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html (and the Get/Delete pages)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html
 * - Actions: s3:GetObjectTagging, s3:PutObjectTagging, s3:DeleteObjectTagging, and their …VersionTagging forms when
 *   the request names a version; PutObject with x-amz-tagging also needs s3:PutObjectTagging (API_PutObject,
 *   Permissions). Condition keys (https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html):
 *   s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys from the tags a request sets; s3:ExistingObjectTag/<key>
 *   from the tags of the object a request names (object-access.ts).
 * - Answers as recorded against AWS in LocalStack's validated snapshots (localstack
 *   tests/aws/services/s3/test_s3_api.snapshot.json, TestS3BucketObjectTagging: test_object_tagging_crud,
 *   test_object_tagging_exc, test_object_tagging_versioned, test_put_object_with_tags, test_head_object_with_tags,
 *   test_object_tags_delete_or_overwrite_object; test_s3.snapshot.json test_s3_copy_tagging_directive): an object
 *   without tags has an empty TagSet; a put replaces the set; tags belong to one version and a new write starts
 *   without them; a delete marker (named, or the current version) is 405 MethodNotAllowed ResourceType DeleteMarker;
 *   GetObjectTagging's NoSuchKey names the key as "<bucket>/<key>", Put's and Delete's as the key. More than 10 tags:
 *   400 BadRequest "Object tags cannot be greater than 10" (AWS's answer quoted in
 *   hashicorp/terraform-provider-aws#19895); an aws: key: "Your TagKey cannot be prefixed with aws:".
 * Deviations: S3 documents no ACL permission for tagging; for an object the bucket owner does not own, the
 * object-context check asks READ (get) or FULL_CONTROL (put, delete) of its ACL.
 */
import type { ContextValue } from '../../iam/types.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { BadRequest, InvalidTag, MethodNotAllowed, NoSuchKey } from './errors.js';
import { objectAccess, readAction, resolveObject, type ObjectTarget } from './object-access.js';
import { versionHeader } from './object-output.js';
import type { Permission } from './acl.js';
import { currentVersion, type ObjectVersion } from './store.js';
import type { S3Operation } from './operation-types.js';
import { tagSetOf, tagsFromHeader, type Tag, type TagRules } from './tag-set.js';

export const OBJECT_TAGS: TagRules = {
  max: 10,
  tooMany: () => BadRequest('Object tags cannot be greater than 10'),
  awsPrefix: (key) => InvalidTag('Your TagKey cannot be prefixed with aws:', key),
};

/** The tags of an x-amz-tagging header (PutObject, CreateMultipartUpload, CopyObject), checked. */
export function headerTags(header: string | undefined): Tag[] | undefined {
  const tags = tagsFromHeader(header, OBJECT_TAGS);
  return tags && tags.length > 0 ? tags : undefined;
}

/** s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys for tags a request sets. */
export function requestTagContext(tags: readonly Tag[] | undefined): Record<string, ContextValue> {
  if (!tags) return {};
  const context: Record<string, ContextValue> = { 's3:RequestObjectTagKeys': tags.map((t) => t.Key) };
  for (const t of tags) context[`s3:RequestObjectTag/${t.Key}`] = t.Value;
  return context;
}

/** The same keys for an x-amz-tagging header; a header S3 will refuse sets none (the handler refuses it). */
export function headerTagContext(header: string | undefined): Record<string, ContextValue> {
  try {
    return requestTagContext(headerTags(header));
  } catch {
    return {};
  }
}

/** The version whose tags a request reads or changes; a delete marker is MethodNotAllowed, current or named. */
function taggedVersion(ctx: OperationContext, target: ObjectTarget, noSuchKeyName: string): ObjectVersion {
  const { bucket, key, lookup } = target;
  if ('version' in lookup) return lookup.version;
  const marker = target.VersionId === undefined ? currentVersion(bucket, key) : undefined;
  if (marker?.deleteMarker) {
    throw MethodNotAllowed(ctx.request.method.toUpperCase(), 'DeleteMarker', { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId });
  }
  if (lookup.missing.code === 'NoSuchKey') throw NoSuchKey(noSuchKeyName);
  throw lookup.missing;
}

function taggingAccess(plain: string, versioned: string, permission: Permission) {
  return {
    resolve: (ctx: OperationContext, input: { Bucket?: string; Key?: string; VersionId?: string }) => resolveObject(ctx, input),
    authorize(ctx: OperationContext, input: { VersionId?: string }, target: ObjectTarget, extra: Record<string, ContextValue> = {}): AuthCheck[] {
      const [first, ...rest] = objectAccess(ctx, target, readAction(input, plain, versioned), permission);
      return [{ ...first!, context: { ...first!.context, ...extra } }, ...rest];
    },
  };
}

const getAccess = taggingAccess('s3:GetObjectTagging', 's3:GetObjectVersionTagging', 'READ');
const putAccess = taggingAccess('s3:PutObjectTagging', 's3:PutObjectVersionTagging', 'FULL_CONTROL');
const deleteAccess = taggingAccess('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 'FULL_CONTROL');

export const GetObjectTagging: S3Operation<'GetObjectTagging', ObjectTarget> = {
  resolve: getAccess.resolve,
  authorize: (ctx, input, target) => getAccess.authorize(ctx, input, target),
  handler(ctx, _input, target) {
    const v = taggedVersion(ctx, target, `${target.bucket.name}/${target.key}`);
    return { VersionId: versionHeader(target.bucket, v), TagSet: (v.tags ?? []).map((t) => ({ ...t })) };
  },
};

export const PutObjectTagging: S3Operation<'PutObjectTagging', ObjectTarget> = {
  resolve: putAccess.resolve,
  authorize(ctx, input, target) {
    let tags: Tag[] | undefined;
    try {
      tags = tagSetOf(input.Tagging, OBJECT_TAGS);
    } catch {
      tags = undefined;
    }
    return putAccess.authorize(ctx, input, target, requestTagContext(tags));
  },
  handler(ctx, input, target) {
    const v = taggedVersion(ctx, target, target.key);
    const tags = tagSetOf(input.Tagging, OBJECT_TAGS);
    if (tags.length > 0) v.tags = tags;
    else delete v.tags;
    return { VersionId: versionHeader(target.bucket, v) };
  },
};

export const DeleteObjectTagging: S3Operation<'DeleteObjectTagging', ObjectTarget> = {
  resolve: deleteAccess.resolve,
  authorize: (ctx, input, target) => deleteAccess.authorize(ctx, input, target),
  handler(ctx, _input, target) {
    const v = taggedVersion(ctx, target, target.key);
    delete v.tags;
    return { VersionId: versionHeader(target.bucket, v) };
  },
};
