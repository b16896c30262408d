/**
 * ECS clusters: CreateCluster (idempotent for an ACTIVE cluster of that name, as AWS is) and DescribeClusters (names
 * not found come back as failures with reason MISSING, not as an error).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
 * Authorization: ecs:CreateCluster and ecs:DescribeClusters on the cluster ARN
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
 * Known deviations: no capacity providers, container instances, settings or Service Connect defaults are kept beyond
 * what the call gives; counts are those of the emulated services (no tasks run); names are not validated.
 */
import type { Cluster } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../types.js';
import { callerAccount, DEFAULT_CLUSTER, nameOf, ownStore, servicesOf } from './lookup.js';
import type { ClusterOperationName, EcsOperations } from './operation-names.js';
import { clusterArn } from './store.js';

/** The cluster as DescribeClusters answers it, with its service count. */
function view(ctx: OperationContext, cluster: Cluster): Cluster {
  const active = [...servicesOf(ctx, cluster).values()].filter((r) => r.service.status === 'ACTIVE');
  return { ...cluster, activeServicesCount: active.length, runningTasksCount: active.reduce((n, r) => n + (r.service.runningCount ?? 0), 0) };
}

export const clusterOperations: EcsOperations<ClusterOperationName> = {
  CreateCluster: {
    resolve(ctx, input) {
      const name = input.clusterName || DEFAULT_CLUSTER;
      return clusterArn(ctx.region, callerAccount(ctx), name);
    },
    authorize: (_ctx, _input, arn) => ({ action: 'ecs:CreateCluster', resource: arn }),
    handler(ctx, input, arn) {
      const clusters = ownStore(ctx).clusters;
      const name = nameOf(arn);
      let cluster = clusters.get(name);
      if (!cluster || cluster.status !== 'ACTIVE') {
        cluster = {
          clusterArn: arn,
          clusterName: name,
          status: 'ACTIVE',
          registeredContainerInstancesCount: 0,
          runningTasksCount: 0,
          pendingTasksCount: 0,
          activeServicesCount: 0,
          statistics: [],
          tags: input.tags ?? [],
          settings: input.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
          capacityProviders: input.capacityProviders ?? [],
          defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
        };
        clusters.set(name, cluster);
      }
      return { cluster: view(ctx, cluster) };
    },
  },
  DescribeClusters: {
    resolve: (ctx, input): Array<{ ref: string; arn: string }> => (input.clusters?.length ? input.clusters : [DEFAULT_CLUSTER]).map((c) => ({ ref: c, arn: c.startsWith('arn:') ? c : clusterArn(ctx.region, callerAccount(ctx), c) })),
    authorize: (_ctx, _input, refs: Array<{ arn: string }>) => refs.map(({ arn }) => ({ action: 'ecs:DescribeClusters', resource: arn })),
    handler(ctx, _input, refs: Array<{ arn: string }>) {
      const clusters: Cluster[] = [];
      const failures: Array<{ arn: string; reason: string }> = [];
      for (const { arn } of refs) {
        const cluster = ownStore(ctx).clusters.get(nameOf(arn));
        if (cluster) clusters.push(view(ctx, cluster));
        else failures.push({ arn, reason: 'MISSING' });
      }
      return { clusters, failures };
    },
  },
};
