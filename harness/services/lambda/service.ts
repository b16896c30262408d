/**
 * AWS Lambda (REST-JSON, signing name `lambda`): functions, their resource-based policies, and Invoke.
 * https://docs.aws.amazon.com/lambda/latest/api/welcome.html
 * Routes come from the SDK's model (../../protocols/rest-json.ts), inputs are coerced by it, and a route the table
 * does not implement is refused before anything is read. Denials are 403 AccessDeniedException in IAM's words.
 * Known deviations: see the operation files; uploaded code is never run (invoke.ts).
 */
import * as sdk from '@aws-sdk/client-lambda';
import { jsonErrors } from '../../core/auth-errors.js';
import { restJsonProtocol, restJsonRoutes } from '../../protocols/rest-json.js';
import { sdkOperations } from '../../protocols/sdk-model.js';
import { sdkModel } from '../sdk-model.js';
import type { Operation, ServiceDefinition } from '../types.js';
import { lambdaDenial, UnknownOperationException } from './errors.js';
import { CreateFunction, DeleteFunction, GetFunction } from './functions.js';
import { Invoke } from './invoke.js';
import type { LambdaOperationName } from './operation-names.js';
import { AddPermission, GetPolicy, RemovePermission } from './permissions.js';
import { SERVICE } from './store.js';

const operations = { CreateFunction, GetFunction, DeleteFunction, AddPermission, RemovePermission, GetPolicy, Invoke } satisfies Record<LambdaOperationName, Operation<never, unknown, any>>;

export const lambdaService: ServiceDefinition = {
  name: SERVICE,
  protocol: restJsonProtocol({ routes: restJsonRoutes(sdkOperations(sdk)), unknown: () => UnknownOperationException(), sdk }),
  operations,
  model: sdkModel(sdk),
  denial: lambdaDenial,
  errors: jsonErrors(),
  // Lambda accepts request payloads of up to 6 MB (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
  maxBodyBytes: 6 * 1024 * 1024,
};
