/**
 * Amazon CloudWatch Logs, log groups only: JSON 1.1, X-Amz-Target prefix Logs_20140328, signing name logs.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (errors.ts). Known deviations: log-groups.ts.
 */
import * as logsSdk from '@aws-sdk/client-cloudwatch-logs';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel, type SdkOperations } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { logsDenial } from './errors.js';
import { logGroupOperations } from './log-groups.js';
import type { LogsOperationName } from './operation-names.js';
import { SERVICE } from './store.js';

const TARGET_PREFIX = 'Logs_20140328';

export const logsService: ServiceDefinition = {
  name: SERVICE,
  targetPrefix: TARGET_PREFIX,
  protocol: jsonProtocol({ targetPrefix: TARGET_PREFIX }),
  operations: logGroupOperations satisfies SdkOperations<typeof logsSdk, LogsOperationName>,
  model: sdkModel(logsSdk),
  denial: logsDenial,
  errors: jsonErrors(),
};
