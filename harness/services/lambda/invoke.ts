/**
 * Invoke: authorized as lambda:InvokeFunction by the caller's identity policies and the function's resource-based
 * policy (both across accounts). https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 * Uploaded code never runs: without a supplied handler (handlers.ts) a synchronous invocation answers 200 with the
 * payload `null`, what a Node.js handler that returns nothing answers. A supplied handler runs as a session of the
 * function's execution role (execution-role.ts) and its result is the payload; a handler that throws answers 200 with
 * `X-Amz-Function-Error: Unhandled` and `{"errorType","errorMessage"}`, as Lambda reports a function's error.
 * With `LogType: Tail` a run of supplied code answers its log's last lines (LogResult, base64: START, END and
 * REPORT lines as Lambda writes them); code that did not run has no log, so no LogResult.
 * `Event` invocations answer 202 and `DryRun` 204 with no payload (API_Invoke.html, "StatusCode").
 * Known deviations: a handler invoked with `Event` runs before the answer, not after it; no logs (LogResult) are kept.
 */
import type { InvokeCommandInput, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import type { Out } from '../../core/service.js';
import { str } from '../params.js';
import type { Operation, OperationContext } from '../types.js';
import { assumeExecutionRole } from './execution-role.js';
import { existingFunction, functionCheck } from './functions.js';
import type { LambdaFunction } from './store.js';

function eventOf(payload: InvokeCommandInput['Payload']): unknown {
  // The protocol hands the payload over as the bytes sent (a Buffer); an internal call may pass a string.
  const text = payload === undefined ? '' : typeof payload === 'string' ? payload : Buffer.isBuffer(payload) || payload instanceof Uint8Array ? Buffer.from(payload).toString('utf8') : '';
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function payloadOf(value: unknown): Uint8ArrayBlobAdapter {
  return Uint8ArrayBlobAdapter.fromString(JSON.stringify(value ?? null));
}

async function runHandler(ctx: OperationContext, fn: LambdaFunction, payload: InvokeCommandInput['Payload'], logType: InvokeCommandInput['LogType']): Promise<Out<InvokeCommandOutput>> {
  const role = await assumeExecutionRole(ctx, fn.configuration.Role!, fn.name);
  const invocation = {
    functionArn: fn.arn,
    call: <O>(service: string, operation: string, input: unknown) => ctx.invoke<O>(service, operation, input, { as: role, region: fn.region }),
  };
  const requestId = ctx.requestId;
  const log = logType === 'Tail' ? Buffer.from(`START RequestId: ${requestId} Version: $LATEST\nEND RequestId: ${requestId}\nREPORT RequestId: ${requestId}\n`).toString('base64') : undefined;
  try {
    const result = await fn.handler!(eventOf(payload), invocation);
    return { StatusCode: 200, ExecutedVersion: '$LATEST', LogResult: log, Payload: payloadOf(result) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const body = { errorType: err.name, errorMessage: err.message };
    return { StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST', LogResult: log, Payload: payloadOf(body) };
  }
}

export const Invoke: Operation<InvokeCommandInput, Out<InvokeCommandOutput>, LambdaFunction> = {
  resolve: (ctx, input) => existingFunction(ctx, str('ValidationException', input, 'FunctionName', { required: true, min: 1, max: 170 })),
  authorize: (_ctx, _input, fn) => functionCheck('InvokeFunction', fn),
  async handler(ctx, input, fn) {
    if (input.InvocationType === 'DryRun') return { StatusCode: 204 };
    const answer: Out<InvokeCommandOutput> = fn.handler ? await runHandler(ctx, fn, input.Payload, input.LogType) : { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payloadOf(null) };
    if (input.InvocationType === 'Event') return { StatusCode: 202 };
    return answer;
  },
};
