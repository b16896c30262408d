/**
 * AWS::Logs::LogGroup through the real CloudFormation and CloudWatch Logs clients, over both transports: a stack
 * creates a named and a generated log group (Ref and Fn::GetAtt Arn), and deleting the stack deletes them.
 * Sources: the Arn form "arn:aws:logs:<region>:<account>:log-group:<name>:*" (the "arn" DescribeLogGroups answers,
 * localstack tests/aws/services/logs/test_logs_groups.snapshot.json, recorded against AWS), which the resource's
 * documentation gives as its Fn::GetAtt Arn (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html).
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { A, settle } from '../test-fixtures.js';

const TEMPLATE = `
Resources:
  Named:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: /pipeline/build, RetentionInDays: 14 }
  Generated:
    Type: AWS::Logs::LogGroup
Outputs:
  NamedArn: { Value: !GetAtt Named.Arn }
  GeneratedName: { Value: !Ref Generated }
`;

describe.each(['in-process', 'http'] as const)('AWS::Logs::LogGroup over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    logs = new CloudWatchLogsClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates log groups and deletes them with the stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'log-groups', TemplateBody: TEMPLATE }));
    const stack = await settle(cfn, 'log-groups');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const out = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(out['NamedArn']).toBe(`arn:aws:logs:us-east-1:${A}:log-group:/pipeline/build:*`);
    expect(out['GeneratedName']).toMatch(/^log-groups-Generated-[A-Z0-9]{12}$/);
    const names = async () => ((await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => g.logGroupName);
    expect(await names()).toEqual(expect.arrayContaining(['/pipeline/build', out['GeneratedName']]));

    await cfn.send(new DeleteStackCommand({ StackName: 'log-groups' }));
    await settle(cfn, 'log-groups').catch(() => undefined);
    expect(await names()).toEqual([]);
  });
});
