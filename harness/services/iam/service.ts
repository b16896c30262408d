/**
 * AWS IAM (query protocol, version 2010-05-08), global per account.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html
 * Known deviations: instance profiles, OIDC/SAML providers and service-linked roles are not emulated.
 */
import * as sdk from '@aws-sdk/client-iam';
import { queryErrors } from '../../core/auth-errors.js';
import { queryProtocol } from '../../protocols/query.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { iamDenial } from './errors.js';
import type { IamOperations } from './operation-names.js';
import { groupOperations } from './groups.js';
import { policyOperations } from './policies.js';
import { roleOperations } from './roles.js';
import { userOperations } from './users.js';

export const iamService: ServiceDefinition = {
  name: 'iam',
  protocol: queryProtocol({ xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/', version: '2010-05-08' }),
  operations: { ...roleOperations, ...userOperations, ...groupOperations, ...policyOperations } satisfies IamOperations,
  model: sdkModel(sdk),
  errors: queryErrors,
  denial: iamDenial,
};
