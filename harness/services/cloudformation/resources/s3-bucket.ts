/**
 * AWS::S3::Bucket: CreateBucket (generated lower-case name when BucketName is absent), then
 * BucketEncryption, VersioningConfiguration, OwnershipControls, PublicAccessBlockConfiguration and Tags through S3's
 * own Put* operations (Tags: PutBucketTagging; removed with DeleteBucketTagging, authorized as s3:PutBucketTagging). Ref returns the bucket name; Fn::GetAtt Arn, DomainName, RegionalDomainName,
 * DualStackDomainName, WebsiteURL.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
 * Failure wording: legacy handler, "API: s3:CreateBucket Access Denied" (errors.jsonl E070) and
 * "<message> (Service: Amazon S3; Status Code: …; Error Code: …)" for other errors (E082).
 * Deviations: the aws:cloudformation:* tags CloudFormation adds to a bucket are not added; other properties
 * (AccessControl, lifecycle, notifications, CORS, logging, website, replication…) fail the resource as not
 * supported by xacct rather than being ignored silently.
 */
import type { TemplateValue } from '../template/index.js';
import { ResourceInputFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { items, same, text } from './values.js';

const SUPPORTED = new Set(['BucketName', 'BucketEncryption', 'VersioningConfiguration', 'OwnershipControls', 'PublicAccessBlockConfiguration', 'Tags']);

function xmlValues(value: TemplateValue): unknown {
  if (Array.isArray(value)) return value.map(xmlValues);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlValues(v)]));
  return value === null ? undefined : String(value);
}

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

const SETTINGS: Setting[] = [
  {
    property: 'BucketEncryption',
    put: (ctx, Bucket, v) => {
      const rules = items<Record<string, TemplateValue>>(v as Properties, 'ServerSideEncryptionConfiguration').map((r) => ({
        ApplyServerSideEncryptionByDefault: xmlValues(r['ServerSideEncryptionByDefault'] ?? null),
        ...(r['BucketKeyEnabled'] !== undefined ? { BucketKeyEnabled: String(r['BucketKeyEnabled']) } : {}),
      }));
      return ctx.call('s3', 'PutBucketEncryption', { Bucket, ServerSideEncryptionConfiguration: { Rule: rules } }, 's3:PutEncryptionConfiguration');
    },
    remove: (ctx, Bucket) => ctx.call('s3', 'DeleteBucketEncryption', { Bucket }, 's3:PutEncryptionConfiguration'),
  },
  {
    property: 'VersioningConfiguration',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketVersioning', { Bucket, VersioningConfiguration: xmlValues(v) }),
    remove: (ctx, Bucket) => ctx.call('s3', 'PutBucketVersioning', { Bucket, VersioningConfiguration: { Status: 'Suspended' } }),
  },
  {
    property: 'OwnershipControls',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketOwnershipControls', { Bucket, OwnershipControls: { Rule: xmlValues((v as Properties)['Rules'] ?? []) } }),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeleteBucketOwnershipControls', { Bucket }, 's3:PutBucketOwnershipControls'),
  },
  {
    property: 'PublicAccessBlockConfiguration',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutPublicAccessBlock', { Bucket, PublicAccessBlockConfiguration: xmlValues(v) }, 's3:PutBucketPublicAccessBlock'),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeletePublicAccessBlock', { Bucket }, 's3:PutBucketPublicAccessBlock'),
  },
  {
    property: 'Tags',
    put: (ctx, Bucket, v) => ctx.call('s3', 'PutBucketTagging', { Bucket, Tagging: { TagSet: { Tag: xmlValues(v) } } }),
    remove: (ctx, Bucket) => ctx.call('s3', 'DeleteBucketTagging', { Bucket }, 's3:PutBucketTagging'),
  },
];

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
    await ctx.call('s3', 'CreateBucket', {
      Bucket,
      ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region } } : {}),
    });
    ctx.created(Bucket);
    for (const s of SETTINGS) {
      const v = props[s.property];
      if (v !== undefined && v !== null) await s.put(ctx, Bucket, v);
    }
    return { physicalId: Bucket, attributes: attributes(Bucket, region) };
  },
  async update(ctx, Bucket, props, previous) {
    checkSupported(props);
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
