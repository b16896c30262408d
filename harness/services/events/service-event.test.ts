/**
 * A service's own event (OperationContext.emit, as CodeCommit emits "CodeCommit Repository State Change") is put on
 * the emitting account's default bus, where its rules deliver it: EventBridge is the catalog's event consumer
 * (registry.ts). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
 * The emitter here is the template service (not AWS's), made to emit for each note it stores; the refused forward is
 * worded by EventBridge's denial (IAM's words, not recorded for EventBridge: errors.ts).
 */
import { EventBridgeClient, PutPermissionCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { rootPrincipal } from '../../world/principal.js';
import { templateService } from '../_template/service.js';
import { SERVICE } from '../_template/store.js';
import { SERVICE_LOADERS, ServiceCatalog } from '../registry.js';
import type { Operation, ServiceDefinition } from '../types.js';
import { eventDeliveries } from './delivery.js';

const OWNER = '111111111111';
const OTHER = '222222222222';
const put = templateService.operations['PutNote'] as Operation<unknown, { NoteArn: string }, unknown>;
const emitter: ServiceDefinition = {
  ...templateService,
  operations: {
    ...templateService.operations,
    PutNote: {
      ...put,
      handler: async (ctx, input, resolved) => {
        const out = await put.handler(ctx, input, resolved);
        ctx.emit({ source: `aws.${SERVICE}`, detailType: 'Note Stored', account: ctx.principal.account!, region: ctx.region, resources: [out.NoteArn], detail: { note: out.NoteArn } });
        return out;
      },
    },
  },
};

describe.each(['in-process', 'http'] as const)("a service's event on the default bus, over %s", (transport) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport, services: new ServiceCatalog({ ...SERVICE_LOADERS, [SERVICE]: async () => emitter }) });
  });
  afterAll(() => emu.dispose());

  it("reaches the account's rules, whose refused forward is recorded", async () => {
    const events = new EventBridgeClient(emu.clientConfig(OWNER));
    await events.send(new PutRuleCommand({ Name: 'notes', EventPattern: JSON.stringify({ source: [`aws.${SERVICE}`], 'detail-type': ['Note Stored'] }) }));
    const other = `arn:aws:events:us-east-1:${OTHER}:event-bus/default`;
    await events.send(new PutTargetsCommand({ Rule: 'notes', Targets: [{ Id: 'other', Arn: other }] }));
    await emu.emulator.invokeAs(rootPrincipal(OWNER), SERVICE, 'PutNote', { NoteName: 'evented', Text: 'hi' });
    await emu.emulator.eventsDelivered();
    expect(eventDeliveries(emu.emulator.world)).toMatchObject([
      {
        bus: `arn:aws:events:us-east-1:${OWNER}:event-bus/default`,
        rule: `arn:aws:events:us-east-1:${OWNER}:rule/notes`,
        outcome: 'failed',
        error: {
          code: 'AccessDeniedException',
          status: 400,
          message: `User: arn:aws:iam::${OWNER}:root is not authorized to perform: events:PutEvents on resource: ${other} because no resource-based policy allows the events:PutEvents action`,
        },
      },
    ]);

    // Once the other account's bus admits this one, the event (its aws. source too: EventBridge forwards it) arrives
    // there with its id, where a rule matches it.
    const otherEvents = new EventBridgeClient(emu.clientConfig(OTHER));
    await otherEvents.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: OWNER, StatementId: 'owner' }));
    await otherEvents.send(new PutRuleCommand({ Name: 'arrived', EventPattern: JSON.stringify({ source: [`aws.${SERVICE}`], account: [OWNER] }) }));
    await otherEvents.send(new PutTargetsCommand({ Rule: 'arrived', Targets: [{ Id: 'pipeline', Arn: `arn:aws:codepipeline:us-east-1:${OTHER}:app` }] }));
    await emu.emulator.invokeAs(rootPrincipal(OWNER), SERVICE, 'PutNote', { NoteName: 'evented-again', Text: 'hi' });
    await emu.emulator.eventsDelivered();
    const log = eventDeliveries(emu.emulator.world).slice(1);
    const forwarded = log.find((d) => d.rule.endsWith(':rule/notes'));
    const arrived = log.find((d) => d.rule.endsWith(':rule/arrived'));
    expect(forwarded).toMatchObject({ rule: `arn:aws:events:us-east-1:${OWNER}:rule/notes`, outcome: 'delivered' });
    expect(arrived).toMatchObject({ eventId: forwarded!.eventId, bus: other, rule: `arn:aws:events:us-east-1:${OTHER}:rule/arrived`, outcome: 'failed' });
    expect(arrived!.explanation).toContain('names no RoleArn');
  });
});
