/**
 * A task set as ECS keeps it (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html): its tasks
 * never run here, so its counts are its computed desired count at once and it is in STEADY_STATE.
 */
import type { LoadBalancer, TaskSet } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../types.js';
import { callerAccount, nameOf, ownStore } from './lookup.js';
import { newTaskSetId, taskSetArn, type ServiceRecord } from './store.js';

export interface TaskSetSpec {
  taskDefinition: string;
  status: 'PRIMARY' | 'ACTIVE';
  id?: string;
  externalId?: string;
  loadBalancers?: LoadBalancer[];
  scale?: TaskSet['scale'];
  startedBy?: string;
}

export function newTaskSet(ctx: OperationContext, record: ServiceRecord, spec: TaskSetSpec): TaskSet {
  const service = record.service;
  const id = spec.id ?? newTaskSetId(ownStore(ctx));
  const scale = spec.scale ?? { value: 100, unit: 'PERCENT' };
  const count = Math.ceil(((service.desiredCount ?? 0) * (scale.value ?? 100)) / 100);
  return {
    id,
    taskSetArn: taskSetArn(ctx.region, callerAccount(ctx), nameOf(service.clusterArn!), service.serviceName!, id),
    serviceArn: service.serviceArn,
    clusterArn: service.clusterArn,
    ...(spec.startedBy ? { startedBy: spec.startedBy } : {}),
    ...(spec.externalId ? { externalId: spec.externalId } : {}),
    status: spec.status,
    taskDefinition: spec.taskDefinition,
    computedDesiredCount: count,
    pendingCount: 0,
    runningCount: count,
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
    launchType: service.launchType,
    networkConfiguration: service.networkConfiguration,
    loadBalancers: spec.loadBalancers ?? [],
    serviceRegistries: [],
    scale,
    stabilityStatus: 'STEADY_STATE',
    stabilityStatusAt: ctx.now(),
  };
}
