/**
 * ECS task definitions: RegisterTaskDefinition (a new revision of the family; passing a task role or task execution
 * role needs iam:PassRole on it, with iam:PassedToService ecs-tasks.amazonaws.com: pass-role.ts),
 * DescribeTaskDefinition, DeregisterTaskDefinition (the revision becomes INACTIVE; it is still described).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
 * Authorization: the three actions take no resource-level permissions ("*")
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
 * Known deviations: container definitions are kept as given apart from the name and image ECS requires; no
 * compatibility or CPU/memory checks; tags are accepted and not kept.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { callerAccount, ownStore, taskDefinitionFor } from './lookup.js';
import { MissingProperty } from './errors.js';
import type { EcsOperations, TaskDefinitionOperationName } from './operation-names.js';
import { passRoleChecks } from './pass-role.js';
import { taskDefinitionArn } from './store.js';

export const taskDefinitionOperations: EcsOperations<TaskDefinitionOperationName> = {
  RegisterTaskDefinition: {
    resolve(_ctx, input) {
      for (const c of input.containerDefinitions ?? []) {
        if (!c.name) throw MissingProperty('name');
        if (!c.image) throw MissingProperty('image');
      }
    },
    authorize: (_ctx, input) => [{ action: 'ecs:RegisterTaskDefinition', resource: '*' }, ...passRoleChecks(input)],
    handler(ctx, input) {
      const families = ownStore(ctx).families;
      const family = input.family!;
      const revisions = families.get(family) ?? [];
      families.set(family, revisions);
      const revision = revisions.length + 1;
      const { tags: _tags, ...given } = input;
      const taskDefinition: TaskDefinition = {
        ...given,
        taskDefinitionArn: taskDefinitionArn(ctx.region, callerAccount(ctx), family, revision),
        revision,
        status: 'ACTIVE',
        networkMode: input.networkMode ?? 'bridge',
        volumes: input.volumes ?? [],
        placementConstraints: input.placementConstraints ?? [],
        compatibilities: input.requiresCompatibilities?.includes('FARGATE') ? ['EC2', 'FARGATE'] : ['EC2'],
        registeredAt: ctx.now(),
        registeredBy: ctx.principal.arn,
      };
      revisions.push(taskDefinition);
      return { taskDefinition, tags: input.tags };
    },
  },
  DescribeTaskDefinition: {
    resolve: (ctx, input) => taskDefinitionFor(ctx, input.taskDefinition),
    authorize: () => ({ action: 'ecs:DescribeTaskDefinition', resource: '*' }),
    handler: (_ctx, _input, taskDefinition) => ({ taskDefinition }),
  },
  DeregisterTaskDefinition: {
    resolve: (ctx, input) => taskDefinitionFor(ctx, input.taskDefinition),
    authorize: () => ({ action: 'ecs:DeregisterTaskDefinition', resource: '*' }),
    handler(ctx, _input, taskDefinition) {
      if (taskDefinition.status === 'ACTIVE') {
        taskDefinition.status = 'INACTIVE';
        taskDefinition.deregisteredAt = ctx.now();
      }
      return { taskDefinition };
    },
  },
};
