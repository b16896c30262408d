/**
 * aws_iam_policy -> IAM CreatePolicy; id is the ARN like the provider
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_policy).
 * Deviations: none.
 */
import { CreatePolicyCommand } from '@aws-sdk/client-iam';
import { nameOrPrefix, reqStr, str, tagList } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamPolicy: ResourceMapper = {
  type: 'aws_iam_policy',
  schema: { name: 'value', name_prefix: 'value', path: 'value', description: 'value', policy: 'value', tags: 'value' },
  required: ['policy'],
  computed: ['arn', 'id', 'name', 'policy_id', 'attachment_count'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const out = await ctx.clients.iam.send(
      new CreatePolicyCommand({
        PolicyName: name,
        Path: str(args, 'path'),
        Description: str(args, 'description'),
        PolicyDocument: reqStr(args, 'policy'),
        Tags: tagList(args),
      }),
    );
    const arn = out.Policy?.Arn ?? `arn:${ctx.partition}:iam::${ctx.account}:policy${str(args, 'path') ?? '/'}${name}`;
    return { arn, id: arn, name, policy_id: out.Policy?.PolicyId ?? null, attachment_count: 0 };
  },
};
