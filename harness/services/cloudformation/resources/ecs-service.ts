/**
 * AWS::ECS::Service: CreateService; a change of TaskDefinition, DesiredCount, LoadBalancers, NetworkConfiguration or
 * DeploymentConfiguration is an UpdateService of what changed (ECS refuses a new task definition on a CODE_DEPLOY service, as AWS's
 * CloudFormation does without a blue/green hook); other changes replace the service; delete is DeleteService with
 * force. Ref returns the service's ARN; Fn::GetAtt Name and ServiceArn.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-service.html
 * Failure wording: registry handler form (errors.jsonl E081), service label Ecs.
 * Known deviation: load balancers are stored as given (Elastic Load Balancing is not emulated).
 */
import type { CreateServiceCommandOutput } from '@aws-sdk/client-ecs';
import { apiInput } from './ecs-properties.js';
import type { Properties, Provisioned, ResourceMapper } from './types.js';
import { same, text } from './values.js';

const UPDATABLE = ['TaskDefinition', 'DesiredCount', 'LoadBalancers', 'NetworkConfiguration', 'DeploymentConfiguration'];

function provisioned(arn: string): Provisioned {
  return { physicalId: arn, attributes: { ServiceArn: arn, Name: arn.slice(arn.lastIndexOf('/') + 1) } };
}

const clusterOf = (props: Properties) => text(props, 'Cluster');

export const ecsService: ResourceMapper = {
  type: 'AWS::ECS::Service',
  service: 'ecs',
  failureStyle: { kind: 'handler', serviceLabel: 'Ecs' },
  replaceOn: ['Cluster', 'ServiceName', 'LaunchType', 'DeploymentController', 'Role', 'SchedulingStrategy'],
  attributes: ['Name', 'ServiceArn'],
  async create(ctx, props) {
    const serviceName = text(props, 'ServiceName') ?? ctx.generatedName({ max: 255 });
    const out = await ctx.call<CreateServiceCommandOutput>('ecs', 'CreateService', { ...apiInput(props, ['ServiceName', 'Tags']), serviceName });
    const arn = out.service!.serviceArn!;
    ctx.created(arn);
    return provisioned(arn);
  },
  async update(ctx, arn, props, previous) {
    // Only what changed is sent: ECS refuses a task definition or network given for a CODE_DEPLOY service at all.
    const input = apiInput(Object.fromEntries(Object.entries(props).filter(([k, v]) => UPDATABLE.includes(k) && !same(v, previous[k]))));
    await ctx.call('ecs', 'UpdateService', { ...input, cluster: clusterOf(props), service: arn });
    return provisioned(arn);
  },
  async delete(ctx, arn, props) {
    await ctx.call('ecs', 'DeleteService', { cluster: clusterOf(props), service: arn, force: true });
  },
};
