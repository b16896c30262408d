/**
 * Authorization is declared, never done inside a handler (issue 14, item 3): an operation's `resolve` reads and
 * looks up once what its authorization and its handler both need; a check may carry what AWS lets stand in for a
 * policy Allow (a KMS grant: https://docs.aws.amazon.com/kms/latest/developerguide/grants.html) and a check AWS makes
 * beside the policies (S3's object ownership and ACLs:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html). Every refusal,
 * whichever part made it, is recorded with its explanation and fix. Checks of the call itself may come before
 * `resolve` (CloudFormation authorizes CreateStack before it reads the template, iam:PassRole after). A small service
 * of this test's own shows it.
 */
import { describe, expect, it } from 'vitest';
import { jsonErrors } from '../core/auth-errors.js';
import { AwsError, deniedError } from '../core/errors.js';
import type { Operation, ServiceDefinition } from '../core/service.js';
import { startEmulator } from '../index.js';
import { notAuthorizedMessage } from '../iam/render.js';
import { jsonProtocol } from '../protocols/json.js';
import { rootPrincipal } from '../world/principal.js';
import { SERVICE_LOADERS, ServiceCatalog } from './registry.js';

const OWNER = '111111111111';
const OTHER = '222222222222';

interface Widget {
  name: string;
  locked: boolean;
}

interface GetWidgetInput {
  Name: string;
  Token?: string;
}

let resolves = 0;
const widgets: Record<string, Widget> = { plain: { name: 'plain', locked: false }, locked: { name: 'locked', locked: true } };

function findWidget(_ctx: unknown, input: { Name: string }): Widget {
  resolves++;
  const widget = widgets[input.Name];
  if (!widget) throw new AwsError('NotFoundException', 400, `Widget ${input.Name} does not exist`);
  return widget;
}

const GetWidget: Operation<GetWidgetInput, { Name: string }, Widget> = {
  resolve: findWidget,
  authorize: (_ctx, input, widget) => ({
    action: 'widgets:GetWidget',
    resource: `arn:aws:widgets:us-east-1:${OWNER}:widget/${widget.name}`,
    standIn: () => (input.Token === 'grant' ? { allows: true } : { allows: false, why: 'No grant on the widget names the caller.', fix: 'create a grant for widgets:GetWidget' }),
    beside: () =>
      widget.locked
        ? { error: new AwsError('AccessDeniedException', 400, 'The widget is locked'), explanation: 'The widget is locked by its owner.', fix: 'unlock the widget' }
        : undefined,
  }),
  handler: (_ctx, _input, widget) => ({ Name: widget.name }),
};

/** The call is authorized before the widget is looked up, and a check on the widget found follows. */
const LendWidget: Operation<{ Name: string }, { Name: string }, Widget> = {
  authorizeCall: (_ctx, input) => ({ action: 'widgets:LendWidget', resource: `arn:aws:widgets:us-east-1:${OWNER}:widget/${input.Name}` }),
  resolve: findWidget,
  authorize: (_ctx, _input, widget) => ({ action: 'widgets:PassWidget', resource: `arn:aws:widgets:us-east-1:${OWNER}:widget/${widget.name}` }),
  handler: (_ctx, _input, widget) => ({ Name: widget.name }),
};

/** A batch: each widget is authorized on its own, and the handler answers the refused ones beside the others. */
const GetWidgets: Operation<{ Names: string[] }, { Found: string[]; Refused: string[] }> = {
  authorize: (_ctx, input) =>
    input.Names.map((name, i) => ({ action: 'widgets:GetWidget', resource: `arn:aws:widgets:us-east-1:${OWNER}:widget/${name}`, item: String(i) })),
  handler: (ctx, input) => ({
    Found: input.Names.filter((_, i) => !ctx.refused.has(String(i))),
    Refused: input.Names.filter((_, i) => ctx.refused.get(String(i))?.code === 'AccessDeniedException'),
  }),
};

const widgetsService: ServiceDefinition = {
  name: 'widgets',
  protocol: jsonProtocol({ targetPrefix: 'Widgets' }),
  targetPrefix: 'Widgets',
  operations: { GetWidget, GetWidgets, LendWidget },
  errors: jsonErrors(),
  denial: (request, decision) => deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision),
};

async function emulator() {
  const emu = await startEmulator({ services: new ServiceCatalog({ ...SERVICE_LOADERS, widgets: async () => widgetsService }) });
  return emu.emulator;
}

async function refusal(call: Promise<unknown>): Promise<AwsError> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AwsError);
  return e as AwsError;
}

describe('declared authorization', () => {
  it('resolves once for the authorization and the handler, and hands the handler what it resolved', async () => {
    const emu = await emulator();
    resolves = 0;
    await expect(emu.invokeAs(rootPrincipal(OWNER), 'widgets', 'GetWidget', { Name: 'plain' })).resolves.toEqual({ Name: 'plain' });
    expect(resolves).toBe(1);
  });

  it('lets a stand-in allow what the policies leave undecided, across accounts', async () => {
    const emu = await emulator();
    await expect(emu.invokeAs(rootPrincipal(OTHER), 'widgets', 'GetWidget', { Name: 'plain', Token: 'grant' })).resolves.toEqual({ Name: 'plain' });
  });

  it("records a refusal the stand-in did not lift, with the stand-in's why and fix beside the policies'", async () => {
    const emu = await emulator();
    const err = await refusal(emu.invokeAs(rootPrincipal(OTHER), 'widgets', 'GetWidget', { Name: 'plain' }, { traceId: 'req-1' }));
    expect({ code: err.code, status: err.status, message: err.message }).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${OTHER}:root is not authorized to perform: widgets:GetWidget on resource: arn:aws:widgets:us-east-1:${OWNER}:widget/plain because no resource-based policy allows the widgets:GetWidget action`,
    });
    const record = emu.explain('req-1')!;
    expect(record.decision.decision).toBe('implicitDeny');
    expect(record.decision.explanation).toMatch(/No grant on the widget names the caller\.$/);
    expect(record.decision.fix).toMatch(/; or create a grant for widgets:GetWidget$/);
  });

  it('records and answers a refusal of a check beside the policies, once they allow', async () => {
    const emu = await emulator();
    const err = await refusal(emu.invokeAs(rootPrincipal(OWNER), 'widgets', 'GetWidget', { Name: 'locked' }, { traceId: 'req-2' }));
    expect({ code: err.code, status: err.status, message: err.message }).toEqual({ code: 'AccessDeniedException', status: 400, message: 'The widget is locked' });
    expect(emu.explain('req-2')).toMatchObject({
      service: 'widgets',
      decision: { decision: 'implicitDeny', explanation: 'The widget is locked by its owner.', fix: 'unlock the widget' },
    });
  });

  it('hands the handler the refused items of a batch, recording each refusal, while the others go on', async () => {
    const emu = await emulator();
    await expect(emu.invokeAs(rootPrincipal(OWNER), 'widgets', 'GetWidgets', { Names: ['plain', 'locked'] })).resolves.toEqual({ Found: ['plain', 'locked'], Refused: [] });
    await expect(emu.invokeAs(rootPrincipal(OTHER), 'widgets', 'GetWidgets', { Names: ['plain'] }, { traceId: 'req-4' })).resolves.toEqual({ Found: [], Refused: ['plain'] });
    expect(emu.explain('req-4')?.decision.decision).toBe('implicitDeny');
  });

  it('answers what resolve refuses before any authorization', async () => {
    const emu = await emulator();
    const err = await refusal(emu.invokeAs(rootPrincipal(OTHER), 'widgets', 'GetWidget', { Name: 'missing' }, { traceId: 'req-3' }));
    expect({ code: err.code, status: err.status, message: err.message }).toEqual({ code: 'NotFoundException', status: 400, message: 'Widget missing does not exist' });
    expect(emu.explain('req-3')).toBeUndefined();
  });

  it('refuses a check of the call before resolve, and evaluates the checks that read what resolve found after it', async () => {
    const emu = await emulator();
    resolves = 0;
    const call = await refusal(emu.invokeAs(rootPrincipal(OTHER), 'widgets', 'LendWidget', { Name: 'missing' }, { traceId: 'req-5' }));
    expect({ code: call.code, status: call.status }).toEqual({ code: 'AccessDeniedException', status: 400 });
    expect(call.message).toMatch(/perform: widgets:LendWidget on resource/);
    expect(resolves).toBe(0);
    expect(emu.explain('req-5')?.request.action).toBe('widgets:LendWidget');
    await expect(emu.invokeAs(rootPrincipal(OWNER), 'widgets', 'LendWidget', { Name: 'plain' })).resolves.toEqual({ Name: 'plain' });
    expect(resolves).toBe(1);
  });
});
