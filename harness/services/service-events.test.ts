/**
 * The events services emit about their own resources (OperationContext.emit) reach the catalog's event consumer
 * (ServiceCatalog.events, EventBridge in registry.ts) after the operation has answered, as AWS puts a service's
 * events on the default bus itself: the caller is not authorized for the delivery and its answer does not wait for
 * it. What the consumer does runs through the request path as the principal it names, so a refused hop is recorded
 * and explained like any request. The services here are the template's (not AWS's): no AWS wording is asserted
 * beyond the template's own denial.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { baseRequest, send, signer } from '../../test/helpers/signed-request.js';
import { rootPrincipal } from '../world/principal.js';
import { SERVICE_LOADERS, ServiceCatalog } from './registry.js';
import { templateService } from './_template/service.js';
import { noteArn, SERVICE } from './_template/store.js';
import type { ServiceDefinition, ServiceEvent } from './types.js';

const OWNER = '111111111111';
const OTHER = '222222222222';

describe.each(['in-process', 'http'] as const)('events services emit, over %s', (transport) => {
  let emu: RunningEmulator;
  const delivered: ServiceEvent[] = [];
  const refused: unknown[] = [];

  /** The template, emitting an event for each note it stores. */
  const emitter: ServiceDefinition = {
    ...templateService,
    operations: {
      ...templateService.operations,
      PutNote: {
        ...templateService.operations['PutNote']!,
        handler: async (ctx, input, resolved) => {
          const out = await templateService.operations['PutNote']!.handler(ctx, input, resolved);
          const arn = (out as { NoteArn: string }).NoteArn;
          ctx.emit({ source: `aws.${SERVICE}`, detailType: 'Note Stored', account: ctx.principal.account!, region: ctx.region, resources: [arn], detail: {} });
          return out;
        },
      },
    },
  };

  /** A consumer that records each event and then reads the note as another account, which the note does not allow. */
  const consumer: ServiceDefinition = {
    ...templateService,
    name: 'xacct-events',
    operations: {},
    async onServiceEvent(rt, event) {
      delivered.push(event);
      try {
        await rt.invoke(SERVICE, 'GetNote', { NoteId: event.resources[0] }, { as: rootPrincipal(OTHER) });
      } catch (e) {
        refused.push(e);
      }
    },
  };

  beforeAll(async () => {
    const services = new ServiceCatalog({ ...SERVICE_LOADERS, [SERVICE]: async () => emitter, 'xacct-events': async () => consumer });
    Object.defineProperty(services, 'events', { value: 'xacct-events' });
    emu = await startEmulator({ transport, services });
  });
  afterAll(() => emu.dispose());

  it('delivers an emitted event after the call, and a refused hop of its delivery is recorded and explained', async () => {
    delivered.length = 0;
    refused.length = 0;
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'XacctTemplate.PutNote' };
    const body = JSON.stringify({ NoteName: 'evented', Text: 'hi' });
    const req = await signer({ accessKeyId: OWNER, secretAccessKey: 'test' }, SERVICE).sign(baseRequest(emu, { method: 'POST', headers, body }));
    const res = await send(emu, transport, req);
    expect(res.status).toBe(200);
    await emu.emulator.eventsDelivered();
    const arn = noteArn('us-east-1', OWNER, 'evented');
    expect(delivered).toEqual([{ source: `aws.${SERVICE}`, detailType: 'Note Stored', account: OWNER, region: 'us-east-1', resources: [arn], detail: {} }]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'AccessDeniedException', status: 400 });
    expect(emu.emulator.recentDenials()[0]).toMatchObject({
      service: SERVICE,
      request: { action: `${SERVICE}:GetNote`, resource: arn },
      decision: { decision: 'implicitDeny', fix: `add arn:aws:iam::${OTHER}:root to the resource policy of ${arn} for ${SERVICE}:GetNote` },
    });
  });

  it('delivers nothing when the catalog has no event consumer', async () => {
    const services = new ServiceCatalog({ ...SERVICE_LOADERS, [SERVICE]: async () => emitter });
    Object.defineProperty(services, 'events', { value: undefined });
    const quiet = await startEmulator({ transport, services });
    try {
      delivered.length = 0;
      const out = await quiet.emulator.invokeAs(rootPrincipal(OWNER), SERVICE, 'PutNote', { NoteName: 'unheard', Text: 'x' });
      expect(out).toEqual({ NoteArn: noteArn('us-east-1', OWNER, 'unheard') });
      await quiet.emulator.eventsDelivered();
      expect(delivered).toEqual([]);
    } finally {
      await quiet.dispose();
    }
  });
});
