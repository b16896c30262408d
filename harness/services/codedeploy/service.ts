/**
 * AWS CodeDeploy (JSON 1.1, X-Amz-Target prefix CodeDeploy_20141006), per account and Region, for ECS blue/green
 * deployments: applications, deployment groups (their service role passed and proved assumable), deployments run as
 * the service role against the emulated ECS. Inputs are coerced by the SDK's model.
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (errors.ts).
 * Known deviations: EC2/on-premises and Lambda deployments are not run; Elastic Load Balancing is not emulated, so
 * traffic shifts are bookkeeping on ECS task sets; no deployment configurations, revisions registry, instances, tags
 * or pagination.
 */
import * as codedeploySdk from '@aws-sdk/client-codedeploy';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { applicationOperations } from './applications.js';
import { deploymentOperations } from './deployments.js';
import { codedeployDenial } from './errors.js';
import type { CodeDeployOperationName, CodeDeployOperations } from './operation-names.js';
import { SERVICE, TARGET_PREFIX } from './store.js';

const operations = { ...applicationOperations, ...deploymentOperations } satisfies CodeDeployOperations<CodeDeployOperationName>;

export const codedeployService: ServiceDefinition = {
  name: SERVICE,
  targetPrefix: TARGET_PREFIX,
  protocol: jsonProtocol({ targetPrefix: TARGET_PREFIX }),
  operations,
  model: sdkModel(codedeploySdk),
  denial: codedeployDenial,
  errors: jsonErrors(),
};
