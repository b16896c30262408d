/**
 * CloudFormation's handlers receive the SDK's `XCommandInput` (issue 14, item 1): the query protocol coerces
 * `Parameters.member.N.*`, `Tags.member.N.*` and `Capabilities.member.N` into arrays of structures and strings,
 * `EnableTerminationProtection=true` into a boolean, `TimeoutInMinutes=5` into a number, and drops a parameter the
 * model does not declare (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html;
 * list encoding: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html). The same input arrives whether a raw
 * query request or the SDK sent it, over both transports; the real handlers run on what was recorded.
 * A boolean that does not parse is 400 MalformedInput "boolean must follow xsd1.1 definition" (Coral's query
 * deserializer, as harness/protocols/coerce-errors.ts cites it) and reaches no handler.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, type CreateStackCommandInput, type UpdateStackCommandInput } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseRequest, send, signer, xmlError, type RawResponse } from '../../../test/helpers/signed-request.js';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { SERVICE_LOADERS, ServiceCatalog } from '../registry.js';
import type { Operation, ServiceDefinition } from '../types.js';
import { cloudformationService } from './service.js';
import { stackOperations } from './stack-operations.js';
import { A, settle } from './test-fixtures.js';

const ROOT = { accessKeyId: A, secretAccessKey: 'test' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const TEMPLATE = JSON.stringify({
  Parameters: { Env: { Type: 'String' } },
  Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { Description: { 'Fn::Sub': 'key for ${Env}' } } } },
});

const creates: CreateStackCommandInput[] = [];
const updates: UpdateStackCommandInput[] = [];

/** The real operation, recording the input its handler is given. */
function recorded<I, O, R>(operation: Operation<I, O, R>, into: I[]): Operation<I, O, R> {
  return {
    ...operation,
    handler(ctx, input, resolved) {
      into.push(input);
      return operation.handler(ctx, input, resolved);
    },
  };
}

const recordingService: ServiceDefinition = {
  ...cloudformationService,
  operations: {
    ...cloudformationService.operations,
    CreateStack: recorded(stackOperations.CreateStack, creates),
    UpdateStack: recorded(stackOperations.UpdateStack, updates),
  },
};

const expectedCreate = (StackName: string): CreateStackCommandInput => ({
  StackName,
  TemplateBody: TEMPLATE,
  Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }],
  Capabilities: ['CAPABILITY_IAM'],
  Tags: [{ Key: 'team', Value: 'platform' }],
  DisableRollback: true,
  TimeoutInMinutes: 5,
  EnableTerminationProtection: true,
});

describe.each(['in-process', 'http'] as const)('CloudFormation typed inputs over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport, services: new ServiceCatalog({ ...SERVICE_LOADERS, cloudformation: async () => recordingService }) });
    cfn = new CloudFormationClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());
  beforeEach(() => {
    creates.length = 0;
    updates.length = 0;
  });

  async function query(params: Record<string, string>): Promise<RawResponse> {
    const body = new URLSearchParams({ Version: '2010-05-15', ...params }).toString();
    return send(emu, transport, await signer(ROOT, 'cloudformation').sign(baseRequest(emu, { method: 'POST', headers: FORM, body })));
  }

  it('a raw query CreateStack arrives as CreateStackCommandInput, without the parameter the model does not declare', async () => {
    const res = await query({
      Action: 'CreateStack',
      StackName: 'raw',
      TemplateBody: TEMPLATE,
      'Parameters.member.1.ParameterKey': 'Env',
      'Parameters.member.1.ParameterValue': 'dev',
      'Capabilities.member.1': 'CAPABILITY_IAM',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'platform',
      DisableRollback: 'true',
      TimeoutInMinutes: '5',
      EnableTerminationProtection: 'true',
      Bogus: '1',
    });
    expect(res.status).toBe(200);
    expect(creates).toHaveLength(1);
    const input = creates[0]!;
    expect(input).toEqual(expectedCreate('raw'));
    expect(Object.getPrototypeOf(input)).toBeNull();
    expect(Object.hasOwn(input, 'Bogus')).toBe(false);
    const stack = await settle(cfn, 'raw');
    expect(stack).toMatchObject({ StackStatus: 'CREATE_COMPLETE', Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }], DisableRollback: true, TimeoutInMinutes: 5 });
    expect(stack.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);
  });

  it('a raw query UpdateStack reads UsePreviousValue=true as a boolean', async () => {
    await query({ Action: 'CreateStack', StackName: 'previous', TemplateBody: TEMPLATE, 'Parameters.member.1.ParameterKey': 'Env', 'Parameters.member.1.ParameterValue': 'dev' });
    await settle(cfn, 'previous');
    const res = await query({
      Action: 'UpdateStack',
      StackName: 'previous',
      UsePreviousTemplate: 'true',
      'Parameters.member.1.ParameterKey': 'Env',
      'Parameters.member.1.UsePreviousValue': 'true',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'platform',
    });
    expect(res.status).toBe(200);
    expect(updates).toEqual([{ StackName: 'previous', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Env', UsePreviousValue: true }], Tags: [{ Key: 'team', Value: 'platform' }] }]);
    const stack = await settle(cfn, 'previous');
    expect(stack).toMatchObject({ StackStatus: 'UPDATE_COMPLETE', Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }] });
  });

  it('the SDK CreateStack arrives as the same input', async () => {
    await cfn.send(new CreateStackCommand(expectedCreate('sdk')));
    expect(creates).toHaveLength(1);
    expect(creates[0]).toEqual(expectedCreate('sdk'));
    expect((await settle(cfn, 'sdk')).StackStatus).toBe('CREATE_COMPLETE');
  });

  it('a boolean that does not parse is refused before any handler runs', async () => {
    const res = await query({ Action: 'CreateStack', StackName: 'refused', TemplateBody: TEMPLATE, EnableTerminationProtection: 'maybe' });
    expect({ status: res.status, ...xmlError(res.body) }).toEqual({ status: 400, code: 'MalformedInput', message: 'boolean must follow xsd1.1 definition' });
    expect(creates).toHaveLength(0);
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'refused' }))).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
      message: 'Stack with id refused does not exist',
    });
  });
});
