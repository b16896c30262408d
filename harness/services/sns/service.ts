/**
 * Amazon SNS, topics only: query protocol, version 2010-03-31, signing name sns.
 * https://docs.aws.amazon.com/sns/latest/api/welcome.html
 * Denials are 403 AuthorizationError, with SNS's upper-case action prefix (errors.ts). Known deviations: topics.ts.
 */
import * as snsSdk from '@aws-sdk/client-sns';
import { queryErrors } from '../../core/auth-errors.js';
import { queryProtocol } from '../../protocols/query.js';
import { sdkModel, type SdkOperations } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { snsDenial } from './errors.js';
import type { SnsOperationName } from './operation-names.js';
import { SERVICE } from './store.js';
import { topicOperations } from './topics.js';

export const snsService: ServiceDefinition = {
  name: SERVICE,
  protocol: queryProtocol({ xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/', version: '2010-03-31' }),
  operations: topicOperations satisfies SdkOperations<typeof snsSdk, SnsOperationName>,
  model: sdkModel(snsSdk),
  errors: queryErrors,
  denial: snsDenial,
};
