/**
 * AWS::Events::EventBus, AWS::Events::EventBusPolicy and AWS::Events::Rule through a stack (the real CloudFormation
 * client), as the repository-account pipeline declares them: a bus policy letting another account put events, and a
 * rule whose pattern is a JSON object, with a target and its role. Update and delete go back through EventBridge.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-eventbuspolicy.html
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { DescribeEventBusCommand, DescribeRuleCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { settle } from '../test-fixtures.js';

const A = '111111111111';
const B = '222222222222';
const PIPELINE_ARN = `arn:aws:codepipeline:us-east-1:${A}:app`;

function template(opts: { targetRole: string; withStatement: boolean }) {
  return JSON.stringify({
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'deliveries' } },
      FromB: { Type: 'AWS::Events::EventBusPolicy', Properties: { StatementId: 'from-b', Action: 'events:PutEvents', Principal: B } },
      ...(opts.withStatement
        ? {
            OnBus: {
              Type: 'AWS::Events::EventBusPolicy',
              Properties: {
                EventBusName: { Ref: 'Bus' },
                StatementId: 'statement-form',
                Statement: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': ['Bus', 'Arn'] } },
              },
            },
          }
        : {}),
      Start: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'start-app',
          EventPattern: { source: ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'], detail: { referenceName: ['main'] } },
          State: 'ENABLED',
          Targets: [{ Id: 'pipeline', Arn: PIPELINE_ARN, RoleArn: opts.targetRole }],
        },
      },
    },
    Outputs: { RuleArn: { Value: { 'Fn::GetAtt': ['Start', 'Arn'] } }, BusArn: { Value: { 'Fn::GetAtt': ['Bus', 'Arn'] } } },
  });
}

describe.each(['in-process', 'http'] as const)('AWS::Events::* over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let ev: EventBridgeClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    ev = new EventBridgeClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates the bus, both forms of bus policy and the rule with its target; updates and deletes them', async () => {
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'events', TemplateBody: template({ targetRole: `arn:aws:iam::${A}:role/one`, withStatement: true }) }));
    expect((await settle(cfn, 'events')).StackStatus).toBe('CREATE_COMPLETE');
    const outputs = (await cfn.send(new DescribeStacksCommand({ StackName: 'events' }))).Stacks![0]!.Outputs;
    expect(outputs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ OutputKey: 'RuleArn', OutputValue: `arn:aws:events:us-east-1:${A}:rule/start-app` }),
        expect.objectContaining({ OutputKey: 'BusArn', OutputValue: `arn:aws:events:us-east-1:${A}:event-bus/deliveries` }),
      ]),
    );
    const rule = await ev.send(new DescribeRuleCommand({ Name: 'start-app' }));
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'], detail: { referenceName: ['main'] } });
    expect((await ev.send(new ListTargetsByRuleCommand({ Rule: 'start-app' }))).Targets).toEqual([{ Id: 'pipeline', Arn: PIPELINE_ARN, RoleArn: `arn:aws:iam::${A}:role/one` }]);
    const defaultPolicy = JSON.parse((await ev.send(new DescribeEventBusCommand({}))).Policy!);
    expect(defaultPolicy.Statement).toEqual([
      { Sid: 'from-b', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'events:PutEvents', Resource: `arn:aws:events:us-east-1:${A}:event-bus/default` },
    ]);
    const busPolicy = JSON.parse((await ev.send(new DescribeEventBusCommand({ Name: 'deliveries' }))).Policy!);
    expect(busPolicy.Statement).toEqual([
      { Sid: 'statement-form', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'events:PutEvents', Resource: `arn:aws:events:us-east-1:${A}:event-bus/deliveries` },
    ]);

    await cfn.send(new UpdateStackCommand({ StackName: 'events', TemplateBody: template({ targetRole: `arn:aws:iam::${A}:role/two`, withStatement: false }) }));
    expect((await settle(cfn, 'events')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await ev.send(new ListTargetsByRuleCommand({ Rule: 'start-app' }))).Targets).toEqual([{ Id: 'pipeline', Arn: PIPELINE_ARN, RoleArn: `arn:aws:iam::${A}:role/two` }]);
    expect((await ev.send(new DescribeEventBusCommand({ Name: 'deliveries' }))).Policy).toBeUndefined();

    await cfn.send(new DeleteStackCommand({ StackName: 'events' }));
    expect((await settle(cfn, StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    expect((await ev.send(new ListRulesCommand({}))).Rules).toEqual([]);
    expect((await ev.send(new DescribeEventBusCommand({}))).Policy).toBeUndefined();
  });
});
