/**
 * PutObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 * The write is atomic: the body is decoded and verified (body.ts), sealed under KMS if asked (sse.ts), and only then
 * stored, so a failed upload leaves nothing behind; a versioned bucket keeps every version. An ACL on the request
 * also needs s3:PutObjectAcl. An anonymous upload is refused before its body is read.
 * Conditional writes (If-None-Match, If-Match): preconditions.ts.
 * Deviations: storage classes and object lock are not modelled.
 */
import type { AuthCheck } from '../types.js';
import { objectCheck, resolveBucket } from './auth.js';
import { receiveBody } from './body.js';
import { requireWriteMembers } from './limits.js';
import { checksumOutput, writtenVersionId } from './object-output.js';
import { commitObject, metadataOf, sseOutput, wantsAcl, writeEncryption, writeOwnership } from './object-write.js';
import { requireWriteConditions, requireWriteConditionValues } from './preconditions.js';
import { headerTagContext, headerTags } from './object-tagging.js';
import { sealObject } from './sse.js';
import type { Bucket, SseRecord } from './store.js';
import type { S3Operation } from './operation-types.js';

export const PutObject: S3Operation<'PutObject', Bucket> = {
  authorizesBeforeBody: true,
  resolve(ctx, input) {
    requireWriteMembers(input);
    return resolveBucket(ctx, input);
  },
  authorize(ctx, input, bucket) {
    const tagContext = headerTagContext(input.Tagging);
    const checks: AuthCheck[] = [objectCheck(ctx, bucket, input.Key!, 's3:PutObject', tagContext)];
    if (wantsAcl(input)) checks.push(objectCheck(ctx, bucket, input.Key!, 's3:PutObjectAcl'));
    // Tags set with the object also need s3:PutObjectTagging (API_PutObject, Permissions).
    if (input.Tagging !== undefined) checks.push(objectCheck(ctx, bucket, input.Key!, 's3:PutObjectTagging', tagContext));
    return checks;
  },
  async handler(ctx, input, bucket) {
    const key = input.Key!;
    requireWriteConditionValues(input);
    const ownership = writeOwnership(ctx, input, bucket);
    const tags = headerTags(input.Tagging);
    const encryption = writeEncryption(input, bucket);
    const received = receiveBody(ctx, input);
    const size = received.data.length;
    let data: Buffer;
    let sse: SseRecord = { algorithm: 'AES256' };
    if (encryption.algorithm === 'aws:kms') {
      ({ data, sse } = await sealObject(ctx, bucket.name, key, encryption.keyId, received.data));
      sse.bucketKeyEnabled = encryption.bucketKeyEnabled;
    }
    // The in-process transport may hand us the caller's own memory; the stored object must not change with it.
    else data = Buffer.from(received.data);
    // Checked once the data is sealed, with nothing awaited before the commit: no other write comes in between.
    requireWriteConditions(input, bucket, key);
    const v = commitObject(ctx, bucket, {
      key,
      data,
      size,
      sse,
      checksum: received.checksum,
      contentType: input.ContentType,
      metadata: metadataOf(input),
      ownerAccount: ownership.ownerAccount,
      acl: ownership.acl,
      extra: {
        contentEncoding: contentEncodingOf(input.ContentEncoding),
        contentDisposition: input.ContentDisposition,
        cacheControl: input.CacheControl,
        contentLanguage: input.ContentLanguage,
        tags,
      },
    });
    return { ETag: v.etag, VersionId: writtenVersionId(v), ...sseOutput(v.sse), ...checksumOutput(v.checksum) };
  },
};

/** aws-chunked is a transfer detail, not part of the stored object's Content-Encoding. */
function contentEncodingOf(value: string | undefined): string | undefined {
  const rest = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked');
  return rest.length > 0 ? rest.join(',') : undefined;
}
