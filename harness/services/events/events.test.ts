/**
 * EventBridge's API through the real @aws-sdk/client-eventbridge, over both transports: buses and their policies,
 * rules, targets, PutEvents and TestEventPattern, with AWS's answers. Unless a case says otherwise, each recorded
 * answer is from LocalStack's AWS-validated snapshots, github.com/localstack/localstack
 * tests/aws/services/events/test_events.snapshot.json (the test named beside each case).
 */
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { copyWorld } from '../../world/snapshot.js';
import { findBus } from './store.js';

const A = '111111111111';
const B = '333333333333';
const REGION = 'us-east-1';
const ACCOUNTS = [
  { name: 'pipeline', id: A },
  { name: 'repository', id: B },
];
const bus = (account: string, name: string) => `arn:aws:events:${REGION}:${account}:event-bus/${name}`;
const PATTERN = JSON.stringify({ source: ['core.update-account-command'], 'detail-type': ['core.update-account-command'], detail: { command: ['update-account'] } });

describe.each(['in-process', 'http'] as const)('EventBridge over %s', (transport) => {
  let emu: RunningEmulator;
  let ev: EventBridgeClient;
  let evB: EventBridgeClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport, accounts: ACCOUNTS });
    ev = new EventBridgeClient(emu.clientConfig(A));
    evB = new EventBridgeClient(emu.clientConfig(B));
  });
  afterAll(() => emu.dispose());

  it('has a default bus in each account, and creates, lists, describes and deletes others', async () => {
    expect(await ev.send(new DescribeEventBusCommand({}))).toMatchObject({ Name: 'default', Arn: bus(A, 'default') });
    expect(await ev.send(new CreateEventBusCommand({ Name: 'orders', Description: 'test bus' }))).toMatchObject({ EventBusArn: bus(A, 'orders'), Description: 'test bus' });
    const listed = await ev.send(new ListEventBusesCommand({ NamePrefix: 'ord' }));
    expect(listed.EventBuses).toEqual([expect.objectContaining({ Name: 'orders', Arn: bus(A, 'orders'), Description: 'test bus' })]);
    expect(listed.EventBuses![0]!.CreationTime).toBeInstanceOf(Date);
    expect(await ev.send(new DescribeEventBusCommand({ Name: 'orders' }))).toMatchObject({ Name: 'orders', Description: 'test bus' });
    // test_create_multiple_event_buses_same_name
    expect(await awsError(ev.send(new CreateEventBusCommand({ Name: 'orders' })))).toEqual({ code: 'ResourceAlreadyExistsException', status: 400, message: 'Event bus orders already exists.' });
    await ev.send(new DeleteEventBusCommand({ Name: 'orders' }));
    // test_describe_delete_not_existing_event_bus
    expect(await awsError(ev.send(new DescribeEventBusCommand({ Name: 'orders' })))).toEqual({ code: 'ResourceNotFoundException', status: 400, message: 'Event bus orders does not exist.' });
    expect(await awsError(ev.send(new DeleteEventBusCommand({ Name: 'orders' })))).toEqual({ code: 'ResourceNotFoundException', status: 400, message: 'Event bus orders does not exist.' });
    // test_delete_default_event_bus
    expect(await awsError(ev.send(new DeleteEventBusCommand({ Name: 'default' })))).toEqual({ code: 'ValidationException', status: 400, message: 'Cannot delete event bus default.' });
  });

  it('writes PutPermission statements as AWS does, takes a whole Policy, and removes statements', async () => {
    await ev.send(new CreateEventBusCommand({ Name: 'shared' }));
    await ev.send(new PutPermissionCommand({ EventBusName: 'shared', Action: 'events:PutEvents', Principal: B, StatementId: 'from-b' }));
    await ev.send(new PutPermissionCommand({ EventBusName: 'shared', Action: 'events:PutEvents', Principal: '*', StatementId: 'anyone' }));
    // test_put_permission: the statements' shape
    const described = await ev.send(new DescribeEventBusCommand({ Name: 'shared' }));
    expect(JSON.parse(described.Policy!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'from-b', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'events:PutEvents', Resource: bus(A, 'shared') },
        { Sid: 'anyone', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: bus(A, 'shared') },
      ],
    });
    await ev.send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'anyone' }));
    expect(JSON.parse((await ev.send(new DescribeEventBusCommand({ Name: 'shared' }))).Policy!).Statement).toHaveLength(1);
    // test_remove_permission_non_existing_sid
    expect(await awsError(ev.send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'non-existing-sid' })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 400,
      message: 'Statement with the provided id does not exist.',
    });
    await ev.send(new RemovePermissionCommand({ EventBusName: 'shared', RemoveAllPermissions: true }));
    expect((await ev.send(new DescribeEventBusCommand({ Name: 'shared' }))).Policy).toBeUndefined();
    // With no policy at all, the same answer (test_remove_permission_non_existing_sid[False-…]).
    expect(await awsError(ev.send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'from-b' })))).toMatchObject({ code: 'ResourceNotFoundException', status: 400 });
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'svc', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'events:ListRules', Resource: '*' }] });
    await ev.send(new PutPermissionCommand({ EventBusName: 'shared', Policy }));
    expect(JSON.parse((await ev.send(new DescribeEventBusCommand({ Name: 'shared' }))).Policy!)).toEqual(JSON.parse(Policy));
    // test_put_permission_non_existing_event_bus
    expect(await awsError(ev.send(new PutPermissionCommand({ EventBusName: 'nobus', Policy })))).toEqual({ code: 'ResourceNotFoundException', status: 400, message: 'Event bus nobus does not exist.' });
  });

  it('puts, describes, lists, disables, enables and deletes rules', async () => {
    const put = await ev.send(new PutRuleCommand({ Name: 'r1', EventPattern: PATTERN }));
    expect(put.RuleArn).toBe(`arn:aws:events:${REGION}:${A}:rule/r1`);
    // test_put_list_with_prefix_describe_delete_rule[default]
    expect(await ev.send(new DescribeRuleCommand({ Name: 'r1' }))).toMatchObject({ Name: 'r1', Arn: put.RuleArn, CreatedBy: A, EventBusName: 'default', EventPattern: PATTERN, State: 'ENABLED' });
    const listed = await ev.send(new ListRulesCommand({ NamePrefix: 'r1' }));
    expect(listed.Rules).toEqual([{ Name: 'r1', Arn: put.RuleArn, EventBusName: 'default', EventPattern: PATTERN, State: 'ENABLED' }]);
    await ev.send(new DisableRuleCommand({ Name: 'r1' }));
    expect((await ev.send(new DescribeRuleCommand({ Name: 'r1' }))).State).toBe('DISABLED');
    await ev.send(new EnableRuleCommand({ Name: 'r1' }));
    expect((await ev.send(new DescribeRuleCommand({ Name: 'r1' }))).State).toBe('ENABLED');
    await ev.send(new CreateEventBusCommand({ Name: 'custom' }));
    expect((await ev.send(new PutRuleCommand({ Name: 'r1', EventBusName: 'custom', EventPattern: PATTERN }))).RuleArn).toBe(`arn:aws:events:${REGION}:${A}:rule/custom/r1`);
    await ev.send(new DeleteRuleCommand({ Name: 'r1' }));
    // test_describe_nonexistent_rule
    expect(await awsError(ev.send(new DescribeRuleCommand({ Name: 'r1' })))).toEqual({ code: 'ResourceNotFoundException', status: 400, message: 'Rule r1 does not exist on EventBus default.' });
  });

  it('refuses an invalid pattern when the rule is written (test_events_patterns.snapshot.json, string_nolist_EXC)', async () => {
    expect(await awsError(ev.send(new PutRuleCommand({ Name: 'bad', EventPattern: JSON.stringify({ string: 'my-value' }) })))).toEqual({
      code: 'InvalidEventPatternException',
      status: 400,
      message: 'Event pattern is not valid. Reason: "string" must be an object or an array',
    });
  });

  it('puts, lists and removes targets, up to five a rule', async () => {
    await ev.send(new PutRuleCommand({ Name: 'with-targets', EventPattern: PATTERN }));
    const arn = `arn:aws:events:${REGION}:${B}:event-bus/default`;
    expect(await ev.send(new PutTargetsCommand({ Rule: 'with-targets', Targets: [{ Id: 't1', Arn: arn }] }))).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await ev.send(new ListTargetsByRuleCommand({ Rule: 'with-targets' }))).Targets).toEqual([{ Id: 't1', Arn: arn }]);
    // The rules with a target of that ARN, by name (API_ListRuleNamesByTarget.html).
    expect((await ev.send(new ListRuleNamesByTargetCommand({ TargetArn: arn }))).RuleNames).toEqual(['with-targets']);
    expect((await ev.send(new ListRuleNamesByTargetCommand({ TargetArn: `${arn}-other` }))).RuleNames).toEqual([]);
    // test_delete_rule_with_targets
    expect(await awsError(ev.send(new DeleteRuleCommand({ Name: 'with-targets' })))).toEqual({ code: 'ValidationException', status: 400, message: "Rule can't be deleted since it has targets." });
    // test_put_target_id_validation
    expect(await awsError(ev.send(new PutTargetsCommand({ Rule: 'with-targets', Targets: [{ Id: '!@#$@!#$', Arn: arn }] })))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    });
    // test_add_exceed_fife_targets_per_rule
    const six = ['a', 'b', 'c', 'd', 'e'].map((Id) => ({ Id, Arn: arn }));
    expect(await awsError(ev.send(new PutTargetsCommand({ Rule: 'with-targets', Targets: six })))).toEqual({
      code: 'LimitExceededException',
      status: 400,
      message: 'The requested resource exceeds the maximum number allowed.',
    });
    await ev.send(new RemoveTargetsCommand({ Rule: 'with-targets', Ids: ['t1'] }));
    expect((await ev.send(new ListTargetsByRuleCommand({ Rule: 'with-targets' }))).Targets).toEqual([]);
    await ev.send(new DeleteRuleCommand({ Name: 'with-targets' }));
  });

  it('passes a target\'s role only for a caller allowed iam:PassRole on it', async () => {
    // PutTargets with a RoleArn needs iam:PassRole (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html);
    // the denial is in IAM's words, as for every iam:PassRole refusal (errors.jsonl E066 for CloudFormation's).
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'rule-admin', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'rule-admin', PolicyName: 'events', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:*', Resource: '*' }] }) }));
    const admin = new EventBridgeClient(await emu.roleConfig(`arn:aws:iam::${A}:role/rule-admin`, { sessionName: 'admin' }));
    await admin.send(new PutRuleCommand({ Name: 'pass', EventPattern: PATTERN }));
    const roleArn = `arn:aws:iam::${A}:role/starter`;
    expect(await awsError(admin.send(new PutTargetsCommand({ Rule: 'pass', Targets: [{ Id: 't', Arn: bus(B, 'default'), RoleArn: roleArn }] })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:sts::${A}:assumed-role/rule-admin/admin is not authorized to perform: iam:PassRole on resource: ${roleArn} because no identity-based policy allows the iam:PassRole action`,
    });
    expect((await admin.send(new ListTargetsByRuleCommand({ Rule: 'pass' }))).Targets).toEqual([]);
    await admin.send(new DeleteRuleCommand({ Name: 'pass' }));
  });

  it('answers PutEvents entry by entry, and refuses a bus that does not exist', async () => {
    const out = await ev.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'my.app', DetailType: 'Thing', Detail: '{"a":1}' },
          { DetailType: 'Thing', Detail: '{}' },
          { Source: 'my.app', DetailType: 'Thing', Detail: '"a string"' },
          { Source: 'aws.codecommit', DetailType: 'CodeCommit Repository State Change', Detail: '{}' },
        ],
      }),
    );
    // test_put_events_without_source, test_put_event_malformed_detail[STRING]
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries![0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries!.slice(1)).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      // The aws. namespace is the services': the code is PutEventsResultEntry's (API reference), the message as an
      // AWS CLI answer quoted in public notes shows it (errors.ts).
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    ]);
    // test_put_events_nonexistent_event_bus
    expect(await awsError(ev.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', EventBusName: 'nope' }] })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 400,
      message: 'Event bus nope does not exist.',
    });
  });

  it("refuses PutEvents to another account's bus that its policy does not open, and explains it", async () => {
    // Not recorded: the denial is worded in IAM's words (errors.ts header), the rule is AWS's (eb-event-bus-perms.html).
    const target = bus(A, 'default');
    const entry = { Source: 'my.app', DetailType: 'Thing', Detail: '{}', EventBusName: target };
    expect(await awsError(evB.send(new PutEventsCommand({ Entries: [entry] })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: events:PutEvents on resource: ${target} because no resource-based policy allows the events:PutEvents action`,
    });
    expect(emu.emulator.recentDenials()[0]).toMatchObject({ service: 'events', decision: { fix: `add arn:aws:iam::${B}:root to the resource policy of ${target} for events:PutEvents` } });
    await ev.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: B, StatementId: 'from-b' }));
    expect((await evB.send(new PutEventsCommand({ Entries: [entry] }))).FailedEntryCount).toBe(0);
  });

  it('tests a pattern against an event (TestEventPattern)', async () => {
    const event = { id: '1', source: 'core.update-account-command', 'detail-type': 'core.update-account-command', account: A, region: REGION, time: '2022-07-13T13:48:01Z', resources: [], detail: { command: 'update-account' } };
    expect((await ev.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: JSON.stringify(event) }))).Result).toBe(true);
    expect((await ev.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: JSON.stringify({ ...event, detail: { command: 'other' } }) }))).Result).toBe(false);
    // test_events_patterns.snapshot.json, test_plain_string_payload
    expect(await awsError(ev.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: 'plain string' })))).toEqual({ code: 'ValidationException', status: 400, message: 'Parameter Event is not valid.' });
  });

  it('leaves a world that can be copied (rules keep their pattern as text, buses their policy as data)', () => {
    const copy = copyWorld(emu.emulator.world);
    const where = { account: A, region: REGION, name: 'default' };
    expect(findBus(copy, where, emu.emulator.now())!.policy).toEqual(findBus(emu.emulator.world, where, emu.emulator.now())!.policy);
  });
});
