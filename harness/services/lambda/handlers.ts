/**
 * A function's code as a scenario supplies it: a TypeScript function standing in for the deployed code, run by
 * Invoke with the event it was given. xacct never runs uploaded code (a zip or an S3 object is stored as given);
 * only a supplied handler runs, and it acts as the function's execution role, whose session Lambda starts as
 * lambda.amazonaws.com (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 * A handler that throws is reported as Lambda reports an unhandled error: `X-Amz-Function-Error: Unhandled` and a
 * payload `{"errorType","errorMessage"}` (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html).
 */
import type { World } from '../../world/world.js';
import { findFunction, functionRef } from './store.js';

/** What a supplied handler gets beside its event. */
export interface LambdaInvocation {
  functionArn: string;
  /** Calls an AWS operation as the function's execution role session, through the emulator's request path. */
  call<O = unknown>(service: string, operation: string, input: unknown): Promise<O>;
}

export type LambdaHandler = (event: unknown, invocation: LambdaInvocation) => unknown;

/** Gives an existing function (by ARN) code that runs when it is invoked. */
export function supplyHandler(world: World, functionArn: string, handler: LambdaHandler): void {
  const ref = functionRef(functionArn, '', '');
  const fn = findFunction(world, ref);
  if (!fn) throw new Error(`no function ${functionArn} to supply a handler to`);
  fn.handler = handler;
}
