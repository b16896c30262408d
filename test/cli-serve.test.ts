/**
 * `xacct serve` end to end, as a separate process: the ready line and export lines (issue 2, item 7), the default
 * accounts, `--accounts`, `--https-port` with a CA file clients can trust (aws:SecureTransport true over HTTPS),
 * the /_xacct/health and /_xacct/reset admin endpoints (reset needs the admin token the server prints), the warning
 * when bound to a non-loopback address (every account's keys are public), a clean stop on SIGINT, and one-line usage
 * errors.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent } from 'node:https';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsError } from '../harness/testing/errors.js';
import { runXacct, startServe, type ServeProcess } from './helpers/serve-process.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';

const root = (endpoint: string, account: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: account, secretAccessKey: 'test' },
  maxAttempts: 1,
});

/** A POST with the admin token and a Host of our choosing (fetch would replace the Host header). */
function adminPost(endpoint: string, path: string, host: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, endpoint);
    const req = httpRequest({ host: '127.0.0.1', port: u.port, path: u.pathname, method: 'POST', headers: { host, 'content-type': 'application/json', 'x-xacct-admin-token': token } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: PIPELINE }, Action: 'sts:AssumeRole' }] });

describe('xacct serve with defaults', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--https-port', '0'], 2);
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('prints the ready line first, then the export lines of pipeline=111111111111 and target=222222222222', () => {
    expect(serve.lines[0]).toMatch(/^xacct ready http:\/\/127\.0\.0\.1:\d+$/);
    const exports = serve.lines.filter((l) => l.startsWith('export '));
    expect(exports).toEqual([
      `export AWS_ACCESS_KEY_ID=${PIPELINE} AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=${serve.endpoint}`,
      `export AWS_ACCESS_KEY_ID=${TARGET} AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=${serve.endpoint}`,
      `export XACCT_ADMIN_TOKEN=${serve.adminToken}`,
    ]);
    expect(serve.adminToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(serve.lines).toContain('# admin token for /_xacct/ (header x-xacct-admin-token; account roots may sign admin requests instead):');
    expect(serve.stderr()).toBe('');
    expect(serve.lines).toContain(`# account pipeline (${PIPELINE})`);
    expect(serve.lines).toContain(`# account target (${TARGET})`);
  });

  it('answers GET /_xacct/health with 200 and the accounts', async () => {
    const res = await fetch(`${serve.endpoint}/_xacct/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { status: string; accounts: unknown };
    expect(body.status).toBe('ok');
    expect(body.accounts).toEqual([
      { name: 'pipeline', id: PIPELINE },
      { name: 'target', id: TARGET },
    ]);
  });

  it('serves the SDK as each account root over HTTP', async () => {
    for (const account of [PIPELINE, TARGET]) {
      const id = await new STSClient(root(serve.endpoint, account)).send(new GetCallerIdentityCommand({}));
      expect(id).toMatchObject({ Account: account, Arn: `arn:aws:iam::${account}:root`, UserId: account });
    }
  });

  it('serves HTTPS with the printed CA file, and aws:SecureTransport is true only there', async () => {
    expect(serve.httpsEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(serve.caFile!, 'utf8');
    expect(ca).toContain('BEGIN CERTIFICATE');
    const httpsAgent = new Agent({ ca });
    const overHttps = (creds: { accessKeyId: string; secretAccessKey: string }) =>
      new IAMClient({ endpoint: serve.httpsEndpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1, requestHandler: { httpsAgent } });

    const admin = overHttps({ accessKeyId: PIPELINE, secretAccessKey: 'test' });
    await admin.send(new CreateUserCommand({ UserName: 'tls-only' }));
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'tls-only',
        PolicyName: 'secure',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
        }),
      }),
    );
    const key = await admin.send(new CreateAccessKeyCommand({ UserName: 'tls-only' }));
    const creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };

    const listed = await overHttps(creds).send(new ListRolesCommand({}));
    expect(listed.Roles).toEqual([]);

    const overHttp = new IAMClient({ ...root(serve.endpoint, PIPELINE), credentials: creds });
    expect(await awsError(overHttp.send(new ListRolesCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${PIPELINE}:user/tls-only is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${PIPELINE}:role/ because no identity-based policy allows the iam:ListRoles action`,
    });
  });

  it('resets to a fresh world on POST /_xacct/reset', async () => {
    const iam = new IAMClient(root(serve.endpoint, TARGET));
    await iam.send(new CreateRoleCommand({ RoleName: 'before-reset', AssumeRolePolicyDocument: trust }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'before-reset' }))).Role?.RoleName).toBe('before-reset');

    const refused = await fetch(`${serve.endpoint}/_xacct/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(401);
    expect((await refused.json()) as unknown).toMatchObject({ error: 'Unauthorized' });
    expect((await iam.send(new GetRoleCommand({ RoleName: 'before-reset' }))).Role?.RoleName).toBe('before-reset');

    const res = await fetch(`${serve.endpoint}/_xacct/reset`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xacct-admin-token': serve.adminToken } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'reset', accounts: [{ name: 'pipeline', id: PIPELINE }, { name: 'target', id: TARGET }] });

    expect(await awsError(iam.send(new GetRoleCommand({ RoleName: 'before-reset' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role with name before-reset cannot be found.',
    });
  });

  it('answers an unknown admin path with a JSON 404 instead of an AWS error', async () => {
    const res = await fetch(`${serve.endpoint}/_xacct/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('NotFound');
  });
});

describe('xacct serve lifecycle and flags', () => {
  it('takes --accounts and stops cleanly with exit 0 on SIGINT', async () => {
    const serve = await startServe(['--port', '0', '--accounts', 'a=333333333333,b=444444444444'], 2);
    const exports = serve.lines.filter((l) => l.startsWith('export AWS_'));
    expect(exports.map((l) => /AWS_ACCESS_KEY_ID=(\d+)/.exec(l)![1])).toEqual(['333333333333', '444444444444']);
    const health = (await (await fetch(`${serve.endpoint}/_xacct/health`)).json()) as { accounts: unknown };
    expect(health.accounts).toEqual([
      { name: 'a', id: '333333333333' },
      { name: 'b', id: '444444444444' },
    ]);
    const id = await new STSClient(root(serve.endpoint, '444444444444')).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe('arn:aws:iam::444444444444:root');
    // The default accounts are not there when --accounts names others.
    expect(await awsError(new STSClient(root(serve.endpoint, PIPELINE)).send(new GetCallerIdentityCommand({})))).toEqual({
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid',
    });
    expect(await serve.stop()).toBe(0);
    expect(serve.stderr()).toBe('xacct stopped\n');
    await expect(fetch(`${serve.endpoint}/_xacct/health`)).rejects.toThrow();
  });

  it('warns on stderr that every account is public when bound to a non-loopback address; --public makes it a note', async () => {
    const open = await startServe(['--host', '0.0.0.0', '--port', '0'], 2);
    try {
      expect(open.lines[0]).toMatch(/^xacct ready http:\/\/0\.0\.0\.0:\d+$/);
      await vi.waitFor(() => expect(open.stderr()).not.toBe(''));
      expect(open.stderr()).toBe(
        'xacct: warning: serving on 0.0.0.0, which is not a loopback address: every account\'s keys are public (access key = account id, secret "test"), so anyone who can reach this address can act as any account. Bind 127.0.0.1 unless that is what you want (--public says so and keeps this to one note)\n',
      );
      // Bound to every interface, a loopback name with the port still reaches the admin endpoints; a foreign name does not.
      const port = new URL(open.endpoint).port;
      expect(await adminPost(open.endpoint, '/_xacct/reset', `localhost:${port}`, open.adminToken)).toBe(200);
      expect(await adminPost(open.endpoint, '/_xacct/reset', `attacker.example:${port}`, open.adminToken)).toBe(403);
    } finally {
      await open.stop();
    }
    const deliberate = await startServe(['--host', '0.0.0.0', '--port', '0', '--public'], 2);
    try {
      await vi.waitFor(() => expect(deliberate.stderr()).not.toBe(''));
      expect(deliberate.stderr()).toBe("xacct: serving on 0.0.0.0 on purpose (--public): every account's keys are public to whoever can reach it\n");
    } finally {
      await deliberate.stop();
    }
  });

  it('--allow-host lets admin requests name another host', async () => {
    const serve = await startServe(['--port', '0', '--allow-host', 'xacct,Host.Docker.Internal'], 2);
    try {
      const port = new URL(serve.endpoint).port;
      const snapshot = (host: string) => adminPost(serve.endpoint, '/_xacct/snapshot', host, serve.adminToken);
      expect(await snapshot(`xacct:${port}`)).toBe(200);
      expect(await snapshot('host.docker.internal')).toBe(200);
      expect(await snapshot(`other:${port}`)).toBe(403);
    } finally {
      await serve.stop();
    }
  });

  it.each([
    [['--allow-host', 'a b'], 'xacct: --allow-host: "a b" is not a host name (expected e.g. xacct,host.docker.internal)'],
    [['--port', 'abc'], 'xacct: --port must be a port number from 0 to 65535, got "abc"'],
    [['--port', '70000'], 'xacct: --port must be a port number from 0 to 65535, got "70000"'],
    [['--https-port', '-1'], 'xacct: --https-port must be a port number from 0 to 65535, got "-1"'],
    [['--accounts', 'x'], 'xacct: --accounts: expected name=id, got "x" (expected e.g. pipeline=111111111111,target=222222222222)'],
    [['--accounts', 'a=123'], 'xacct: --accounts: account id for a must be 12 digits, got "123" (expected e.g. pipeline=111111111111,target=222222222222)'],
    [['--region', 'mars'], 'xacct: --region: "mars" is not a region name like us-east-1'],
  ])('refuses %j with one line on stderr and exit 2', async (args, message) => {
    const r = await runXacct(['serve', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('refuses a port that is already in use with one line and exit 2', async () => {
    const serve = await startServe(['--port', '0'], 2);
    try {
      const port = new URL(serve.endpoint).port;
      const r = await runXacct(['serve', '--port', port]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(/^xacct: port already in use \(.*EADDRINUSE.*\); pick another with --port\n$/);
    } finally {
      await serve.stop();
    }
  });
});
