/**
 * The EventBridge Terraform types against the emulator (in-process; the applier's transport is not what these test):
 * the repository-account forwarding of issue 15 as Terraform writes it. The pipeline account's bus admits the
 * repository account (aws_cloudwatch_event_permission) and has a custom bus with a whole policy
 * (aws_cloudwatch_event_bus, aws_cloudwatch_event_bus_policy); the repository account's rule
 * (aws_cloudwatch_event_rule) forwards to that bus through a target with a role (aws_cloudwatch_event_target).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_target
 */
import { DescribeEventBusCommand, DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';

const PIPELINE = '111111111111';
const REPO = '222222222222';
const PATTERN = JSON.stringify({ source: ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'] });

const config = {
  provider: {
    aws: [
      { alias: 'pipeline', region: 'us-east-1', access_key: PIPELINE, secret_key: 'test' },
      { alias: 'repo', region: 'us-east-1', access_key: REPO, secret_key: 'test' },
    ],
  },
  resource: {
    aws_cloudwatch_event_permission: { repo: { provider: 'aws.pipeline', principal: REPO, statement_id: 'repository-account' } },
    aws_cloudwatch_event_bus: { custom: { provider: 'aws.pipeline', name: 'deliveries' } },
    aws_cloudwatch_event_bus_policy: {
      custom: {
        provider: 'aws.pipeline',
        event_bus_name: '${aws_cloudwatch_event_bus.custom.name}',
        policy: `\${jsonencode({Version = "2012-10-17", Statement = [{Sid = "repo", Effect = "Allow", Principal = {AWS = "arn:aws:iam::${REPO}:root"}, Action = "events:PutEvents", Resource = aws_cloudwatch_event_bus.custom.arn}]})}`,
      },
    },
    aws_cloudwatch_event_rule: { forward: { provider: 'aws.repo', name: 'forward-commits', event_pattern: PATTERN } },
    aws_cloudwatch_event_target: {
      forward: {
        provider: 'aws.repo',
        rule: '${aws_cloudwatch_event_rule.forward.name}',
        target_id: 'pipeline-account',
        arn: `arn:aws:events:us-east-1:${PIPELINE}:event-bus/default`,
        role_arn: `arn:aws:iam::${REPO}:role/forwarder`,
      },
    },
  },
};

describe('EventBridge Terraform types', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
  });
  afterAll(() => emu.dispose());

  it('creates the permission, bus, bus policy, rule and target in their accounts with the ids the provider forms', async () => {
    const result = await apply(config, { resolver: emu });
    const byAddress = Object.fromEntries(result.resources.map((r) => [r.address, { account: r.account, id: r.attributes['id'] }]));
    expect(byAddress).toEqual({
      'aws_cloudwatch_event_permission.repo': { account: PIPELINE, id: 'repository-account' },
      'aws_cloudwatch_event_bus.custom': { account: PIPELINE, id: 'deliveries' },
      'aws_cloudwatch_event_bus_policy.custom': { account: PIPELINE, id: 'deliveries' },
      'aws_cloudwatch_event_rule.forward': { account: REPO, id: 'forward-commits' },
      'aws_cloudwatch_event_target.forward': { account: REPO, id: 'forward-commits-pipeline-account' },
    });
    const pipelineEvents = new EventBridgeClient(emu.clientConfig(PIPELINE));
    expect(JSON.parse((await pipelineEvents.send(new DescribeEventBusCommand({}))).Policy!).Statement).toEqual([
      { Sid: 'repository-account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${REPO}:root` }, Action: 'events:PutEvents', Resource: `arn:aws:events:us-east-1:${PIPELINE}:event-bus/default` },
    ]);
    expect(JSON.parse((await pipelineEvents.send(new DescribeEventBusCommand({ Name: 'deliveries' }))).Policy!).Statement[0]).toMatchObject({
      Sid: 'repo',
      Resource: `arn:aws:events:us-east-1:${PIPELINE}:event-bus/deliveries`,
    });
    const repoEvents = new EventBridgeClient(emu.clientConfig(REPO));
    expect(await repoEvents.send(new DescribeRuleCommand({ Name: 'forward-commits' }))).toMatchObject({ EventPattern: PATTERN, State: 'ENABLED', EventBusName: 'default' });
    expect((await repoEvents.send(new ListTargetsByRuleCommand({ Rule: 'forward-commits' }))).Targets).toEqual([
      { Id: 'pipeline-account', Arn: `arn:aws:events:us-east-1:${PIPELINE}:event-bus/default`, RoleArn: `arn:aws:iam::${REPO}:role/forwarder` },
    ]);
  });
});
