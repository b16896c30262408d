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
 * BlockPublicAcls: "PUT Bucket acl and PUT Object acl calls fail if the specified ACL is public. PUT Object calls
 * fail if the request includes a public ACL." (API_PublicAccessBlockConfiguration.html); a public ACL grants to
 * AllUsers or AuthenticatedUsers. The refusal is S3's bare 403 AccessDenied "Access Denied"; no recorded AWS
 * response for this case was found, so that wording follows S3's other bare denials (E022). Ownership's
 * AccessControlListNotSupported comes first where ACLs are disabled.
 * Deviations: only anonymous requests are given this stand-in; for signed requests, grants to accounts and to
 * AuthenticatedUsers are not weighed against the policies (the object-context check still honours them), and the
 * account-level Block Public Access (S3 Control) is not modelled.
 */
import type { AuthCheck, OperationContext, StandIn } from '../types.js';
import { aclAllows, ALL_USERS, AUTHENTICATED_USERS, type Grant, type Permission } from './acl.js';
import { AccessDenied } from './errors.js';
import type { Bucket } from './store.js';

/** The stand-in an anonymous request gets from `grants` (an object's or the bucket's ACL) for `permission`. */
export function publicAclStandIn(ctx: OperationContext, bucket: Bucket, grants: Grant[], permission: Permission): Pick<AuthCheck, 'standIn'> {
  if (ctx.principal.account !== undefined) return {};
  return { standIn: () => judge(bucket, grants, permission) };
}

/** Refuses an ACL that grants to everyone or to every AWS user, when the bucket blocks public ACLs. */
export function refusePublicAcl(bucket: Bucket, grants: Grant[]): void {
  if (!bucket.publicAccessBlock?.BlockPublicAcls) return;
  if (grants.some((g) => g.grantee.type === 'Group' && (g.grantee.uri === ALL_USERS || g.grantee.uri === AUTHENTICATED_USERS))) throw AccessDenied();
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
