/**
 * SSM's JSON wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) puts and reads a
 * parameter, and reports ParameterNotFound exactly as botocore reported AWS's answer in localstack
 * tests/aws/services/cloudformation/resource_providers/ssm/test_parameter.snapshot.json (recorded against AWS):
 * "An error occurred (ParameterNotFound) when calling the GetParameter operation: " (an empty message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure, awsJson } from '../../../test/helpers/aws-cli.js';
import { startEmulator, type RunningEmulator } from '../../index.js';

const A = '111111111111';
const root = { accessKeyId: A, secretAccessKey: 'test' };

describe('SSM with /usr/bin/aws', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  it('puts and reads a parameter', async () => {
    expect(await awsJson(emu.endpoint, root, ['ssm', 'put-parameter', '--name', '/cli/p', '--value', 'v1', '--type', 'String'])).toEqual({ Version: 1, Tier: 'Standard' });
    const { Parameter } = await awsJson<{ Parameter: Record<string, unknown> }>(emu.endpoint, root, ['ssm', 'get-parameter', '--name', '/cli/p']);
    expect(Parameter).toMatchObject({ Name: '/cli/p', Type: 'String', Value: 'v1', Version: 1, ARN: `arn:aws:ssm:us-east-1:${A}:parameter/cli/p`, DataType: 'text' });
  });

  it('reports ParameterNotFound with AWS\'s empty message', async () => {
    const err = await awsFailure(emu.endpoint, root, ['ssm', 'get-parameter', '--name', '/cli/missing']);
    expect(err).toMatchObject({ code: 'ParameterNotFound', operation: 'GetParameter', message: '' });
  });
});
