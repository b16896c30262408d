/**
 * The wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an HTTP
 * emulator. put-permission / describe-event-bus / put-rule / put-targets / list-targets-by-rule / put-events, and
 * describe-rule of a rule that does not exist ("Rule <name> does not exist on EventBus default.", recorded in
 * LocalStack's AWS-validated test_events.snapshot.json, test_describe_nonexistent_rule).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsFailure, awsJson } from '../../../test/helpers/aws-cli.js';

const A = '111111111111';
const B = '222222222222';
const root = (account: string) => ({ accessKeyId: account, secretAccessKey: 'test' });

describe('EventBridge with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  it('opens the bus to another account, which puts an event there that a rule matches', async () => {
    await awsJson(emu.endpoint, root(A), ['events', 'put-permission', '--action', 'events:PutEvents', '--principal', B, '--statement-id', 'from-b']);
    const bus = await awsJson<{ Name: string; Policy: string }>(emu.endpoint, root(A), ['events', 'describe-event-bus']);
    expect(bus.Name).toBe('default');
    expect(JSON.parse(bus.Policy).Statement[0]).toMatchObject({ Sid: 'from-b', Principal: { AWS: `arn:aws:iam::${B}:root` } });
    const pattern = JSON.stringify({ source: ['my.app'] });
    const rule = await awsJson<{ RuleArn: string }>(emu.endpoint, root(A), ['events', 'put-rule', '--name', 'cli-rule', '--event-pattern', pattern]);
    expect(rule.RuleArn).toBe(`arn:aws:events:us-east-1:${A}:rule/cli-rule`);
    const targets = [{ Id: 'pipeline', Arn: `arn:aws:codepipeline:us-east-1:${A}:app`, RoleArn: `arn:aws:iam::${A}:role/starter` }];
    expect(await awsJson(emu.endpoint, root(A), ['events', 'put-targets', '--rule', 'cli-rule', '--targets', JSON.stringify(targets)])).toEqual({ FailedEntryCount: 0, FailedEntries: [] });
    expect(await awsJson(emu.endpoint, root(A), ['events', 'list-targets-by-rule', '--rule', 'cli-rule'])).toEqual({ Targets: targets });
    const entries = [{ Source: 'my.app', DetailType: 'Thing', Detail: '{"a":1}', EventBusName: `arn:aws:events:us-east-1:${A}:event-bus/default` }];
    const put = await awsJson<{ FailedEntryCount: number; Entries: Array<{ EventId: string }> }>(emu.endpoint, root(B), ['events', 'put-events', '--entries', JSON.stringify(entries)]);
    expect(put.FailedEntryCount).toBe(0);
    expect(put.Entries[0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    await emu.emulator.eventsDelivered();
  });

  it('answers a rule that does not exist as AWS does', async () => {
    expect(await awsFailure(emu.endpoint, root(A), ['events', 'describe-rule', '--name', 'missing'])).toEqual({
      exitCode: 254,
      code: 'ResourceNotFoundException',
      operation: 'DescribeRule',
      message: 'Rule missing does not exist on EventBus default.',
    });
  });
});
