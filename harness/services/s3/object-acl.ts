/**
 * GetObjectAcl and PutObjectAcl: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
 * Under BucketOwnerEnforced ACLs are disabled: the answer is the bucket owner's full control, and only an ACL
 * granting just that is accepted (E043 otherwise). A request naming a version is authorized as the *VersionAcl action.
 */
import { aclOutput, cannedAcl } from './acl.js';
import { ownerFullControlOnly, requestedAcl } from './bucket-config.js';
import { AccessControlListNotSupported, MalformedXML } from './errors.js';
import { objectAccess, objectRead, readAction, resolveObject, type ObjectTarget } from './object-access.js';
import { foundVersion } from './object-read.js';
import { refusePublicAcl } from './public-acl.js';
import type { S3Operation } from './operation-types.js';

export const GetObjectAcl: S3Operation<'GetObjectAcl', ObjectTarget> = {
  ...objectRead('s3:GetObjectAcl', 's3:GetObjectVersionAcl', 'READ_ACP'),
  handler(ctx, _input, { bucket, lookup }) {
    const v = foundVersion(lookup);
    if (bucket.ownership === 'BucketOwnerEnforced') return aclOutput(ctx.world, bucket.ownerAccount, cannedAcl('private', bucket.ownerAccount, bucket.ownerAccount));
    return aclOutput(ctx.world, v.ownerAccount, v.acl);
  },
};

export const PutObjectAcl: S3Operation<'PutObjectAcl', ObjectTarget> = {
  resolve: resolveObject,
  authorize: (ctx, input, target) => objectAccess(ctx, target, readAction(input, 's3:PutObjectAcl', 's3:PutObjectVersionAcl'), 'WRITE_ACP'),
  handler(ctx, input, { bucket, lookup }) {
    const v = foundVersion(lookup);
    const grants = requestedAcl(ctx, input, v.ownerAccount, bucket.ownerAccount);
    if (!grants) throw MalformedXML();
    if (bucket.ownership === 'BucketOwnerEnforced') {
      if (!ownerFullControlOnly(grants, bucket.ownerAccount) && input.ACL !== 'bucket-owner-full-control') throw AccessControlListNotSupported();
      return {};
    }
    refusePublicAcl(bucket, grants);
    v.acl = grants;
    return {};
  },
};
