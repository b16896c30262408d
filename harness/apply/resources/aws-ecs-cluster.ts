/**
 * aws_ecs_cluster -> ECS CreateCluster (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_cluster).
 * `id` and `arn` are the cluster's ARN, as the provider sets them.
 * Deviations: setting, configuration, service_connect_defaults and tags are accepted and not applied.
 */
import { CreateClusterCommand, type CreateClusterCommandOutput } from '@aws-sdk/client-ecs';
import { reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsEcsCluster: ResourceMapper = {
  type: 'aws_ecs_cluster',
  schema: { name: 'value', setting: 'ignored', configuration: 'ignored', service_connect_defaults: 'ignored', tags: 'ignored' },
  required: ['name'],
  computed: ['arn', 'id'],
  async create(args, ctx) {
    const out = (await ctx.clients.ecs.send(new CreateClusterCommand({ clusterName: reqStr(args, 'name') }))) as CreateClusterCommandOutput;
    return { arn: out.cluster!.clusterArn!, id: out.cluster!.clusterArn! };
  },
};
