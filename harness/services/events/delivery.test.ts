/**
 * Delivery of events through rules, as in the repository-account pipeline of issue 15: PutEvents in 333333333333
 * puts an event on its default bus; a rule there forwards it to 111111111111's default bus as a role assumed by
 * events.amazonaws.com (events:PutEvents, allowed or not by that bus's policy); rules there start a pipeline as a role
 * (codepipeline:StartPipelineExecution). AWS delivers silently; the emulator records each delivery, counts the
 * rule's FailedInvocations, and records the refused hop's denial under the id the delivery names.
 * The rules are AWS's: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html. The denials'
 * words are those of the service refusing the hop (IAM's "User: … is not authorized to perform: …" for EventBridge
 * and CodePipeline, not recorded for them, see their errors.ts; STS's AccessDenied, see sts/errors.ts).
 */
import { CreatePipelineCommand, CodePipelineClient, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { EventBridgeClient, PutEventsCommand, PutPermissionCommand, PutRuleCommand, PutTargetsCommand, RemovePermissionCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { allow, createPrincipals, referencePipeline, trust } from '../codepipeline/test-fixtures.js';
import { eventDeliveries, failedInvocations, type Delivery } from './delivery.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const REPO = '333333333333';
const REGION = 'us-east-1';
const ACCOUNTS = [
  { name: 'pipeline', id: PIPELINE },
  { name: 'target', id: TARGET },
  { name: 'repository', id: REPO },
];
const bus = (account: string) => `arn:aws:events:${REGION}:${account}:event-bus/default`;
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const rule = (account: string, name: string) => `arn:aws:events:${REGION}:${account}:rule/${name}`;
const PIPELINE_ARN = `arn:aws:codepipeline:${REGION}:${PIPELINE}:from-events`;
const PATTERN = JSON.stringify({ source: ['my.app'], detail: { ref: [{ prefix: 'refs/heads/' }] } });
const EVENTS = { Service: 'events.amazonaws.com' };

describe.each(['in-process', 'http'] as const)('event delivery over %s', (transport) => {
  let emu: RunningEmulator;
  let repoEvents: EventBridgeClient;
  let pipelineEvents: EventBridgeClient;
  let cp: CodePipelineClient;

  async function putEvent(): Promise<string> {
    const out = await repoEvents.send(new PutEventsCommand({ Entries: [{ Source: 'my.app', DetailType: 'Commit', Detail: JSON.stringify({ ref: 'refs/heads/main' }) }] }));
    expect(out.FailedEntryCount).toBe(0);
    await emu.emulator.eventsDelivered();
    return out.Entries![0]!.EventId!;
  }

  const deliveriesOf = (ruleArn: string): Delivery[] => eventDeliveries(emu.emulator.world).filter((d) => d.rule === ruleArn);
  const executions = async () => (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: 'from-events' }))).pipelineExecutionSummaries?.length ?? 0;

  beforeAll(async () => {
    emu = await startEmulator({ transport, accounts: ACCOUNTS });
    await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE)).send(new CreateBucketCommand({ Bucket: `xacct-artifacts-${PIPELINE}` }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE));
    await cp.send(new CreatePipelineCommand({ pipeline: referencePipeline({ name: 'from-events' }) }));

    const iamRepo = new IAMClient(emu.clientConfig(REPO));
    await iamRepo.send(new CreateRoleCommand({ RoleName: 'forwarder', AssumeRolePolicyDocument: trust(EVENTS) }));
    await iamRepo.send(new PutRolePolicyCommand({ RoleName: 'forwarder', PolicyName: 'put', PolicyDocument: allow('events:PutEvents', bus(PIPELINE)) }));
    await iamRepo.send(new CreateRoleCommand({ RoleName: 'untrusting', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    const iamPipeline = new IAMClient(emu.clientConfig(PIPELINE));
    await iamPipeline.send(new CreateRoleCommand({ RoleName: 'starter', AssumeRolePolicyDocument: trust(EVENTS) }));
    await iamPipeline.send(new PutRolePolicyCommand({ RoleName: 'starter', PolicyName: 'start', PolicyDocument: allow('codepipeline:StartPipelineExecution', PIPELINE_ARN) }));
    await iamPipeline.send(new CreateRoleCommand({ RoleName: 'weak-starter', AssumeRolePolicyDocument: trust(EVENTS) }));
    await iamPipeline.send(new PutRolePolicyCommand({ RoleName: 'weak-starter', PolicyName: 'read', PolicyDocument: allow('s3:GetObject') }));

    repoEvents = new EventBridgeClient(emu.clientConfig(REPO));
    await repoEvents.send(new PutRuleCommand({ Name: 'forward', EventPattern: PATTERN }));
    await repoEvents.send(new PutTargetsCommand({ Rule: 'forward', Targets: [{ Id: 'pipeline-account', Arn: bus(PIPELINE), RoleArn: role(REPO, 'forwarder') }] }));
    pipelineEvents = new EventBridgeClient(emu.clientConfig(PIPELINE));
    await pipelineEvents.send(new PutRuleCommand({ Name: 'start', EventPattern: PATTERN }));
    await pipelineEvents.send(new PutTargetsCommand({ Rule: 'start', Targets: [{ Id: 'pipeline', Arn: PIPELINE_ARN, RoleArn: role(PIPELINE, 'starter') }] }));
    await pipelineEvents.send(new PutRuleCommand({ Name: 'start-weak', EventPattern: PATTERN }));
    await pipelineEvents.send(new PutTargetsCommand({ Rule: 'start-weak', Targets: [{ Id: 'pipeline', Arn: PIPELINE_ARN, RoleArn: role(PIPELINE, 'weak-starter') }] }));
    await pipelineEvents.send(new PutRuleCommand({ Name: 'onward', EventPattern: PATTERN }));
    await pipelineEvents.send(new PutTargetsCommand({ Rule: 'onward', Targets: [{ Id: 'third-account', Arn: bus(TARGET) }] }));
    await emu.emulator.eventsDelivered();
  });
  afterAll(() => emu.dispose());

  it("records the forward refused by a bus policy that misses the sending account, and counts the rule's FailedInvocations", async () => {
    const before = await executions();
    const eventId = await putEvent();
    const [delivery] = deliveriesOf(rule(REPO, 'forward')).filter((d) => d.eventId === eventId);
    const session = `arn:aws:sts::${REPO}:assumed-role/forwarder/${eventId.replace(/-/g, '')}`;
    expect(delivery).toMatchObject({
      outcome: 'failed',
      bus: bus(REPO),
      targetId: 'pipeline-account',
      targetArn: bus(PIPELINE),
      error: {
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${session} is not authorized to perform: events:PutEvents on resource: ${bus(PIPELINE)} because no resource-based policy allows the events:PutEvents action`,
      },
    });
    expect(delivery!.explanation).toContain(`FailedInvocations (namespace AWS/Events, RuleName forward)`);
    expect(emu.emulator.explain(delivery!.requestId!)).toMatchObject({
      service: 'events',
      request: { action: 'events:PutEvents', resource: bus(PIPELINE) },
      decision: { decision: 'implicitDeny', fix: `add arn:aws:iam::${REPO}:root (or ${role(REPO, 'forwarder')}) to the resource policy of ${bus(PIPELINE)} for events:PutEvents` },
    });
    expect(failedInvocations(emu.emulator.world, rule(REPO, 'forward'), emu.emulator.now())).toBe(1);
    expect(await executions()).toBe(before);
  });

  it('forwards once the bus policy allows the account: one rule starts the pipeline, one whose role may not is recorded', async () => {
    await pipelineEvents.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: REPO, StatementId: 'repository-account' }));
    const before = await executions();
    const eventId = await putEvent();
    expect(deliveriesOf(rule(REPO, 'forward')).filter((d) => d.eventId === eventId)).toMatchObject([{ outcome: 'delivered' }]);
    expect(await executions()).toBe(before + 1);
    const started = deliveriesOf(rule(PIPELINE, 'start'));
    expect(started.at(-1)).toMatchObject({ outcome: 'delivered', targetArn: PIPELINE_ARN });
    // AWS records the rule, not the call, as the trigger: triggerType CloudWatchEvent, triggerDetail the rule's ARN
    // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ExecutionTrigger.html; the recorded
    // list-pipeline-executions output cited in codepipeline/triggers.ts).
    const [latest] = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: 'from-events' }))).pipelineExecutionSummaries!;
    expect(latest!.trigger).toEqual({ triggerType: 'CloudWatchEvent', triggerDetail: rule(PIPELINE, 'start') });
    // The forwarded event keeps its id (test_events_cross_account_region.snapshot.json, *-account cases).
    const weak = deliveriesOf(rule(PIPELINE, 'start-weak')).at(-1)!;
    expect(weak.eventId).toBe(eventId);
    const session = `arn:aws:sts::${PIPELINE}:assumed-role/weak-starter/${weak.eventId.replace(/-/g, '')}`;
    expect(weak).toMatchObject({
      outcome: 'failed',
      error: {
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${session} is not authorized to perform: codepipeline:StartPipelineExecution on resource: ${PIPELINE_ARN} because no identity-based policy allows the codepipeline:StartPipelineExecution action`,
      },
    });
    expect(emu.emulator.explain(weak.requestId!)).toMatchObject({ service: 'codepipeline', request: { action: 'codepipeline:StartPipelineExecution', resource: PIPELINE_ARN } });
    expect(failedInvocations(emu.emulator.world, rule(PIPELINE, 'start-weak'), emu.emulator.now())).toBe(1);
    expect(failedInvocations(emu.emulator.world, rule(PIPELINE, 'start'), emu.emulator.now())).toBe(0);
    // An event received from another account is not sent on to a third (eb-cross-account.html).
    expect(deliveriesOf(rule(PIPELINE, 'onward'))).toMatchObject([{ eventId, outcome: 'not sent', targetArn: bus(TARGET) }]);
    expect(failedInvocations(emu.emulator.world, rule(PIPELINE, 'onward'), emu.emulator.now())).toBe(0);
    await pipelineEvents.send(new RemovePermissionCommand({ StatementId: 'repository-account' }));
  });

  it('records a role whose trust policy refuses events.amazonaws.com', async () => {
    await repoEvents.send(new PutRuleCommand({ Name: 'untrusted', EventPattern: PATTERN }));
    await repoEvents.send(new PutTargetsCommand({ Rule: 'untrusted', Targets: [{ Id: 'bus', Arn: bus(PIPELINE), RoleArn: role(REPO, 'untrusting') }] }));
    await putEvent();
    const [delivery] = deliveriesOf(rule(REPO, 'untrusted'));
    expect(delivery).toMatchObject({
      outcome: 'failed',
      error: { code: 'AccessDenied', status: 403, message: `User: events.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${role(REPO, 'untrusting')}` },
    });
    expect(emu.emulator.explain(delivery!.requestId!)).toMatchObject({ service: 'sts', request: { action: 'sts:AssumeRole', resource: role(REPO, 'untrusting') } });
    expect(failedInvocations(emu.emulator.world, rule(REPO, 'untrusted'), emu.emulator.now())).toBe(1);
  });

  it('does not deliver for a rule that is disabled or whose pattern does not match', async () => {
    await repoEvents.send(new PutRuleCommand({ Name: 'other-source', EventPattern: JSON.stringify({ source: ['other.app'] }) }));
    await repoEvents.send(new PutTargetsCommand({ Rule: 'other-source', Targets: [{ Id: 'bus', Arn: bus(PIPELINE), RoleArn: role(REPO, 'forwarder') }] }));
    await repoEvents.send(new PutRuleCommand({ Name: 'off', EventPattern: PATTERN, State: 'DISABLED' }));
    await repoEvents.send(new PutTargetsCommand({ Rule: 'off', Targets: [{ Id: 'bus', Arn: bus(PIPELINE), RoleArn: role(REPO, 'forwarder') }] }));
    await putEvent();
    expect(deliveriesOf(rule(REPO, 'other-source'))).toEqual([]);
    expect(deliveriesOf(rule(REPO, 'off'))).toEqual([]);
  });

});
