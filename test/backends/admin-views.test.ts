/**
 * GET /_xacct/views/<service>/<view> (xacct's own, not AWS): the records a service keeps that AWS shows only
 * elsewhere, declared by the service (ServiceDefinition.adminViews; core names none). EventBridge's is its delivery
 * log: AWS delivers silently and shows a refused delivery only as the rule's FailedInvocations metric
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html). Guarded like /_xacct/denials
 * (admin/guard.ts): the token holder sees every delivery, an account's principal those of its rules and those aimed
 * at its buses and pipelines. These answers are xacct's documented ones (README, "Admin endpoints"), not AWS wording.
 */
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../harness/index.js';
import { baseRequest, send, signer, type SignerCredentials } from '../helpers/signed-request.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const REPO = '333333333333';
const ACCOUNTS = [
  { name: 'pipeline', id: PIPELINE },
  { name: 'target', id: TARGET },
  { name: 'repository', id: REPO },
];
const root = (account: string): SignerCredentials => ({ accessKeyId: account, secretAccessKey: 'test' });
const bus = (account: string) => `arn:aws:events:us-east-1:${account}:event-bus/default`;
const PATH = '/_xacct/views/events/deliveries';

let emu: RunningEmulator;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await send(emu, 'http', baseRequest(emu, { method: 'GET', path, headers }));
  return { status: res.status, body: JSON.parse(res.body) };
}

async function getSignedBy(account: string, path = PATH) {
  const res = await send(emu, 'http', await signer(root(account), 'xacct').sign(baseRequest(emu, { method: 'GET', path })));
  return { status: res.status, body: JSON.parse(res.body) };
}

const token = () => ({ 'x-xacct-admin-token': emu.adminToken });

beforeAll(async () => {
  emu = await startEmulator({ transport: 'http', accounts: ACCOUNTS });
  // A rule in the repository account forwards to the pipeline account's bus, whose policy does not allow it.
  const events = new EventBridgeClient(emu.clientConfig(REPO));
  await events.send(new PutRuleCommand({ Name: 'forward', EventPattern: JSON.stringify({ source: ['my.app'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'forward', Targets: [{ Id: 'pipeline-account', Arn: bus(PIPELINE) }] }));
  // The view waits for the delivery this starts (in the background, as in AWS): no wait here.
  await events.send(new PutEventsCommand({ Entries: [{ Source: 'my.app', DetailType: 'Commit', Detail: '{}' }] }));
});
afterAll(async () => {
  await emu.dispose();
});

describe('GET /_xacct/views/events/deliveries', () => {
  it('needs credentials: 401 saying what to send', async () => {
    expect(await get(PATH)).toEqual({
      status: 401,
      body: {
        error: 'Unauthorized',
        message: `GET ${PATH} needs credentials: send the admin token that xacct serve prints (header x-xacct-admin-token: $XACCT_ADMIN_TOKEN), or sign the request with SigV4 (service "xacct") as an account root of this server`,
      },
    });
  });

  it('shows the token holder the refused forward, once delivered, with its error and where AWS would show it', async () => {
    const res = await get(PATH, token());
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      seq: 1,
      outcome: 'failed',
      rule: `arn:aws:events:us-east-1:${REPO}:rule/forward`,
      targetArn: bus(PIPELINE),
      error: {
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${REPO}:root is not authorized to perform: events:PutEvents on resource: ${bus(PIPELINE)} because no resource-based policy allows the events:PutEvents action`,
      },
      explanation: expect.stringContaining('FailedInvocations (namespace AWS/Events, RuleName forward)'),
    });
  });

  it("shows an account root the deliveries of its rules and those aimed at its buses, and no other account's", async () => {
    const [repo, pipeline, target] = await Promise.all([getSignedBy(REPO), getSignedBy(PIPELINE), getSignedBy(TARGET)]);
    expect(repo.status).toBe(200);
    expect(repo.body.items.map((d: { seq: number }) => d.seq)).toEqual([1]);
    expect(pipeline.body.items.map((d: { seq: number }) => d.seq)).toEqual([1]);
    expect(target).toEqual({ status: 200, body: { items: [] } });
  });

  it('answers 404 for a view the service does not declare, naming those it has, and for a service with none', async () => {
    expect(await get('/_xacct/views/events/rules', token())).toEqual({
      status: 404,
      body: { error: 'NotFound', message: `no view rules of the service "events"; it has deliveries (each rule target's delivery of an event: delivered, or the refused hop with its error)` },
    });
    expect(await get('/_xacct/views/s3/deliveries', token())).toEqual({ status: 404, body: { error: 'NotFound', message: 'no view deliveries of the service "s3"' } });
    expect(await get('/_xacct/views/nosuch/deliveries', token())).toEqual({ status: 404, body: { error: 'NotFound', message: 'no view deliveries of the service "nosuch"' } });
  });
});
