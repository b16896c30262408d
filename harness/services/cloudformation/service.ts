/**
 * AWS CloudFormation (query protocol, version 2010-05-15), per account and Region.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
 * Denials are 403 AccessDenied in IAM's wording (errors.jsonl E066). Inputs are coerced by the SDK's model, so every
 * operation receives its `XCommandInput` (operation-names.ts types the table).
 * Known deviations: see README.md (one resource at a time, a subset of resource types, no transforms, no
 * stack sets, drift detection, nested stacks or resource import).
 */
import * as sdk from '@aws-sdk/client-cloudformation';
import { queryErrors } from '../../core/auth-errors.js';
import { queryProtocol } from '../../protocols/query.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { changeSetOperations } from './change-set-operations.js';
import { describeOperations } from './describe-operations.js';
import { stackOperations } from './stack-operations.js';
import { templateSummaryOperations } from './template-summary.js';
import { terminationProtectionOperations } from './termination-protection.js';
import { cloudformationDenial } from './errors.js';
import type { CloudFormationOperationName, CloudFormationOperations } from './operation-names.js';

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export const cloudformationService: ServiceDefinition = {
  name: 'cloudformation',
  protocol: queryProtocol({ xmlns: XMLNS, version: '2010-05-15' }),
  operations: { ...stackOperations, ...describeOperations, ...changeSetOperations, ...templateSummaryOperations, ...terminationProtectionOperations } satisfies CloudFormationOperations<CloudFormationOperationName>,
  model: sdkModel(sdk),
  errors: queryErrors,
  denial: cloudformationDenial,
};
