/**
 * How S3 validates the ACL a request carries, before it looks at the bucket's Object Ownership (so these answers
 * come first even where ACLs are disabled). Recorded against AWS in LocalStack's validated snapshots
 * (localstack/localstack tests/aws/services/s3/test_s3.snapshot.json, test_s3_bucket_acl_exceptions and
 * test_s3_object_acl_exceptions):
 * - a canned ACL together with x-amz-grant-* headers: InvalidRequest "Specifying both Canned ACLs and Header Grants
 *   is not allowed"; a canned ACL or grant headers together with an AccessControlPolicy body: UnexpectedContent
 *   "This request does not support content";
 * - a grant header entry other than id=, uri=, emailAddress=: InvalidArgument "Argument format not recognized" naming
 *   the header and its whole value; an id that is not a canonical user id: "Invalid id" (ArgumentName id); a uri
 *   that is not one of S3's groups: "Invalid group uri" (ArgumentName uri);
 * - an AccessControlPolicy without an Owner, with an unknown Permission or grantee Type, or empty: MalformedACLError;
 *   a malformed Owner or grantee ID: InvalidArgument "Invalid id" (CanonicalUser/ID); an unknown group:
 *   "Invalid group uri" (Group/URI);
 * - PutBucketAcl / PutObjectAcl with no ACL at all: MissingSecurityHeader naming x-amz-acl.
 * Deviation: a well-formed canonical id that belongs to no account is accepted.
 */
import type { AccessControlPolicy, Grantee } from '@aws-sdk/client-s3';
import { InvalidArgument, InvalidRequest, MalformedACLError, MissingSecurityHeader, UnexpectedContent } from './errors.js';
import type { GrantMembers } from './acl.js';

const GROUPS = new Set([
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  'http://acs.amazonaws.com/groups/s3/LogDelivery',
]);
const PERMISSIONS = new Set(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']);
const HEADERS: ReadonlyArray<readonly [keyof GrantMembers, string]> = [
  ['GrantFullControl', 'x-amz-grant-full-control'],
  ['GrantRead', 'x-amz-grant-read'],
  ['GrantWrite', 'x-amz-grant-write'],
  ['GrantReadACP', 'x-amz-grant-read-acp'],
  ['GrantWriteACP', 'x-amz-grant-write-acp'],
];

const canonicalUserId = (id: string) => /^[0-9a-f]{64}$/.test(id);

interface AclRequest extends GrantMembers {
  ACL?: string;
  AccessControlPolicy?: AccessControlPolicy;
}

/** The grant headers' entries: key="value", comma separated. */
function validateGrantHeaders(input: GrantMembers): void {
  for (const [member, header] of HEADERS) {
    const value = input[member];
    if (value === undefined) continue;
    for (const part of value.split(',')) {
      const m = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
      if (!m || !['id', 'uri', 'emailAddress'].includes(m[1]!)) throw InvalidArgument('Argument format not recognized', header, value);
      if (m[1] === 'id' && !canonicalUserId(m[2]!)) throw InvalidArgument('Invalid id', 'id', m[2]!);
      if (m[1] === 'uri' && !GROUPS.has(m[2]!)) throw InvalidArgument('Invalid group uri', 'uri', m[2]!);
    }
  }
}

/**
 * The grantees' types as the body's xsi:type attributes give them: the protocol reads elements, not attributes, so
 * the document handed to the operation has no Type.
 */
function granteeTypes(body: string): string[] {
  return [...body.matchAll(/<Grantee\b[^>]*\btype\s*=\s*"([^"]*)"/g)].map((m) => m[1]!);
}

function validatePolicyDocument(doc: AccessControlPolicy, body: string): void {
  const grants = doc.Grants ?? [];
  if (!doc.Owner || grants.length === 0) throw MalformedACLError();
  if (grants.some((g) => !PERMISSIONS.has(String(g.Permission)))) throw MalformedACLError();
  if (doc.Owner.ID !== undefined && !canonicalUserId(doc.Owner.ID)) throw InvalidArgument('Invalid id', 'CanonicalUser/ID', doc.Owner.ID);
  const typeOf = (grantee: Partial<Grantee>) => String(grantee.Type ?? (grantee.URI !== undefined ? 'Group' : 'CanonicalUser'));
  // An unknown grantee type is a schema error, which S3 answers before it reads any grantee's id or uri.
  if (granteeTypes(body).some((t) => !['Group', 'CanonicalUser', 'AmazonCustomerByEmail'].includes(t))) throw MalformedACLError();
  for (const g of grants) {
    const grantee: Partial<Grantee> = g.Grantee ?? {};
    const type = typeOf(grantee);
    if (type === 'Group' && !GROUPS.has(grantee.URI ?? '')) throw InvalidArgument('Invalid group uri', 'Group/URI', grantee.URI ?? '');
    if (type === 'CanonicalUser' && !canonicalUserId(grantee.ID ?? '')) throw InvalidArgument('Invalid id', 'CanonicalUser/ID', grantee.ID ?? '');
  }
}

/** The ACL of a write (PutObject, CopyObject, CreateMultipartUpload, CreateBucket): headers only. */
export function validateWriteAcl(input: AclRequest): void {
  const grants = HEADERS.some(([m]) => input[m] !== undefined);
  if (input.ACL !== undefined && grants) throw InvalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
  validateGrantHeaders(input);
}

/** The ACL of PutBucketAcl / PutObjectAcl: headers or a body (the request's content), exactly one of them. */
export function validatePutAcl(input: AclRequest, body: Buffer): void {
  const hasBody = body.length > 0;
  const headers = input.ACL !== undefined || HEADERS.some(([m]) => input[m] !== undefined);
  if (headers && hasBody) throw UnexpectedContent();
  validateWriteAcl(input);
  if (headers) return;
  if (!hasBody) throw MissingSecurityHeader('x-amz-acl');
  validatePolicyDocument(input.AccessControlPolicy ?? {}, body.toString('utf8'));
}
