/**
 * What ECS's operations look up first: the caller's store, a cluster by name or ARN (`default` when the call names
 * none, as ECS does), a service in it, a task definition by `family`, `family:revision` or ARN. What does not exist is
 * answered before any authorization, with ECS's words (errors.ts).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
 */
import type { Cluster, TaskDefinition } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../types.js';
import { ClusterNotFoundException, ServiceNotFoundException, TaskDefinitionNotFound } from './errors.js';
import { ecsStore, type EcsStore, type ServiceRecord } from './store.js';

export const DEFAULT_CLUSTER = 'default';

export function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

export function ownStore(ctx: OperationContext): EcsStore {
  return ecsStore(ctx.world.account(callerAccount(ctx))!, ctx.region);
}

/** The last segment of an ARN's resource (`cluster/<name>`, `service/<cluster>/<name>`), or the name as given. */
export function nameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}

export function findCluster(ctx: OperationContext, nameOrArn: string | undefined): Cluster | undefined {
  return ownStore(ctx).clusters.get(nameOf(nameOrArn ?? DEFAULT_CLUSTER));
}

export function clusterFor(ctx: OperationContext, nameOrArn: string | undefined): Cluster {
  const cluster = findCluster(ctx, nameOrArn);
  if (!cluster || cluster.status !== 'ACTIVE') throw ClusterNotFoundException();
  return cluster;
}

export function servicesOf(ctx: OperationContext, cluster: Cluster): Map<string, ServiceRecord> {
  const all = ownStore(ctx).services;
  let services = all.get(cluster.clusterName!);
  if (!services) {
    services = new Map();
    all.set(cluster.clusterName!, services);
  }
  return services;
}

/** A service that exists (ACTIVE or DRAINING) in the cluster. */
export function serviceFor(ctx: OperationContext, clusterName: string | undefined, service: string | undefined): { cluster: Cluster; record: ServiceRecord } {
  const cluster = clusterFor(ctx, clusterName);
  const record = servicesOf(ctx, cluster).get(nameOf(service ?? ''));
  if (!record || record.service.status === 'INACTIVE') throw ServiceNotFoundException();
  return { cluster, record };
}

/** `family`, `family:revision` or a task definition ARN; a bare family names its latest ACTIVE revision. */
export function findTaskDefinition(ctx: OperationContext, ref: string | undefined): TaskDefinition | undefined {
  if (!ref) return undefined;
  const m = /^(?:arn:aws[\w-]*:ecs:[^:]*:\d{12}:task-definition\/)?([\w-]+)(?::(\d+))?$/.exec(ref);
  if (!m) return undefined;
  const revisions = ownStore(ctx).families.get(m[1]!);
  if (!revisions) return undefined;
  if (m[2] !== undefined) return revisions[Number(m[2]) - 1];
  return revisions.filter((t) => t.status === 'ACTIVE').at(-1);
}

export function taskDefinitionFor(ctx: OperationContext, ref: string | undefined): TaskDefinition {
  const td = findTaskDefinition(ctx, ref);
  if (!td) throw TaskDefinitionNotFound();
  return td;
}
