/**
 * AWS::ECS::TaskDefinition: RegisterTaskDefinition (the family a generated name when Family is absent); every change
 * registers a new revision (a replacement) and the old one is deregistered. Ref returns the task definition's ARN;
 * Fn::GetAtt TaskDefinitionArn too. Passing ExecutionRoleArn or TaskRoleArn needs iam:PassRole by the stack's
 * acting principal, as ECS authorizes it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html
 * Failure wording: registry handler form (errors.jsonl E081), service label Ecs.
 */
import type { RegisterTaskDefinitionCommandOutput } from '@aws-sdk/client-ecs';
import { apiInput } from './ecs-properties.js';
import type { ResourceMapper } from './types.js';
import { text } from './values.js';

export const ecsTaskDefinition: ResourceMapper = {
  type: 'AWS::ECS::TaskDefinition',
  service: 'ecs',
  failureStyle: { kind: 'handler', serviceLabel: 'Ecs' },
  replaceOn: [],
  attributes: ['TaskDefinitionArn'],
  async create(ctx, props) {
    const family = text(props, 'Family') ?? ctx.generatedName({ max: 255 });
    const out = await ctx.call<RegisterTaskDefinitionCommandOutput>('ecs', 'RegisterTaskDefinition', { ...apiInput(props, ['Family', 'Tags']), family });
    const arn = out.taskDefinition!.taskDefinitionArn!;
    ctx.created(arn);
    return { physicalId: arn, attributes: { TaskDefinitionArn: arn } };
  },
  async delete(ctx, arn) {
    await ctx.call('ecs', 'DeregisterTaskDefinition', { taskDefinition: arn });
  },
};
