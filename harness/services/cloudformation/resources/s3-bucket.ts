/**
 * AWS::S3::Bucket: CreateBucket (generated lower-case name when BucketName is absent), then
 * BucketEncryption, VersioningConfiguration, OwnershipControls, PublicAccessBlockConfiguration and Tags through S3's
 * own Put* operations (Tags: PutBucketTagging; removed with DeleteBucketTagging, authorized as s3:PutBucketTagging). Ref returns the bucket name; Fn::GetAtt Arn, DomainName, RegionalDomainName,
 * DualStackDomainName, WebsiteURL.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
 * Failure wording: legacy handler, "API: s3:CreateBucket Access Denied" (errors.jsonl E070) and
 * "<message> (Service: Amazon S3; Status Code: …; Error Code: …)" for other errors (E082).
 * AccessControl is CreateBucket's canned ACL (x-amz-acl), with OwnershipControls' ObjectOwnership on the same call: under
 * the default BucketOwnerEnforced any ACL but Private fails the bucket as AWS fails it today (E082,
 * InvalidBucketAclWithObjectOwnership); a changed AccessControl is PutBucketAcl.
 * Deviations: the aws:cloudformation:* tags CloudFormation adds to a bucket are not added; other properties
 * (lifecycle, notifications, CORS, logging, website, replication…) fail the resource as not supported by xacct rather
 * than being ignored silently.
 */
import type {
  BucketCannedACL,
  BucketLocationConstraint,
  BucketVersioningStatus,
  CreateBucketCommandInput,
  ObjectOwnership,
  PutBucketEncryptionCommandInput,
  PutBucketOwnershipControlsCommandInput,
  PutBucketTaggingCommandInput,
  PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommandInput,
  ServerSideEncryption,
} from '@aws-sdk/client-s3';
import type { TemplateValue } from '../template/index.js';
import { ResourceInputFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { flag, items, same, text } from './values.js';

const SUPPORTED = new Set(['BucketName', 'AccessControl', 'BucketEncryption', 'VersioningConfiguration', 'OwnershipControls', 'PublicAccessBlockConfiguration', 'Tags']);

function attributes(bucket: string, region: string): Record<string, TemplateValue> {
  return {
    Arn: `arn:aws:s3:::${bucket}`,
    DomainName: `${bucket}.s3.amazonaws.com`,
    RegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
    DualStackDomainName: `${bucket}.s3.dualstack.${region}.amazonaws.com`,
    WebsiteURL: `http://${bucket}.s3-website-${region}.amazonaws.com`,
  };
}

interface Setting {
  property: string;
  put(ctx: ResourceContext, bucket: string, value: TemplateValue): Promise<unknown>;
  remove(ctx: ResourceContext, bucket: string): Promise<unknown>;
}

const props = (v: TemplateValue | undefined): Properties => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});

/** Each setting's S3 input as the SDK types it: internal calls are not coerced. */
const encryption = (Bucket: string, v: TemplateValue): PutBucketEncryptionCommandInput => ({
  Bucket,
  ServerSideEncryptionConfiguration: {
    Rules: items<TemplateValue>(props(v), 'ServerSideEncryptionConfiguration').map((r) => {
      const def = props(r)['ServerSideEncryptionByDefault'];
      return {
        ApplyServerSideEncryptionByDefault:
          def === undefined || def === null
            ? undefined
            : { SSEAlgorithm: text(props(def), 'SSEAlgorithm') as ServerSideEncryption, KMSMasterKeyID: text(props(def), 'KMSMasterKeyID') },
        BucketKeyEnabled: flag(props(r)['BucketKeyEnabled']),
      };
    }),
  },
});

const versioning = (Bucket: string, v: TemplateValue): PutBucketVersioningCommandInput => ({
  Bucket,
  VersioningConfiguration: { Status: text(props(v), 'Status') as BucketVersioningStatus },
});

const ownership = (Bucket: string, v: TemplateValue): PutBucketOwnershipControlsCommandInput => ({
  Bucket,
  OwnershipControls: { Rules: items<TemplateValue>(props(v), 'Rules').map((r) => ({ ObjectOwnership: text(props(r), 'ObjectOwnership') as ObjectOwnership })) },
});

const publicAccessBlock = (Bucket: string, v: TemplateValue): PutPublicAccessBlockCommandInput => {
  const p = props(v);
  return {
    Bucket,
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: flag(p['BlockPublicAcls']),
      IgnorePublicAcls: flag(p['IgnorePublicAcls']),
      BlockPublicPolicy: flag(p['BlockPublicPolicy']),
      RestrictPublicBuckets: flag(p['RestrictPublicBuckets']),
    },
  };
};

const tagging = (Bucket: string, v: TemplateValue): PutBucketTaggingCommandInput => ({
  Bucket,
  // A tag without its Key or Value stays without it, so S3 refuses it as it would on the wire.
  Tagging: { TagSet: (Array.isArray(v) ? v : [v]).map((t) => ({ Key: text(props(t), 'Key')!, Value: text(props(t), 'Value')! })) },
});

const SETTINGS: Setting[] = [
  {
    property: 'BucketEncryption',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketEncryption', encryption(Bucket, v), 's3:PutEncryptionConfiguration'),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeleteBucketEncryption', { Bucket }, 's3:PutEncryptionConfiguration'),
  },
  {
    property: 'VersioningConfiguration',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketVersioning', versioning(Bucket, v)),
    remove: (ctx, Bucket) => ctx.call('s3', 'PutBucketVersioning', { Bucket, VersioningConfiguration: { Status: 'Suspended' } } satisfies PutBucketVersioningCommandInput),
  },
  {
    property: 'OwnershipControls',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketOwnershipControls', ownership(Bucket, v)),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeleteBucketOwnershipControls', { Bucket }, 's3:PutBucketOwnershipControls'),
  },
  {
    property: 'PublicAccessBlockConfiguration',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutPublicAccessBlock', publicAccessBlock(Bucket, v), 's3:PutBucketPublicAccessBlock'),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeletePublicAccessBlock', { Bucket }, 's3:PutBucketPublicAccessBlock'),
  },
  {
    property: 'Tags',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketTagging', tagging(Bucket, v)),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeleteBucketTagging', { Bucket }, 's3:PutBucketTagging'),
  },
];

/** AccessControl's values as S3's canned ACLs ("PublicRead" → "public-read"). */
function cannedAcl(props: Properties): BucketCannedACL | undefined {
  const v = text(props, 'AccessControl');
  return v === undefined ? undefined : (v.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase() as BucketCannedACL);
}

function checkSupported(props: Properties): void {
  const unsupported = Object.keys(props).filter((k) => !SUPPORTED.has(k));
  if (unsupported.length > 0) {
    throw new ResourceInputFailure(`AWS::S3::Bucket properties [${unsupported.join(', ')}] are not supported by xacct`);
  }
}

export const s3Bucket: ResourceMapper = {
  type: 'AWS::S3::Bucket',
  service: 's3',
  failureStyle: { kind: 'legacy', serviceLabel: 'Amazon S3' },
  replaceOn: ['BucketName'],
  attributes: ['Arn', 'DomainName', 'RegionalDomainName', 'DualStackDomainName', 'WebsiteURL'],
  async create(ctx, props) {
    checkSupported(props);
    const Bucket = text(props, 'BucketName') ?? ctx.generatedName({ max: 63, lowerCase: true });
    const region = ctx.stack.region;
    const ACL = cannedAcl(props);
    const ObjectOwnership = ACL === undefined ? undefined : ownership(Bucket, props['OwnershipControls'] ?? {}).OwnershipControls?.Rules?.[0]?.ObjectOwnership;
    const input: CreateBucketCommandInput = {
      Bucket,
      ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } } : {}),
      ...(ACL !== undefined ? { ACL } : {}),
      ...(ObjectOwnership !== undefined ? { ObjectOwnership } : {}),
    };
    await ctx.call('s3', 'CreateBucket', input);
    ctx.created(Bucket);
    for (const s of SETTINGS) {
      const v = props[s.property];
      if (v !== undefined && v !== null) await s.put(ctx, Bucket, v);
    }
    return { physicalId: Bucket, attributes: attributes(Bucket, region) };
  },
  async update(ctx, Bucket, props, previous) {
    checkSupported(props);
    if (!same(props['AccessControl'], previous['AccessControl'])) {
      await ctx.call('s3', 'PutBucketAcl', { Bucket, ACL: cannedAcl(props) ?? 'private' }, 's3:PutBucketAcl');
    }
    for (const s of SETTINGS) {
      const v = props[s.property];
      if (same(v, previous[s.property])) continue;
      if (v === undefined || v === null) await s.remove(ctx, Bucket);
      else await s.put(ctx, Bucket, v);
    }
    return { physicalId: Bucket, attributes: attributes(Bucket, ctx.stack.region) };
  },
  async delete(ctx, Bucket) {
    await ctx.call('s3', 'DeleteBucket', { Bucket });
  },
};
