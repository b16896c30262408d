/**
 * The data sources the applier reads: aws_iam_policy_document (rendered locally, as the provider does),
 * aws_caller_identity (STS GetCallerIdentity), aws_region and aws_partition (from the provider's configuration)
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity, .../region,
 * .../partition).
 * Deviations: aws_region does not look the region up in EC2; it echoes the provider's region. The local data
 * sources work under an unconfigured default provider (Terraform would configure it from the environment).
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { renderPolicyDocument } from '../policy-document.js';
import type { DataSourceMapper } from '../types.js';

const principalsBlock = { block: { type: 'value', identifiers: 'value' } } as const;

export const awsIamPolicyDocument: DataSourceMapper = {
  type: 'aws_iam_policy_document',
  schema: {
    version: 'value',
    policy_id: 'value',
    source_policy_documents: 'value',
    override_policy_documents: 'value',
    statement: {
      block: {
        sid: 'value',
        effect: 'value',
        actions: 'value',
        not_actions: 'value',
        resources: 'value',
        not_resources: 'value',
        principals: principalsBlock,
        not_principals: principalsBlock,
        condition: { block: { test: 'value', variable: 'value', values: 'value' } },
      },
    },
  },
  required: [],
  computed: ['json', 'minified_json', 'id'],
  local: true,
  async read(args) {
    return { ...renderPolicyDocument(args) };
  },
};

export const awsCallerIdentity: DataSourceMapper = {
  type: 'aws_caller_identity',
  schema: {},
  required: [],
  computed: ['account_id', 'arn', 'user_id', 'id'],
  async read(_args, ctx) {
    const out = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
    return { account_id: out.Account ?? ctx.account, arn: out.Arn ?? null, user_id: out.UserId ?? null, id: out.Account ?? ctx.account };
  },
};

export const awsRegion: DataSourceMapper = {
  type: 'aws_region',
  schema: { name: 'value', region: 'value', endpoint: 'ignored' },
  required: [],
  computed: ['name', 'region', 'id', 'description', 'endpoint'],
  async read(_args, ctx) {
    return { name: ctx.region, region: ctx.region, id: ctx.region, description: ctx.region, endpoint: `${ctx.region}.amazonaws.com` };
  },
};

export const awsPartition: DataSourceMapper = {
  type: 'aws_partition',
  schema: {},
  required: [],
  computed: ['partition', 'dns_suffix', 'reverse_dns_prefix', 'id'],
  local: true,
  async read(_args, ctx) {
    return { partition: ctx.partition, dns_suffix: 'amazonaws.com', reverse_dns_prefix: 'com.amazonaws', id: ctx.partition };
  },
};
