/**
 * AWS::ECS::Cluster: CreateCluster (a generated name when ClusterName is absent). Ref returns the cluster's name;
 * Fn::GetAtt Arn its ARN. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-cluster.html
 * Failure wording: registry handler form (errors.jsonl E081), service label Ecs.
 * Known deviations: the emulated ECS has no DeleteCluster, so deleting the resource leaves the (empty) cluster in
 * place; settings and capacity providers are passed as given; any property change replaces the cluster.
 */
import type { CreateClusterCommandOutput } from '@aws-sdk/client-ecs';
import { apiInput } from './ecs-properties.js';
import type { ResourceMapper } from './types.js';
import { text } from './values.js';

export const ecsCluster: ResourceMapper = {
  type: 'AWS::ECS::Cluster',
  service: 'ecs',
  failureStyle: { kind: 'handler', serviceLabel: 'Ecs' },
  replaceOn: ['ClusterName'],
  attributes: ['Arn'],
  async create(ctx, props) {
    const clusterName = text(props, 'ClusterName') ?? ctx.generatedName({ max: 255 });
    const out = await ctx.call<CreateClusterCommandOutput>('ecs', 'CreateCluster', { ...apiInput(props, ['ClusterName', 'ClusterSettings', 'Tags']), clusterName });
    ctx.created(clusterName);
    return { physicalId: clusterName, attributes: { Arn: out.cluster!.clusterArn! } };
  },
  async delete() {
    // Nothing to call: see the header.
  },
};
