/**
 * Data sources that look up what already exists, as the AWS provider reads them:
 * - aws_kms_key: KMS DescribeKey (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_key);
 * - aws_kms_alias: KMS ListAliases, then DescribeKey of its target for target_key_arn (.../data-sources/kms_alias);
 * - aws_iam_role: IAM GetRole (.../data-sources/iam_role);
 * - aws_iam_policy: IAM GetPolicy (by arn, or ListPolicies by name and path_prefix), then GetPolicyVersion of the
 *   default version, URL-decoded (.../data-sources/iam_policy);
 * - aws_s3_bucket: S3 HeadBucket, whose x-amz-bucket-region header gives the region (.../data-sources/s3_bucket;
 *   the provider reads it the same way, manager.GetBucketRegion).
 * A lookup that finds nothing fails with the API's own error, as the provider reports it (its message wraps AWS's).
 * Known deviations: aws_iam_policy by name does not page past ListPolicies' first 1000 policies; the provider's
 * "no matching" wording for aws_kms_alias and aws_iam_policy is not recorded and reads "<type>: no ... found".
 */
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { ArgumentError, reqStr, str } from '../args.js';
import type { DataSourceMapper } from '../types.js';

export const awsKmsKeyData: DataSourceMapper = {
  type: 'aws_kms_key',
  schema: { key_id: 'value', grant_tokens: 'value' },
  required: ['key_id'],
  computed: ['arn', 'id', 'description', 'enabled', 'key_state', 'key_usage', 'key_manager', 'customer_master_key_spec', 'aws_account_id', 'creation_date', 'multi_region'],
  async read(args, ctx) {
    const m = (await ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: reqStr(args, 'key_id') }))).KeyMetadata ?? {};
    return {
      arn: m.Arn ?? null,
      id: m.KeyId ?? null,
      description: m.Description ?? '',
      enabled: m.Enabled ?? null,
      key_state: m.KeyState ?? null,
      key_usage: m.KeyUsage ?? null,
      key_manager: m.KeyManager ?? null,
      customer_master_key_spec: m.CustomerMasterKeySpec ?? m.KeySpec ?? null,
      aws_account_id: m.AWSAccountId ?? ctx.account,
      creation_date: m.CreationDate ? new Date(m.CreationDate).toISOString() : null,
      multi_region: m.MultiRegion ?? false,
    };
  },
};

export const awsKmsAliasData: DataSourceMapper = {
  type: 'aws_kms_alias',
  schema: { name: 'value' },
  required: ['name'],
  computed: ['arn', 'id', 'target_key_id', 'target_key_arn'],
  async read(args, ctx) {
    const name = reqStr(args, 'name');
    let marker: string | undefined;
    for (;;) {
      const page = await ctx.clients.kms.send(new ListAliasesCommand({ Marker: marker }));
      const found = (page.Aliases ?? []).find((a: { AliasName?: string }) => a.AliasName === name);
      if (found) {
        // An AWS managed alias not yet used has no target; the provider then reports empty target attributes.
        const key = found.TargetKeyId ? (await ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: found.TargetKeyId }))).KeyMetadata : undefined;
        return { arn: found.AliasArn, id: found.AliasArn, target_key_id: found.TargetKeyId ?? '', target_key_arn: key?.Arn ?? '' };
      }
      if (!page.Truncated) break;
      marker = page.NextMarker;
    }
    throw new ArgumentError(`reading KMS Alias (${name}): couldn't find resource`);
  },
};

export const awsIamRoleData: DataSourceMapper = {
  type: 'aws_iam_role',
  schema: { name: 'value', tags: 'ignored' },
  required: ['name'],
  computed: ['arn', 'id', 'assume_role_policy', 'create_date', 'description', 'max_session_duration', 'path', 'permissions_boundary', 'unique_id'],
  async read(args, ctx) {
    const role = (await ctx.clients.iam.send(new GetRoleCommand({ RoleName: reqStr(args, 'name') }))).Role ?? {};
    return {
      arn: role.Arn,
      id: role.RoleName,
      assume_role_policy: role.AssumeRolePolicyDocument ? decodeURIComponent(role.AssumeRolePolicyDocument) : null,
      create_date: role.CreateDate ? new Date(role.CreateDate).toISOString() : null,
      description: role.Description ?? '',
      max_session_duration: role.MaxSessionDuration ?? 3600,
      path: role.Path ?? '/',
      permissions_boundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? '',
      unique_id: role.RoleId ?? null,
    };
  },
};

export const awsIamPolicyData: DataSourceMapper = {
  type: 'aws_iam_policy',
  schema: { arn: 'value', name: 'value', path_prefix: 'value', tags: 'ignored' },
  required: [],
  computed: ['arn', 'id', 'name', 'path', 'description', 'policy', 'policy_id', 'attachment_count'],
  async read(args, ctx) {
    let arn = str(args, 'arn');
    if (!arn) {
      const name = str(args, 'name');
      if (!name) throw new ArgumentError('one of `arn,name` must be specified');
      const page = await ctx.clients.iam.send(new ListPoliciesCommand({ PathPrefix: str(args, 'path_prefix'), MaxItems: 1000 }));
      const matches = (page.Policies ?? []).filter((p: { PolicyName?: string }) => p.PolicyName === name);
      if (matches.length !== 1) throw new ArgumentError(`aws_iam_policy: ${matches.length === 0 ? 'no IAM Policy' : 'multiple IAM Policies'} matched name ${name}`);
      arn = matches[0].Arn as string;
    }
    const p = (await ctx.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy ?? {};
    const v = (await ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId }))).PolicyVersion ?? {};
    return {
      arn,
      id: arn,
      name: p.PolicyName,
      path: p.Path ?? '/',
      description: p.Description ?? '',
      policy: v.Document ? decodeURIComponent(v.Document) : null,
      policy_id: p.PolicyId ?? null,
      attachment_count: p.AttachmentCount ?? 0,
    };
  },
};

export const awsS3BucketData: DataSourceMapper = {
  type: 'aws_s3_bucket',
  schema: { bucket: 'value' },
  required: ['bucket'],
  computed: ['arn', 'id', 'bucket_domain_name', 'bucket_regional_domain_name', 'region', 'hosted_zone_id'],
  async read(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    const head = await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const region: string = head.BucketRegion || ctx.region;
    return {
      arn: `arn:${ctx.partition}:s3:::${bucket}`,
      id: bucket,
      bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_regional_domain_name: `${bucket}.s3.${region}.amazonaws.com`,
      region,
      hosted_zone_id: null,
    };
  },
};
