/**
 * xacct's admin endpoints the endpoint backend relies on (not AWS APIs): reset to named accounts or to a snapshot
 * of the world taken earlier, the harness
 * acting as a service principal through STS AssumeRole (the trust policy decides; a refusal comes back with STS's
 * code, status and message, errors.jsonl E048 form, and is explained under the returned request id), the engine's
 * verdict without a request, and health advertising the HTTPS endpoint and its CA.
 */
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advertiseHttps } from '../../harness/core/admin.js';
import type { XRequest } from '../../harness/core/request.js';
import { startEmulator, type RunningEmulator } from '../../harness/index.js';

function admin(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  const req: XRequest = {
    method,
    protocol: 'http',
    hostname: '127.0.0.1',
    path,
    rawQuery: '',
    headers: {},
    body: Buffer.from(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)),
    sourceIp: '127.0.0.1',
  };
  return emu.emulator.handle(req).then((r) => ({ status: r.status, headers: r.headers, body: JSON.parse(String(r.body)) }));
}

const trust = (principal: Record<string, string>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

describe('POST /_xacct/snapshot and POST /_xacct/reset {"snapshot": id}', () => {
  const roleNames = async (emu: RunningEmulator) =>
    ((await new IAMClient(emu.clientConfig('111111111111')).send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName);
  const createRole = (emu: RunningEmulator, name: string) =>
    new IAMClient(emu.clientConfig('111111111111')).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));

  it('restores the world as it was when the snapshot was taken, as often as asked, each time a fresh copy', async () => {
    await using emu = await startEmulator();
    await createRole(emu, 'applied-by-setup');
    const snap = await admin(emu, 'POST', '/_xacct/snapshot', {});
    expect(snap.status).toBe(200);
    expect(snap.body).toEqual({ id: expect.stringMatching(/^snapshot-\d+$/), accounts: [{ name: 'pipeline', id: '111111111111' }, { name: 'target', id: '222222222222' }] });

    await createRole(emu, 'made-by-scenario-1');
    expect(await admin(emu, 'POST', '/_xacct/reset', { snapshot: snap.body.id })).toMatchObject({ status: 200, body: { status: 'reset', snapshot: snap.body.id } });
    expect(await roleNames(emu)).toEqual(['applied-by-setup']);

    await createRole(emu, 'made-by-scenario-2');
    await admin(emu, 'POST', '/_xacct/reset', { snapshot: snap.body.id });
    expect(await roleNames(emu)).toEqual(['applied-by-setup']);
  });

  it('refuses an unknown snapshot (404), a snapshot that is not an id and one given with accounts (400), and keeps the world', async () => {
    await using emu = await startEmulator();
    await createRole(emu, 'kept');
    expect(await admin(emu, 'POST', '/_xacct/reset', { snapshot: 'snapshot-0' })).toEqual({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: { error: 'NotFound', message: 'no snapshot snapshot-0 (this server keeps the newest 100)' },
    });
    expect((await admin(emu, 'POST', '/_xacct/reset', { snapshot: 7 })).body).toEqual({ error: 'BadRequest', message: '"snapshot" must be the id POST /_xacct/snapshot returned' });
    const { id } = (await admin(emu, 'POST', '/_xacct/snapshot')).body;
    expect(await admin(emu, 'POST', '/_xacct/reset', { snapshot: id, accounts: [{ name: 'x', id: '333333333333' }] })).toMatchObject({
      status: 400,
      body: { error: 'BadRequest', message: 'give "accounts" or "snapshot", not both: a snapshot has its own accounts' },
    });
    expect(await roleNames(emu)).toEqual(['kept']);
  });
});

describe('POST /_xacct/reset', () => {
  it('creates the accounts given, and without a body keeps the current ones', async () => {
    await using emu = await startEmulator();
    const accounts = [
      { name: 'pipeline', id: '111111111111' },
      { name: 'target', id: '222222222222' },
      { name: 'repository', id: '333333333333' },
    ];
    expect(await admin(emu, 'POST', '/_xacct/reset', { accounts })).toMatchObject({ status: 200, body: { status: 'reset', accounts } });
    const sts = new STSClient(emu.clientConfig('333333333333'));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::333333333333:root');
    expect(await admin(emu, 'POST', '/_xacct/reset')).toMatchObject({ status: 200, body: { accounts } });
  });

  it('refuses malformed accounts with 400 and keeps the world', async () => {
    await using emu = await startEmulator();
    expect(await admin(emu, 'POST', '/_xacct/reset', { accounts: [{ name: 'x', id: '12' }] })).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: { error: 'BadRequest', message: 'account id must be 12 digits: 12' },
    });
    expect((await admin(emu, 'POST', '/_xacct/reset', { accounts: [] })).body.message).toBe('"accounts" must be a non-empty list of {name, id}');
    expect((await admin(emu, 'POST', '/_xacct/reset', '{nope')).status).toBe(400);
    expect((await admin(emu, 'GET', '/_xacct/health')).body.accounts).toEqual([
      { name: 'pipeline', id: '111111111111' },
      { name: 'target', id: '222222222222' },
    ]);
  });
});

describe('POST /_xacct/assume-role-as-service', () => {
  it('returns the session credentials when the trust policy allows the service', async () => {
    await using emu = await startEmulator();
    const iam = new IAMClient(emu.clientConfig('111111111111'));
    await iam.send(new CreateRoleCommand({ RoleName: 'pipeline-role', AssumeRolePolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));
    const res = await admin(emu, 'POST', '/_xacct/assume-role-as-service', {
      roleArn: 'arn:aws:iam::111111111111:role/pipeline-role',
      service: 'codepipeline.amazonaws.com',
      sessionName: '1700000000000',
    });
    expect(res.status).toBe(200);
    const c = res.body.Credentials;
    const sts = new STSClient(emu.configFor({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::111111111111:assumed-role/pipeline-role/1700000000000');
  });

  it("answers STS's AccessDenied (403) when the trust policy does not name the service, explained by request id", async () => {
    await using emu = await startEmulator();
    const iam = new IAMClient(emu.clientConfig('111111111111'));
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-only', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    const res = await admin(emu, 'POST', '/_xacct/assume-role-as-service', { roleArn: 'arn:aws:iam::111111111111:role/ec2-only', service: 'codepipeline.amazonaws.com' });
    expect(res.status).toBe(403);
    const requestId = res.body.error.requestId as string;
    expect(res.headers['x-amzn-requestid']).toBe(requestId);
    expect(res.body.error).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'User: codepipeline.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/ec2-only',
      requestId,
    });
    const explained = await admin(emu, 'GET', `/_xacct/explain/${requestId}`);
    expect(explained.status).toBe(200);
    expect(explained.body.decision.decision).toBe('implicitDeny');
  });

  it('refuses a body without a role ARN or with a service that is not a service principal', async () => {
    await using emu = await startEmulator();
    expect((await admin(emu, 'POST', '/_xacct/assume-role-as-service', { service: 'codepipeline.amazonaws.com' })).status).toBe(400);
    expect(await admin(emu, 'POST', '/_xacct/assume-role-as-service', { roleArn: 'arn:aws:iam::111111111111:role/r', service: 'arn:aws:iam::111111111111:root' })).toMatchObject({
      status: 400,
      body: { error: 'BadRequest', message: '"arn:aws:iam::111111111111:root" is not a service principal such as codepipeline.amazonaws.com' },
    });
  });
});

describe('POST /_xacct/decide', () => {
  it("gives the engine's verdict in the named service's words, and trust policies through trustOf", async () => {
    await using emu = await startEmulator();
    const iam = new IAMClient(emu.clientConfig('222222222222'));
    await iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: trust({ Service: 'cloudformation.amazonaws.com' }) }));
    const user = { arn: 'arn:aws:iam::222222222222:user/nobody', type: 'User', account: '222222222222', username: 'nobody' };
    const denied = await admin(emu, 'POST', '/_xacct/decide', {
      principal: user,
      check: { action: 'iam:PassRole', resource: 'arn:aws:iam::222222222222:role/deploy' },
      service: 'iam',
    });
    expect(denied.status).toBe(200);
    expect(denied.body.decision).toBe('implicitDeny');
    expect(denied.body.message).toBe(
      'User: arn:aws:iam::222222222222:user/nobody is not authorized to perform: iam:PassRole on resource: arn:aws:iam::222222222222:role/deploy because no identity-based policy allows the iam:PassRole action',
    );
    const service = { arn: 'cloudformation.amazonaws.com', type: 'Service', service: 'cloudformation.amazonaws.com' };
    const trusted = await admin(emu, 'POST', '/_xacct/decide', {
      principal: service,
      check: { action: 'sts:AssumeRole', resource: 'arn:aws:iam::222222222222:role/deploy', trustOf: 'arn:aws:iam::222222222222:role/deploy' },
      service: 'sts',
    });
    expect(trusted.body).toMatchObject({ decision: 'allowed', message: '' });
  });

  it('refuses an unknown service name', async () => {
    await using emu = await startEmulator();
    const res = await admin(emu, 'POST', '/_xacct/decide', { principal: { arn: 'x', type: 'User' }, check: { action: 'a:b', resource: '*' }, service: 'ecs' });
    expect(res.status).toBe(400);
  });
});

describe('GET /_xacct/health', () => {
  it('reports the HTTP endpoint, and the HTTPS endpoint with its CA once advertised', async () => {
    await using emu = await startEmulator({ transport: 'http', httpsPort: 0 });
    const before = await admin(emu, 'GET', '/_xacct/health');
    expect(before.body).toMatchObject({ status: 'ok', server: 'xacct', endpoint: emu.endpoint, region: 'us-east-1' });
    advertiseHttps(emu.emulator, { endpoint: emu.httpsEndpoint!, caFile: emu.caFile! });
    const after = await admin(emu, 'GET', '/_xacct/health');
    expect(after.body.https).toEqual({ endpoint: emu.httpsEndpoint, ca: readFileSync(emu.caFile!, 'utf8') });
  });
});
