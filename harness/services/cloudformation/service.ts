/**
 * AWS CloudFormation (query protocol, version 2010-05-15), per account and Region.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
 * Denials are 403 AccessDenied in IAM's wording (errors.jsonl E066).
 * Known deviations: see README.md (one resource at a time, a subset of resource types, no transforms, no
 * stack sets, drift detection, nested stacks or resource import).
 */
import { queryErrors } from '../../core/auth-errors.js';
import { queryProtocol } from '../../protocols/query.js';
import type { ServiceDefinition } from '../types.js';
import { changeSetOperations } from './change-set-operations.js';
import { describeOperations } from './describe-operations.js';
import { stackOperations } from './stack-operations.js';
import { cloudformationDenial } from './errors.js';

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export const cloudformationService: ServiceDefinition = {
  name: 'cloudformation',
  protocol: queryProtocol({ xmlns: XMLNS, version: '2010-05-15' }),
  operations: { ...stackOperations, ...describeOperations, ...changeSetOperations },
  errors: queryErrors,
  denial: cloudformationDenial,
};
