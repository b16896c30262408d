/**
 * aws_lambda_function and aws_lambda_permission applied to the emulator (in-process): the function is created with
 * its execution role (created in the same configuration, trusted by lambda.amazonaws.com), its `arn` feeds the
 * permission, and the permission lets another account invoke it. A role Lambda cannot assume fails the apply with
 * Lambda's words: "The role defined for the function cannot be assumed by Lambda." (InvalidParameterValueException,
 * 400; botocore's error quoted in pywren/pywren pywren/scripts/pywrencli.py).
 */
import { GetPolicyCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';
import { ApplyResourceError } from '../errors.js';

const provider = { aws: [{ region: 'us-east-1', access_key: '111111111111', secret_key: 'test' }] };
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

const config = (trusted: string) => ({
  provider,
  resource: {
    aws_iam_role: { fn: { name: `fn-role-${trusted}`, assume_role_policy: trust(trusted) } },
    aws_lambda_function: {
      hook: { function_name: `hook-${trusted.split('.')[0]}`, role: '${aws_iam_role.fn.arn}', handler: 'index.handler', runtime: 'nodejs20.x', s3_bucket: 'code', s3_key: 'hook.zip' },
    },
    aws_lambda_permission: {
      other: { statement_id: 'other-account', action: 'lambda:InvokeFunction', function_name: '${aws_lambda_function.hook.function_name}', principal: '222222222222' },
    },
  },
});

describe('aws_lambda_function and aws_lambda_permission', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
  });
  afterAll(() => emu.dispose());

  it('creates the function with its role and a permission another account invokes it by', async () => {
    const result = await apply(config('lambda.amazonaws.com'), { resolver: emu });
    const fn = result.resources.find((r) => r.address === 'aws_lambda_function.hook')!;
    const arn = 'arn:aws:lambda:us-east-1:111111111111:function:hook-lambda';
    expect(fn.attributes).toMatchObject({ arn, id: 'hook-lambda', version: '$LATEST', qualified_arn: `${arn}:$LATEST` });
    const policy = await new LambdaClient(emu.clientConfig('111111111111')).send(new GetPolicyCommand({ FunctionName: 'hook-lambda' }));
    expect(JSON.parse(policy.Policy!).Statement).toEqual([
      { Sid: 'other-account', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'lambda:InvokeFunction', Resource: arn },
    ]);
    expect((await new LambdaClient(emu.clientConfig('222222222222')).send(new InvokeCommand({ FunctionName: arn }))).StatusCode).toBe(200);
  });

  it("fails the apply with Lambda's words when the role does not trust Lambda", async () => {
    const failure = await apply(config('ec2.amazonaws.com'), { resolver: emu }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ApplyResourceError);
    const e = failure as ApplyResourceError;
    expect({ address: e.address, code: e.code, status: e.statusCode, message: e.awsMessage }).toEqual({
      address: 'aws_lambda_function.hook',
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'The role defined for the function cannot be assumed by Lambda.',
    });
  });
});
