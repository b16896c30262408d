/**
 * aws_s3_bucket_acl -> S3 PutBucketAcl with a canned ACL
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl). Under the default
 * Object Ownership (BucketOwnerEnforced) S3 itself answers whether the ACL is allowed.
 * Deviations: access_control_policy (explicit grants) is rejected; use a canned `acl`.
 */
import { PutBucketAclCommand, type BucketCannedACL } from '@aws-sdk/client-s3';
import { reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3BucketAcl: ResourceMapper = {
  type: 'aws_s3_bucket_acl',
  schema: { bucket: 'value', acl: 'value', expected_bucket_owner: 'value' },
  required: ['bucket', 'acl'],
  computed: ['id'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    const acl = reqStr(args, 'acl');
    const owner = str(args, 'expected_bucket_owner');
    await ctx.clients.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: acl as BucketCannedACL, ...(owner ? { ExpectedBucketOwner: owner } : {}) }));
    // The provider's id: bucket, then expected owner when set, then acl, joined by commas.
    return { id: [bucket, ...(owner ? [owner] : []), acl].join(',') };
  },
};
