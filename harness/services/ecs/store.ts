/**
 * Amazon ECS state per account and Region: clusters, task definitions (by family and revision), services and their
 * task sets, kept in the SDK's own shapes (`Cluster`, `TaskDefinition`, `Service`, `TaskSet`).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/Welcome.html
 * ARNs are the long format AWS uses since 2021 (service and task set ARNs carry the cluster name):
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
 * Known deviations: no containers run, so running/pending counts are the desired count at once; load balancers and
 * target groups are stored as given (Elastic Load Balancing is not emulated).
 */
import type { Cluster, Service, TaskDefinition, TaskSet } from '@aws-sdk/client-ecs';
import type { Account } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service. */
export const SERVICE = 'ecs';
export const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';
/** The service principal task roles and task execution roles are passed to (iam:PassedToService). */
export const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

export interface ServiceRecord {
  service: Service;
  /** Task sets by id, in creation order. */
  taskSets: Map<string, TaskSet>;
}

export interface EcsStore {
  clusters: Map<string, Cluster>;
  /** Task definitions by family, each list indexed by revision - 1. */
  families: Map<string, TaskDefinition[]>;
  /** Services by cluster name, then by service name. */
  services: Map<string, Map<string, ServiceRecord>>;
  nextId: number;
}

export function ecsStore(account: Account, region: string): EcsStore {
  return account.store<EcsStore>(SERVICE, region, () => ({ clusters: new Map(), families: new Map(), services: new Map(), nextId: 1 }));
}

export const clusterArn = (region: string, account: string, name: string) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;
export const serviceArn = (region: string, account: string, cluster: string, name: string) => `arn:aws:ecs:${region}:${account}:service/${cluster}/${name}`;
export const taskDefinitionArn = (region: string, account: string, family: string, revision: number) =>
  `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`;
export const taskSetArn = (region: string, account: string, cluster: string, service: string, id: string) =>
  `arn:aws:ecs:${region}:${account}:task-set/${cluster}/${service}/${id}`;

/** A task set id as ECS forms them (`ecs-svc/` and 19 digits). */
export function newTaskSetId(store: EcsStore): string {
  return `ecs-svc/${4_000_000_000_000_000_000n + BigInt(store.nextId++)}`;
}
