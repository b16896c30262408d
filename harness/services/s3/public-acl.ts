/**
 * ACL grants to everyone (the AllUsers group: canned public-read, public-read-write) let anonymous requests through
 * where no policy allows them, as S3 evaluates ACLs beside policies
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html, "Amazon S3 predefined groups"): a
 * public-read object is readable without credentials, a public-read bucket listable. They count only where ACLs do:
 * - not under Object Ownership BucketOwnerEnforced, where ACLs are disabled
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html);
 * - not when the bucket's Block Public Access sets IgnorePublicAcls ("Amazon S3 ignores all public ACLs on a bucket
 *   and any objects that it contains", https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
 * An explicit Deny in the bucket policy still refuses (a stand-in only answers an implicit deny).
 * Deviations: only anonymous requests are given this stand-in; for signed requests, grants to accounts and to
 * AuthenticatedUsers are not weighed against the policies (the object-context check still honours them), and the
 * account-level Block Public Access (S3 Control) is not modelled.
 */
import type { AuthCheck, OperationContext, StandIn } from '../types.js';
import { aclAllows, type Grant, type Permission } from './acl.js';
import type { Bucket } from './store.js';

/** The stand-in an anonymous request gets from `grants` (an object's or the bucket's ACL) for `permission`. */
export function publicAclStandIn(ctx: OperationContext, bucket: Bucket, grants: Grant[], permission: Permission): Pick<AuthCheck, 'standIn'> {
  if (ctx.principal.account !== undefined) return {};
  return { standIn: () => judge(bucket, grants, permission) };
}

function judge(bucket: Bucket, grants: Grant[], permission: Permission): StandIn {
  if (!aclAllows(grants, undefined, permission)) {
    return { allows: false, why: `No ACL grants everyone (AllUsers) ${permission} either.` };
  }
  if (bucket.ownership === 'BucketOwnerEnforced') {
    return {
      allows: false,
      why: `The ACL grants everyone ${permission}, but bucket ${bucket.name} disables ACLs (Object Ownership BucketOwnerEnforced).`,
      fix: `set the bucket's Object Ownership to BucketOwnerPreferred or ObjectWriter (PutBucketOwnershipControls) so ACLs count`,
    };
  }
  if (bucket.publicAccessBlock?.IgnorePublicAcls) {
    return {
      allows: false,
      why: `The ACL grants everyone ${permission}, but bucket ${bucket.name}'s Block Public Access ignores public ACLs (IgnorePublicAcls).`,
      fix: `turn IgnorePublicAcls off (PutPublicAccessBlock) if the bucket is meant to be public`,
    };
  }
  return { allows: true };
}
