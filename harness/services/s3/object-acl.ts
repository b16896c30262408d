/**
 * GetObjectAcl and PutObjectAcl: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
 * Under BucketOwnerEnforced ACLs are disabled: the answer is the bucket owner's full control, and only an ACL
 * granting just that is accepted (E043 otherwise). A request naming a version is authorized as the *VersionAcl action.
 */
import type { GetObjectAclCommandInput, PutObjectAclCommandInput } from '@aws-sdk/client-s3';
import type { Operation } from '../types.js';
import { aclOutput, cannedAcl } from './acl.js';
import { objectCheck, requireBucket, requireObjectAcl } from './auth.js';
import { ownerFullControlOnly, requestedAcl } from './bucket-config.js';
import { AccessControlListNotSupported, MalformedXML } from './errors.js';
import { objectRead, readableVersion, readAction } from './object-access.js';
import { readVersion } from './object-read.js';

type Wire = Record<string, any>;

export const GetObjectAcl: Operation<GetObjectAclCommandInput & Wire> = {
  authorize: objectRead('s3:GetObjectAcl', 's3:GetObjectVersionAcl'),
  handler(ctx, input) {
    const { bucket, v } = readableVersion(ctx, input, 'READ_ACP');
    if (bucket.ownership === 'BucketOwnerEnforced') return aclOutput(ctx.world, bucket.ownerAccount, cannedAcl('private', bucket.ownerAccount, bucket.ownerAccount));
    return aclOutput(ctx.world, v.ownerAccount, v.acl);
  },
};

export const PutObjectAcl: Operation<PutObjectAclCommandInput & Wire> = {
  authorize(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    return objectCheck(ctx, bucket, input.Key!, readAction(input, 's3:PutObjectAcl', 's3:PutObjectVersionAcl'));
  },
  handler(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    const v = readVersion(ctx, bucket, input.Key!, input.VersionId);
    const grants = requestedAcl(ctx, input, v.ownerAccount, bucket.ownerAccount);
    if (!grants) throw MalformedXML();
    if (bucket.ownership === 'BucketOwnerEnforced') {
      if (!ownerFullControlOnly(grants, bucket.ownerAccount) && ctx.request.headers['x-amz-acl'] !== 'bucket-owner-full-control') throw AccessControlListNotSupported();
      return {};
    }
    requireObjectAcl(ctx, bucket, v, 'WRITE_ACP');
    v.acl = grants;
    return {};
  },
};
