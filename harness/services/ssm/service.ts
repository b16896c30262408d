/**
 * AWS Systems Manager (SSM), Parameter Store only: JSON 1.1, X-Amz-Target prefix AmazonSSM, signing name ssm.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (errors.ts). Known deviations: parameters.ts.
 */
import * as ssmSdk from '@aws-sdk/client-ssm';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel, type SdkOperations } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { ssmDenial } from './errors.js';
import type { SsmOperationName } from './operation-names.js';
import { parameterOperations } from './parameters.js';
import { SERVICE } from './store.js';

const TARGET_PREFIX = 'AmazonSSM';

export const ssmService: ServiceDefinition = {
  name: SERVICE,
  targetPrefix: TARGET_PREFIX,
  protocol: jsonProtocol({ targetPrefix: TARGET_PREFIX }),
  operations: parameterOperations satisfies SdkOperations<typeof ssmSdk, SsmOperationName>,
  model: sdkModel(ssmSdk),
  denial: ssmDenial,
  errors: jsonErrors(),
};
