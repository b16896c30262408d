/**
 * ECS services: CreateService, UpdateService, DescribeServices, DeleteService.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
 * - deploymentController ECS (default): the service runs its task definition through `deployments` (a new PRIMARY
 *   deployment on each UpdateService that changes it, or with forceNewDeployment).
 * - CODE_DEPLOY or EXTERNAL: the service's tasks are in task sets (task-sets.ts); CreateService with a task definition
 *   makes the first, PRIMARY, task set, as ECS does for blue/green services
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html). UpdateService may
 *   not change their task definition or network, nor force a deployment: CodeDeploy deploys them (errors.ts).
 * Starting tasks from a task definition passes its roles: CreateService and UpdateService need iam:PassRole on them
 * (pass-role.ts). Authorization on the service ARN
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
 * Known deviations: no tasks run (running count = desired count at once); loadBalancers, serviceRegistries and
 * networkConfiguration are stored as given (Elastic Load Balancing and Cloud Map are not emulated); DeleteService
 * marks the service INACTIVE at once (AWS drains it first).
 */
import type { Cluster, Deployment, Service, TaskSet } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../types.js';
import { CodeDeployControlsDeployments, CodeDeployControlsNetwork, CodeDeployControlsTaskDefinition, ServiceNotIdempotent, ServiceScaledAboveZero } from './errors.js';
import { callerAccount, clusterFor, nameOf, ownStore, serviceFor, servicesOf, taskDefinitionFor } from './lookup.js';
import type { EcsOperations, ServiceOperationName } from './operation-names.js';
import { passRoleChecks } from './pass-role.js';
import { newTaskSetId, serviceArn, type ServiceRecord } from './store.js';
import { newTaskSet } from './task-set-record.js';

function newDeployment(ctx: OperationContext, service: Service): Deployment {
  return {
    id: newTaskSetId(ownStore(ctx)),
    status: 'PRIMARY',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    pendingCount: 0,
    runningCount: service.desiredCount,
    failedTasks: 0,
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
    launchType: service.launchType,
    networkConfiguration: service.networkConfiguration,
    rolloutState: 'COMPLETED',
  };
}

/** The service as DescribeServices answers it: its task sets as they are now. */
export function serviceView(record: ServiceRecord): Service {
  const taskSets: TaskSet[] = [...record.taskSets.values()];
  return { ...record.service, ...(record.service.deploymentController?.type === 'ECS' ? {} : { taskSets }) };
}

const isExternal = (s: Service) => s.deploymentController?.type !== 'ECS';

export const serviceOperations: EcsOperations<ServiceOperationName> = {
  CreateService: {
    resolve(ctx, input) {
      const cluster = clusterFor(ctx, input.cluster);
      const existing = servicesOf(ctx, cluster).get(input.serviceName ?? '');
      if (existing && existing.service.status !== 'INACTIVE') throw ServiceNotIdempotent();
      const taskDefinition = input.taskDefinition === undefined ? undefined : taskDefinitionFor(ctx, input.taskDefinition);
      return { cluster, taskDefinition, arn: serviceArn(ctx.region, callerAccount(ctx), cluster.clusterName!, input.serviceName ?? '') };
    },
    authorize: (_ctx, _input, { arn, taskDefinition }) => [{ action: 'ecs:CreateService', resource: arn }, ...passRoleChecks(taskDefinition)],
    handler(ctx, input, { cluster, taskDefinition, arn }) {
      const service: Service = {
        serviceArn: arn,
        serviceName: input.serviceName,
        clusterArn: cluster.clusterArn,
        loadBalancers: input.loadBalancers ?? [],
        serviceRegistries: input.serviceRegistries ?? [],
        status: 'ACTIVE',
        desiredCount: input.desiredCount ?? 0,
        runningCount: input.desiredCount ?? 0,
        pendingCount: 0,
        launchType: input.launchType,
        taskDefinition: taskDefinition?.taskDefinitionArn,
        deploymentConfiguration: input.deploymentConfiguration ?? { maximumPercent: 200, minimumHealthyPercent: 100 },
        deployments: [],
        roleArn: input.role,
        events: [],
        createdAt: ctx.now(),
        placementConstraints: input.placementConstraints ?? [],
        placementStrategy: input.placementStrategy ?? [],
        networkConfiguration: input.networkConfiguration,
        schedulingStrategy: input.schedulingStrategy ?? 'REPLICA',
        deploymentController: input.deploymentController ?? { type: 'ECS' },
        createdBy: ctx.principal.arn,
        enableECSManagedTags: input.enableECSManagedTags ?? false,
        propagateTags: input.propagateTags ?? 'NONE',
        tags: input.tags,
      };
      const record: ServiceRecord = { service, taskSets: new Map() };
      if (!isExternal(service)) service.deployments = [newDeployment(ctx, service)];
      else if (taskDefinition && service.deploymentController?.type === 'CODE_DEPLOY') {
        const primary = newTaskSet(ctx, record, { taskDefinition: taskDefinition.taskDefinitionArn!, status: 'PRIMARY', loadBalancers: service.loadBalancers });
        record.taskSets.set(primary.id!, primary);
      }
      servicesOf(ctx, cluster).set(input.serviceName!, record);
      return { service: serviceView(record) };
    },
  },
  UpdateService: {
    resolve(ctx, input) {
      const found = serviceFor(ctx, input.cluster, input.service);
      const taskDefinition = input.taskDefinition === undefined ? undefined : taskDefinitionFor(ctx, input.taskDefinition);
      if (found.record.service.deploymentController?.type === 'CODE_DEPLOY') {
        if (taskDefinition) throw CodeDeployControlsTaskDefinition();
        if (input.networkConfiguration) throw CodeDeployControlsNetwork();
        if (input.forceNewDeployment) throw CodeDeployControlsDeployments();
      }
      return { ...found, taskDefinition };
    },
    authorize: (_ctx, _input, { record, taskDefinition }) => [{ action: 'ecs:UpdateService', resource: record.service.serviceArn! }, ...passRoleChecks(taskDefinition)],
    handler(ctx, input, { record, taskDefinition }) {
      const service = record.service;
      if (input.desiredCount !== undefined) service.desiredCount = service.runningCount = input.desiredCount;
      if (input.loadBalancers) service.loadBalancers = input.loadBalancers;
      if (input.networkConfiguration) service.networkConfiguration = input.networkConfiguration;
      if (input.deploymentConfiguration) service.deploymentConfiguration = input.deploymentConfiguration;
      const changed = taskDefinition && taskDefinition.taskDefinitionArn !== service.taskDefinition;
      if (taskDefinition) service.taskDefinition = taskDefinition.taskDefinitionArn;
      if (!isExternal(service) && (changed || input.forceNewDeployment)) {
        // No tasks run, so the previous deployment has nothing left to drain: it is gone at once.
        service.deployments = [newDeployment(ctx, service)];
      } else if (!isExternal(service)) {
        for (const d of service.deployments ?? []) Object.assign(d, { desiredCount: service.desiredCount, runningCount: service.desiredCount, updatedAt: ctx.now() });
      }
      return { service: serviceView(record) };
    },
  },
  DescribeServices: {
    resolve: (ctx, input) => ({ cluster: clusterFor(ctx, input.cluster), names: input.services ?? ([] as string[]) }),
    authorize: (ctx, _input, { cluster, names }: { cluster: Cluster; names: string[] }) =>
      names.map((n) => ({ action: 'ecs:DescribeServices', resource: n.startsWith('arn:') ? n : serviceArn(ctx.region, callerAccount(ctx), cluster.clusterName!, n) })),
    handler(ctx, _input, { cluster, names }) {
      const services: Service[] = [];
      const failures: Array<{ arn: string; reason: string }> = [];
      for (const n of names) {
        const record = servicesOf(ctx, cluster).get(nameOf(n));
        if (record) services.push(serviceView(record));
        else failures.push({ arn: n.startsWith('arn:') ? n : serviceArn(ctx.region, callerAccount(ctx), cluster.clusterName!, n), reason: 'MISSING' });
      }
      return { services, failures };
    },
  },
  DeleteService: {
    resolve(ctx, input) {
      const found = serviceFor(ctx, input.cluster, input.service);
      if (found.record.service.status !== 'ACTIVE') return found;
      if (!input.force && (found.record.service.desiredCount ?? 0) > 0 && found.record.service.schedulingStrategy !== 'DAEMON') throw ServiceScaledAboveZero();
      return found;
    },
    authorize: (_ctx, _input, { record }) => ({ action: 'ecs:DeleteService', resource: record.service.serviceArn! }),
    handler(_ctx, _input, { record }) {
      record.service.status = 'INACTIVE';
      record.service.desiredCount = record.service.runningCount = 0;
      record.taskSets.clear();
      return { service: serviceView(record) };
    },
  },
};
