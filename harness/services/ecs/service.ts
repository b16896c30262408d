/**
 * Amazon ECS (JSON 1.1, X-Amz-Target prefix AmazonEC2ContainerServiceV20141113), per account and Region, enough for
 * blue/green deployments through CodeDeploy and the CodePipeline ECS deploy action: clusters, task definitions,
 * services and task sets. Inputs are coerced by the SDK's model.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (errors.ts), iam:PassRole of a task definition's roles included.
 * Known deviations: no containers or tasks run (counts equal the desired count at once); Elastic Load Balancing and
 * Cloud Map are not emulated, so load balancers, target groups and registries are stored as given and traffic shifts
 * are bookkeeping; no capacity providers, container instances, tags operations or pagination.
 */
import * as ecsSdk from '@aws-sdk/client-ecs';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { clusterOperations } from './clusters.js';
import { ecsDenial } from './errors.js';
import type { EcsOperationName, EcsOperations } from './operation-names.js';
import { serviceOperations } from './services.js';
import { SERVICE, TARGET_PREFIX } from './store.js';
import { taskDefinitionOperations } from './task-definitions.js';
import { taskSetOperations } from './task-sets.js';

const operations = { ...clusterOperations, ...taskDefinitionOperations, ...serviceOperations, ...taskSetOperations } satisfies EcsOperations<EcsOperationName>;

export const ecsService: ServiceDefinition = {
  name: SERVICE,
  targetPrefix: TARGET_PREFIX,
  protocol: jsonProtocol({ targetPrefix: TARGET_PREFIX }),
  operations,
  model: sdkModel(ecsSdk),
  denial: ecsDenial,
  errors: jsonErrors(),
};
