/**
 * deployStack, the helper other services use to deploy for a caller: create, no-op update, update, and the
 * service-role refusal coming back as CloudFormation's error (E067).
 */
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../index.js';
import type { InvokeOptions } from '../types.js';
import { deployStack } from './deploy.js';
import { A, B, role, setUp } from './test-fixtures.js';

const TEMPLATE = JSON.stringify({
  Parameters: { Env: { Type: 'String' } },
  Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { Description: { 'Fn::Sub': 'key for ${Env}' } } } },
  Outputs: { Env: { Value: { Ref: 'Env' } } },
});

describe('deployStack', () => {
  it('creates, leaves an unchanged stack alone, updates, and surfaces CloudFormation errors', async () => {
    await using emu = await startEmulator();
    const who = await setUp(emu);
    const deployer = emu.emulator.world.credentials.get(who.deployer.accessKeyId)!.principal;
    const invoke = <O,>(service: string, op: string, input: unknown, opts?: InvokeOptions) => emu.emulator.invokeAs<O>(opts?.as ?? deployer, service, op, input);
    const input = { StackName: 'helper', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }], RoleARN: role(A, 'cfn-role') };
    const created = await deployStack(invoke, deployer, input);
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    expect((await deployStack(invoke, deployer, input)).StackStatus).toBe('CREATE_COMPLETE');
    const updated = await deployStack(invoke, deployer, { ...input, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] });
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(updated.Outputs).toEqual([{ OutputKey: 'Env', OutputValue: 'prod' }]);
    await expect(deployStack(invoke, deployer, { ...input, StackName: 'other', RoleARN: role(B, 'cfn-role') })).rejects.toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: 'Cross-account pass role is not allowed.',
    });
  });
});
