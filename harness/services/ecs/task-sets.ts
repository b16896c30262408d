/**
 * ECS task sets, the units of a blue/green deployment on a service whose deployment controller is CODE_DEPLOY or
 * EXTERNAL: CreateTaskSet, UpdateServicePrimaryTaskSet, DeleteTaskSet, DescribeTaskSets.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateTaskSet.html
 * - On a service with the ECS controller each is refused with InvalidParameterException (errors.ts).
 * - CreateTaskSet starts tasks from the task definition, so the caller must be allowed iam:PassRole on its task role
 *   and task execution role (pass-role.ts): this is the check a CodeDeploy role with AWSCodeDeployRoleForECSLimited
 *   fails for a task execution role not named ecsTaskExecutionRole
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html).
 * - UpdateServicePrimaryTaskSet makes a task set PRIMARY (the former primary becomes ACTIVE) and the service runs its
 *   task definition.
 * Authorization on the task set ARN (`task-set/<cluster>/<service>/<id>`); DescribeTaskSets of every set of the
 * service, on the service ARN
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
 * Known deviations: no tasks run; load balancers are stored as given (Elastic Load Balancing is not emulated);
 * DeleteTaskSet removes the set at once (AWS drains it first).
 */
import type { OperationContext } from '../types.js';
import { NotExternallyDeployed, TaskSetNotFound } from './errors.js';
import { callerAccount, ownStore, serviceFor, taskDefinitionFor } from './lookup.js';
import type { EcsOperations, TaskSetOperationName } from './operation-names.js';
import { passRoleChecks } from './pass-role.js';
import { newTaskSetId, taskSetArn, type ServiceRecord } from './store.js';
import { newTaskSet } from './task-set-record.js';

/** The service a task set call names; one with the ECS deployment controller has no task sets to manage. */
function externalService(ctx: OperationContext, cluster: string | undefined, service: string | undefined) {
  const found = serviceFor(ctx, cluster, service);
  if (found.record.service.deploymentController?.type === 'ECS') throw NotExternallyDeployed();
  return found;
}

function taskSetOf(record: ServiceRecord, idOrArn: string | undefined) {
  const set = [...record.taskSets.values()].find((s) => s.id === idOrArn || s.taskSetArn === idOrArn);
  if (!set) throw TaskSetNotFound();
  return set;
}

export const taskSetOperations: EcsOperations<TaskSetOperationName> = {
  CreateTaskSet: {
    resolve(ctx, input) {
      const { cluster, record } = externalService(ctx, input.cluster, input.service);
      const taskDefinition = taskDefinitionFor(ctx, input.taskDefinition);
      const id = newTaskSetId(ownStore(ctx));
      return { record, taskDefinition, id, arn: taskSetArn(ctx.region, callerAccount(ctx), cluster.clusterName!, record.service.serviceName!, id) };
    },
    authorize: (_ctx, _input, { arn, taskDefinition }) => [{ action: 'ecs:CreateTaskSet', resource: arn }, ...passRoleChecks(taskDefinition)],
    handler(ctx, input, { record, taskDefinition, id }) {
      const taskSet = newTaskSet(ctx, record, {
        id,
        taskDefinition: taskDefinition.taskDefinitionArn!,
        status: record.taskSets.size === 0 ? 'PRIMARY' : 'ACTIVE',
        externalId: input.externalId,
        loadBalancers: input.loadBalancers,
        scale: input.scale,
      });
      record.taskSets.set(id, taskSet);
      return { taskSet };
    },
  },
  UpdateServicePrimaryTaskSet: {
    resolve(ctx, input) {
      const { record } = externalService(ctx, input.cluster, input.service);
      return { record, taskSet: taskSetOf(record, input.primaryTaskSet) };
    },
    authorize: (_ctx, _input, { taskSet }) => ({ action: 'ecs:UpdateServicePrimaryTaskSet', resource: taskSet.taskSetArn! }),
    handler(ctx, _input, { record, taskSet }) {
      for (const other of record.taskSets.values()) {
        if (other !== taskSet && other.status === 'PRIMARY') Object.assign(other, { status: 'ACTIVE', updatedAt: ctx.now() });
      }
      Object.assign(taskSet, { status: 'PRIMARY', updatedAt: ctx.now() });
      record.service.taskDefinition = taskSet.taskDefinition;
      return { taskSet };
    },
  },
  DeleteTaskSet: {
    resolve(ctx, input) {
      const { record } = externalService(ctx, input.cluster, input.service);
      return { record, taskSet: taskSetOf(record, input.taskSet) };
    },
    authorize: (_ctx, _input, { taskSet }) => ({ action: 'ecs:DeleteTaskSet', resource: taskSet.taskSetArn! }),
    handler(ctx, _input, { record, taskSet }) {
      record.taskSets.delete(taskSet.id!);
      return { taskSet: { ...taskSet, status: 'DRAINING', computedDesiredCount: 0, updatedAt: ctx.now() } };
    },
  },
  DescribeTaskSets: {
    resolve: (ctx, input) => externalService(ctx, input.cluster, input.service).record,
    authorize: (_ctx, _input, record) => ({ action: 'ecs:DescribeTaskSets', resource: record.service.serviceArn! }),
    handler(_ctx, input, record) {
      const wanted = input.taskSets;
      const all = [...record.taskSets.values()];
      if (!wanted?.length) return { taskSets: all, failures: [] };
      const taskSets = all.filter((s) => wanted.includes(s.id!) || wanted.includes(s.taskSetArn!));
      const failures = wanted.filter((w) => !taskSets.some((s) => s.id === w || s.taskSetArn === w)).map((arn) => ({ arn, reason: 'MISSING' }));
      return { taskSets, failures };
    },
  },
};
