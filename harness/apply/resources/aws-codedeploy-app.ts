/**
 * aws_codedeploy_app -> CodeDeploy CreateApplication
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codedeploy_app).
 * `id` is `<application id>:<name>` and `arn` the application's ARN, as the provider forms them.
 * Deviations: tags are accepted and not applied.
 */
import { CreateApplicationCommand, type ComputePlatform, type CreateApplicationCommandOutput } from '@aws-sdk/client-codedeploy';
import { reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCodedeployApp: ResourceMapper = {
  type: 'aws_codedeploy_app',
  schema: { name: 'value', compute_platform: 'value', tags: 'ignored' },
  required: ['name'],
  computed: ['id', 'application_id', 'arn', 'compute_platform'],
  async create(args, ctx) {
    const name = reqStr(args, 'name');
    const computePlatform = (str(args, 'compute_platform') ?? 'Server') as ComputePlatform;
    const out = (await ctx.clients.codedeploy.send(new CreateApplicationCommand({ applicationName: name, computePlatform }))) as CreateApplicationCommandOutput;
    return { id: `${out.applicationId}:${name}`, application_id: out.applicationId!, arn: `arn:${ctx.partition}:codedeploy:${ctx.region}:${ctx.account}:application:${name}`, compute_platform: computePlatform };
  },
};
