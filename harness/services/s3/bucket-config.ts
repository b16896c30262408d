/**
 * Bucket configuration: policy, versioning, default encryption, ownership controls, bucket ACL, Block Public Access.
 * - PutBucketPolicy validates like S3 (MalformedPolicy, E039/E040; principals that do not exist are "Invalid
 *   principal in policy"; resources must be this bucket or its objects: "Policy has invalid resource"; the 20 KB
 *   quota and bad IP condition values are checked by harness/iam/validate.ts). The bucket
 *   owner's root may always read, replace and delete the policy, even when the policy denies it
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html, "lock out").
 * - Block Public Access is on for new buckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html);
 *   BlockPublicPolicy refuses a policy that grants access to everyone without a condition.
 * - Default encryption: every bucket has SSE-S3 unless configured otherwise (GetBucketEncryption then shows
 *   AES256); KMSMasterKeyID only with aws:kms (E034). S3 does not validate the key id at this point (API_PutBucketEncryption).
 * - Ownership controls: E045 after DeleteBucketOwnershipControls; ACLs are refused under BucketOwnerEnforced (E043).
 * Deviations: "public" is judged by Principal "*" without any Condition. BlockPublicAcls: public-acl.ts.
 */
import { compileGlob, validatePolicy } from '../../iam/index.js';
import { S3_POLICY_DIALECT } from './policy-dialect.js';
import { missingPrincipal } from '../iam/validate-principals.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { validatePutAcl } from './acl-validation.js';
import { refusePublicAcl } from './public-acl.js';
import { aclOutput, cannedAcl, grantsFromMembers, grantsFromPolicy, type Grant } from './acl.js';
import { bucketArn, bucketCheck, resolveBucket } from './auth.js';
import { canonicalId } from './store.js';
import {
  AccessControlListNotSupported,
  AccessDenied,
  IllegalVersioningConfigurationException,
  InvalidArgument,
  MalformedPolicy,
  MalformedXML,
  NoSuchBucketPolicy,
  NoSuchPublicAccessBlockConfiguration,
  OwnershipControlsNotFoundError,
} from './errors.js';
import type { Bucket, EncryptionRule, ObjectOwnership, PublicAccessBlock } from './store.js';
import type { S3Input, S3Operation } from './operation-types.js';

type AclInput = S3Input<'PutBucketAcl' | 'PutObjectAcl'>;

/** The owner's root passes the policy operations unconditionally; everyone else is authorized as usual. */
function policyCheck(ctx: OperationContext, bucket: Bucket, action: string): AuthCheck | undefined {
  if (ctx.principal.type === 'Account' && ctx.principal.account === bucket.ownerAccount) return undefined;
  return bucketCheck(ctx, bucket, action);
}

function statementsOf(doc: unknown): Array<Record<string, unknown>> {
  const s = (doc as { Statement?: unknown })?.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Array<Record<string, unknown>>;
}

/** Resources of a bucket policy must name this bucket (or its objects). */
function resourcesFitBucket(doc: unknown, bucket: string): boolean {
  for (const st of statementsOf(doc)) {
    const raw = st['Resource'] ?? st['NotResource'];
    for (const r of Array.isArray(raw) ? raw : raw !== undefined ? [raw] : []) {
      if (typeof r !== 'string') return false;
      if (r === '*') continue;
      const m = /^arn:aws:s3:::([^/]*)(\/.*)?$/.exec(r);
      if (!m || !compileGlob(m[1]!, false)(bucket)) return false;
    }
  }
  return true;
}

function isPublicPolicy(doc: unknown): boolean {
  return statementsOf(doc).some((st) => {
    if (st['Effect'] !== 'Allow' || st['Condition'] !== undefined) return false;
    const p = st['Principal'];
    if (p === '*') return true;
    const aws = (p as Record<string, unknown> | undefined)?.['AWS'];
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

export const PutBucketPolicy: S3Operation<'PutBucketPolicy', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => policyCheck(ctx, bucket, 's3:PutBucketPolicy'),
  handler(ctx, input, bucket) {
    const text = input.Policy ?? '';
    const failure = validatePolicy(text, S3_POLICY_DIALECT, 'resource');
    // The S3 dialect words every refusal of the grammar as MalformedPolicy (policy-dialect.ts).
    if (failure) throw MalformedPolicy(failure.message);
    const doc = JSON.parse(text) as unknown;
    if (missingPrincipal(ctx.world, text)) throw MalformedPolicy('Invalid principal in policy');
    if (!resourcesFitBucket(doc, bucket.name)) throw MalformedPolicy('Policy has invalid resource');
    if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(doc)) {
      throw AccessDenied(
        `User: ${ctx.principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "${bucketArn(bucket.name)}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      );
    }
    bucket.policy = text;
    return {};
  },
};

export const GetBucketPolicy: S3Operation<'GetBucketPolicy', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => policyCheck(ctx, bucket, 's3:GetBucketPolicy'),
  handler(ctx, input, bucket) {
    if (bucket.policy === undefined) throw NoSuchBucketPolicy(bucket.name);
    return { Policy: bucket.policy };
  },
};

export const DeleteBucketPolicy: S3Operation<'DeleteBucketPolicy', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => policyCheck(ctx, bucket, 's3:DeleteBucketPolicy'),
  handler(ctx, input, bucket) {
    delete bucket.policy;
    return {};
  },
};

export const PutBucketVersioning: S3Operation<'PutBucketVersioning', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketVersioning'),
  handler(ctx, input, bucket) {
    const status: string | undefined = input.VersioningConfiguration?.Status;
    if (status === undefined || status === '') throw IllegalVersioningConfigurationException();
    if (status !== 'Enabled' && status !== 'Suspended') throw MalformedXML();
    bucket.versioning = status;
    return {};
  },
};

export const GetBucketVersioning: S3Operation<'GetBucketVersioning', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketVersioning'),
  handler(ctx, input, bucket) {
    return bucket.versioning ? { Status: bucket.versioning } : {};
  },
};

function encryptionRule(input: S3Input<'PutBucketEncryption'>): EncryptionRule {
  const rule = input.ServerSideEncryptionConfiguration?.Rules?.[0];
  const def = rule?.ApplyServerSideEncryptionByDefault;
  const algorithm: string | undefined = def?.SSEAlgorithm;
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') throw MalformedXML();
  const keyId = def?.KMSMasterKeyID;
  if (keyId !== undefined && algorithm === 'AES256') {
    throw InvalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault');
  }
  return { SSEAlgorithm: algorithm, KMSMasterKeyID: keyId || undefined, BucketKeyEnabled: rule?.BucketKeyEnabled === true };
}

export const PutBucketEncryption: S3Operation<'PutBucketEncryption', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutEncryptionConfiguration'),
  handler(ctx, input, bucket) {
    bucket.encryption = encryptionRule(input);
    return {};
  },
};

export const GetBucketEncryption: S3Operation<'GetBucketEncryption', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetEncryptionConfiguration'),
  handler(ctx, input, bucket) {
    const rule = bucket.encryption ?? { SSEAlgorithm: 'AES256', BucketKeyEnabled: false };
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: rule.SSEAlgorithm, KMSMasterKeyID: rule.KMSMasterKeyID },
            BucketKeyEnabled: rule.BucketKeyEnabled ?? false,
          },
        ],
      },
    };
  },
};

export const DeleteBucketEncryption: S3Operation<'DeleteBucketEncryption', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutEncryptionConfiguration'),
  handler(ctx, input, bucket) {
    delete bucket.encryption;
    return {};
  },
};

export const PutBucketOwnershipControls: S3Operation<'PutBucketOwnershipControls', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketOwnershipControls'),
  handler(ctx, input, bucket) {
    const value: string | undefined = input.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
    if (value !== 'BucketOwnerEnforced' && value !== 'BucketOwnerPreferred' && value !== 'ObjectWriter') throw MalformedXML();
    bucket.ownership = value satisfies ObjectOwnership;
    return {};
  },
};

export const GetBucketOwnershipControls: S3Operation<'GetBucketOwnershipControls', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketOwnershipControls'),
  handler(ctx, input, bucket) {
    if (!bucket.ownership) throw OwnershipControlsNotFoundError(bucket.name);
    return { OwnershipControls: { Rules: [{ ObjectOwnership: bucket.ownership }] } };
  },
};

export const DeleteBucketOwnershipControls: S3Operation<'DeleteBucketOwnershipControls', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketOwnershipControls'),
  handler(ctx, input, bucket) {
    delete bucket.ownership;
    return {};
  },
};

/** The ACL a Put*Acl request asks for: a canned ACL (x-amz-acl), explicit grants (x-amz-grant-*), or an XML body. */
export function requestedAcl(ctx: OperationContext, input: AclInput, owner: string, bucketOwner: string): Grant[] | undefined {
  validatePutAcl(input, ctx.request.body);
  const canned = input.ACL;
  if (canned !== undefined) return cannedAcl(canned, owner, bucketOwner);
  const fromHeaders = grantsFromMembers(input);
  if (fromHeaders) return fromHeaders;
  if (input.AccessControlPolicy) return grantsFromPolicy(input.AccessControlPolicy);
  return undefined;
}

/** Under BucketOwnerEnforced the only ACL accepted is the bucket owner's full control. */
export function ownerFullControlOnly(grants: Grant[], bucketOwner: string): boolean {
  return grants.every((g) => g.grantee.type === 'CanonicalUser' && g.grantee.id === canonicalId(bucketOwner) && g.permission === 'FULL_CONTROL');
}

export const GetBucketAcl: S3Operation<'GetBucketAcl', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketAcl'),
  handler(ctx, input, bucket) {
    const grants = bucket.ownership === 'BucketOwnerEnforced' ? cannedAcl('private', bucket.ownerAccount, bucket.ownerAccount) : bucket.acl;
    return aclOutput(ctx.world, bucket.ownerAccount, grants);
  },
};

export const PutBucketAcl: S3Operation<'PutBucketAcl', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketAcl'),
  handler(ctx, input, bucket) {
    const grants = requestedAcl(ctx, input, bucket.ownerAccount, bucket.ownerAccount);
    if (!grants) throw MalformedXML();
    if (bucket.ownership === 'BucketOwnerEnforced' && !ownerFullControlOnly(grants, bucket.ownerAccount)) throw AccessControlListNotSupported();
    refusePublicAcl(bucket, grants);
    bucket.acl = grants;
    return {};
  },
};

function pabFrom(input: S3Input<'PutPublicAccessBlock'>): PublicAccessBlock {
  const conf = input.PublicAccessBlockConfiguration;
  return {
    BlockPublicAcls: conf?.BlockPublicAcls === true,
    IgnorePublicAcls: conf?.IgnorePublicAcls === true,
    BlockPublicPolicy: conf?.BlockPublicPolicy === true,
    RestrictPublicBuckets: conf?.RestrictPublicBuckets === true,
  };
}

export const PutPublicAccessBlock: S3Operation<'PutPublicAccessBlock', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketPublicAccessBlock'),
  handler(ctx, input, bucket) {
    bucket.publicAccessBlock = pabFrom(input);
    return {};
  },
};

export const GetPublicAccessBlock: S3Operation<'GetPublicAccessBlock', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketPublicAccessBlock'),
  handler(ctx, input, bucket) {
    if (!bucket.publicAccessBlock) throw NoSuchPublicAccessBlockConfiguration(bucket.name);
    return { PublicAccessBlockConfiguration: bucket.publicAccessBlock };
  },
};

export const DeletePublicAccessBlock: S3Operation<'DeletePublicAccessBlock', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketPublicAccessBlock'),
  handler(ctx, input, bucket) {
    delete bucket.publicAccessBlock;
    return {};
  },
};
