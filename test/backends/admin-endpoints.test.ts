/**
 * xacct's admin endpoints the endpoint backend relies on (not AWS APIs): reset to named accounts or to a snapshot
 * of the world taken earlier, the harness
 * acting as a service principal through STS AssumeRole (the trust policy decides; a refusal comes back with STS's
 * code, status and message, errors.jsonl E048 form, and is explained under the returned request id), the engine's
 * verdict without a request, and health advertising the HTTPS endpoint and its CA. Every malformed body is a 400
 * naming the field, never a 500; snapshots are bounded in count and bytes (oldest dropped, a world too large for
 * the bound refused with 507). Who may call these endpoints is tested in admin-access.test.ts.
 */
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advertiseHttps, limitSnapshots } from '../../harness/core/admin.js';
import type { XRequest } from '../../harness/core/request.js';
import { startEmulator, type RunningEmulator } from '../../harness/index.js';
import { SERVICE_LOADERS } from '../../harness/services/registry.js';

/** An admin request as the token holder, addressed to the emulator's (notional) endpoint. */
function admin(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  const req: XRequest = {
    method,
    protocol: 'https',
    hostname: '127.0.0.1',
    path,
    rawQuery: '',
    headers: { host: new URL(emu.endpoint).host, 'x-xacct-admin-token': emu.adminToken, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
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
    expect(snap.body).toEqual({
      id: expect.stringMatching(/^snapshot-\d+$/),
      accounts: [{ name: 'pipeline', id: '111111111111' }, { name: 'target', id: '222222222222' }],
      bytes: expect.any(Number),
    });

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
      body: { error: 'NotFound', message: 'no snapshot snapshot-0 (this server keeps 100 snapshots, 256 MiB in all, and drops the least recently used)' },
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

describe('snapshot bounds', () => {
  const putObject = async (emu: RunningEmulator, key: string, bytes: number) => {
    const s3 = new S3Client(emu.clientConfig('111111111111'));
    await s3.send(new CreateBucketCommand({ Bucket: 'snapshots' })).catch(() => undefined);
    await s3.send(new PutObjectCommand({ Bucket: 'snapshots', Key: key, Body: Buffer.alloc(bytes, 7) }));
  };

  it('drops the least recently used snapshot beyond the count', async () => {
    await using emu = await startEmulator();
    limitSnapshots(emu.emulator, { count: 2, bytes: 256 * 1024 * 1024 });
    const take = async () => (await admin(emu, 'POST', '/_xacct/snapshot', {})).body.id as string;
    const [first, second] = [await take(), await take()];
    // Resetting to the first makes the second the least recently used.
    expect((await admin(emu, 'POST', '/_xacct/reset', { snapshot: first })).status).toBe(200);
    const third = await take();
    expect(await admin(emu, 'POST', '/_xacct/reset', { snapshot: second })).toMatchObject({
      status: 404,
      body: { error: 'NotFound', message: `no snapshot ${second} (this server keeps 2 snapshots, 256 MiB in all, and drops the least recently used)` },
    });
    for (const id of [first, third]) expect((await admin(emu, 'POST', '/_xacct/reset', { snapshot: id })).status).toBe(200);
  });

  it("counts the objects' bytes: drops the oldest to make room, and refuses a world larger than the bound with 507", async () => {
    await using emu = await startEmulator();
    await putObject(emu, 'first', 100 * 1024);
    const first = await admin(emu, 'POST', '/_xacct/snapshot', {});
    expect(first.body.bytes).toBeGreaterThan(100 * 1024);
    limitSnapshots(emu.emulator, { count: 100, bytes: first.body.bytes + 50 * 1024 });
    const second = await admin(emu, 'POST', '/_xacct/snapshot', {});
    expect(second.status).toBe(200);
    expect((await admin(emu, 'POST', '/_xacct/reset', { snapshot: first.body.id })).status).toBe(404);
    expect((await admin(emu, 'POST', '/_xacct/reset', { snapshot: second.body.id })).status).toBe(200);

    await putObject(emu, 'second', 100 * 1024);
    const tooLarge = await admin(emu, 'POST', '/_xacct/snapshot', {});
    expect(tooLarge.status).toBe(507);
    expect(tooLarge.body.error).toBe('SnapshotTooLarge');
    expect(tooLarge.body.message).toMatch(
      /^the world holds about \d+ bytes, more than the \d+ bytes this server keeps for all snapshots; apply the setup again instead of resetting to a snapshot$/,
    );
    // The refused world replaced nothing: the snapshot taken before it is still there.
    expect((await admin(emu, 'POST', '/_xacct/reset', { snapshot: second.body.id })).status).toBe(200);
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
    expect((await admin(emu, 'POST', '/_xacct/reset', { accounts: 'pipeline' })).body.message).toBe('"accounts" must be a non-empty list of {name, id}');
    expect((await admin(emu, 'POST', '/_xacct/reset', { accounts: [{ name: 'a', id: '333333333333', admin: true }] })).body.message).toBe(
      'each account has an unknown field "admin" (expected "name", "id")',
    );
    expect((await admin(emu, 'POST', '/_xacct/reset', { accounts: [7] })).body.message).toBe('each account must be {"name": string, "id": "<12 digits>"}');
    expect((await admin(emu, 'POST', '/_xacct/reset', [])).body.message).toBe('the body must be a JSON object');
    expect((await admin(emu, 'POST', '/_xacct/reset', { wipe: true })).body.message).toBe('the body has an unknown field "wipe" (expected "accounts", "snapshot")');
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
    const usage = 'expected {"roleArn": string, "service": "<name>.amazonaws.com", "sessionName"?: string}';
    expect((await admin(emu, 'POST', '/_xacct/assume-role-as-service', { service: 'codepipeline.amazonaws.com' })).body).toEqual({ error: 'BadRequest', message: usage });
    expect((await admin(emu, 'POST', '/_xacct/assume-role-as-service', null)).body).toEqual({ error: 'BadRequest', message: `the body must be a JSON object: ${usage}` });
    expect(
      (await admin(emu, 'POST', '/_xacct/assume-role-as-service', { roleArn: 'arn:aws:iam::111111111111:role/r', service: 'codepipeline.amazonaws.com', sessionName: 5 })).body,
    ).toEqual({ error: 'BadRequest', message: `"sessionName" must be a string: ${usage}` });
    expect(
      (await admin(emu, 'POST', '/_xacct/assume-role-as-service', { roleArn: 'arn:aws:iam::111111111111:role/r', service: 'codepipeline.amazonaws.com', as: 'root' })).body,
    ).toEqual({ error: 'BadRequest', message: `the body has an unknown field "as" (expected "roleArn", "service", "sessionName"): ${usage}` });
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

  const user = { arn: 'arn:aws:iam::111111111111:user/u', type: 'User', account: '111111111111', username: 'u' };
  const check = { action: 'iam:PassRole', resource: '*' };
  const policies = 'must be a list of {"name": string, "document": string or object}';
  it.each([
    [
      'an unknown service name',
      { principal: user, check, service: 'not-a-service' },
      `"service" must be one of ${Object.keys(SERVICE_LOADERS).map((n) => `"${n}"`).join(', ')}: the service whose words the denial takes`,
    ],
    ['a principal that is not an object', { principal: 'arn:aws:iam::111111111111:root', check, service: 'iam' }, '"principal" must be a JSON object'],
    ['a principal that is a list', { principal: [user], check, service: 'iam' }, '"principal" must be a JSON object'],
    ['sessionPolicies that is not a list', { principal: { ...user, sessionPolicies: 'x' }, check, service: 'iam' }, `"principal.sessionPolicies" ${policies}`],
    ['sessionPolicies that is an object', { principal: { ...user, sessionPolicies: { name: 'p' } }, check, service: 'iam' }, `"principal.sessionPolicies" ${policies}`],
    ['a session policy without a document', { principal: { ...user, sessionPolicies: [{ name: 'p', document: 5 }] }, check, service: 'iam' }, '"principal.sessionPolicies[0].document" must be a policy document (string or object)'],
    ['a session policy that is not an object', { principal: { ...user, sessionPolicies: [null] }, check, service: 'iam' }, '"principal.sessionPolicies[0]" must be a JSON object'],
    ['an unknown principal type', { principal: { ...user, type: 'God' }, check, service: 'iam' }, '"principal.type" must be one of Account, User, AssumedRole, FederatedUser, Service, Anonymous'],
    ['a principal without an ARN', { principal: { type: 'User' }, check, service: 'iam' }, '"principal.arn" must be a non-empty string'],
    ['an account that is not 12 digits', { principal: { ...user, account: 'abc' }, check, service: 'iam' }, '"principal.account" must be a 12-digit account id'],
    ['a user name that is not a string', { principal: { ...user, username: 7 }, check, service: 'iam' }, '"principal.username" must be a non-empty string'],
    ['an unknown principal field', { principal: { ...user, admin: true }, check, service: 'iam' }, expect.stringMatching(/^"principal" has an unknown field "admin" \(expected "arn", /)],
    ['no check', { principal: user, service: 'iam' }, '"check" must be a JSON object'],
    ['an action that is not service:Action', { principal: user, check: { action: 'PassRole', resource: '*' }, service: 'iam' }, '"check.action" must be an action such as iam:PassRole, got "PassRole"'],
    ['a resource that is not a string', { principal: user, check: { action: 'iam:PassRole', resource: ['*'] }, service: 'iam' }, '"check.resource" must be a non-empty string'],
    ['a context that is a list', { principal: user, check: { ...check, context: ['x'] }, service: 'iam' }, '"check.context" must be an object of condition keys to a string or a list of strings'],
    ['a context value that is a number', { principal: user, check: { ...check, context: { 'aws:SourceIp': 1 } }, service: 'iam' }, '"check.context.aws:SourceIp" must be a string or a list of strings'],
    ['a context list with a number', { principal: user, check: { ...check, context: { 'aws:SourceIp': ['1.2.3.4', 5] } }, service: 'iam' }, '"check.context.aws:SourceIp" must be a string or a list of strings'],
    ['trustOf that is not a string', { principal: user, check: { ...check, trustOf: 5 }, service: 'iam' }, '"check.trustOf" must be a non-empty string'],
    ['a body that is a list', [1], 'the body must be a JSON object'],
    ['a body that is null', null, 'the body must be a JSON object'],
    ['no body', undefined, 'the body must be a JSON object'],
    ['an unknown field', { principal: user, check, service: 'iam', extra: 1 }, 'the body has an unknown field "extra" (expected "principal", "check", "service")'],
  ])('answers 400 naming the field, never 500, for %s', async (_name, body, message) => {
    await using emu = await startEmulator();
    expect(await admin(emu, 'POST', '/_xacct/decide', body)).toEqual({ status: 400, headers: { 'content-type': 'application/json' }, body: { error: 'BadRequest', message } });
  });

  it('refuses prototype names in the body and in the context (JSON keeps "__proto__" as an own field)', async () => {
    await using emu = await startEmulator();
    const raw = (context: string) =>
      `{"principal": {"arn": "arn:aws:iam::111111111111:user/u", "type": "User"}, "check": {"action": "iam:PassRole", "resource": "*", "context": ${context}}, "service": "iam"}`;
    expect((await admin(emu, 'POST', '/_xacct/decide', raw('{"__proto__": {"x": "y"}}'))).body).toEqual({ error: 'BadRequest', message: '"check.context" cannot name the key "__proto__"' });
    expect((await admin(emu, 'POST', '/_xacct/decide', raw('{"constructor": "y"}'))).body).toEqual({ error: 'BadRequest', message: '"check.context" cannot name the key "constructor"' });
    expect((await admin(emu, 'POST', '/_xacct/decide', '{"__proto__": {"principal": 1}}')).body.message).toMatch(/^the body has an unknown field "__proto__"/);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
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
