/**
 * `xacct serve` end to end, as a separate process: the ready line and export lines (issue 2, item 7), the default
 * accounts, `--accounts`, `--https-port` with a CA file clients can trust (aws:SecureTransport true over HTTPS),
 * the /_xacct/health and /_xacct/reset admin endpoints (reset needs the admin token the server prints), the warning
 * when bound to a non-loopback address (every account's keys are public), a clean stop on SIGINT, SIGTERM and SIGHUP
 * or when its parent dies (issue 21), and one-line usage errors naming the flag at fault (a busy --https-port too).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { Agent } from 'node:https';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsError } from '../harness/testing/errors.js';
import { aws } from './helpers/aws-cli.js';
import { REPO, runXacct, startServe, type ServeProcess } from './helpers/serve-process.js';

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

/** Whether process `pid` is still running (a zombie waiting for its new parent to reap it has exited). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function occupiedPort(): Promise<{ port: number; close(): void }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() }));
  });
}

async function freePort(): Promise<number> {
  const taken = await occupiedPort();
  taken.close();
  return taken.port;
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

  it('reports in health the endpoints it actually serves (the ports chosen for --port 0 and --https-port 0)', async () => {
    const body = (await (await fetch(`${serve.endpoint}/_xacct/health`)).json()) as { endpoint: string; https: { endpoint: string } };
    expect(body.endpoint).toBe(serve.endpoint);
    expect(body.https.endpoint).toBe(serve.httpsEndpoint);
    expect(new URL(body.endpoint).port).not.toBe('4566');
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

/** A user of `account` with no policy, and the request id of its iam:ListRoles that IAM refuses. */
async function deniedListRoles(endpoint: string, account: string, user: string): Promise<string> {
  const iam = new IAMClient(root(endpoint, account));
  await iam.send(new CreateUserCommand({ UserName: user }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
  const creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  const failure = (await new IAMClient({ ...root(endpoint, account), credentials: creds }).send(new ListRolesCommand({})).catch((e: unknown) => e)) as {
    name: string;
    $metadata: { requestId: string };
  };
  expect(failure.name).toBe('AccessDenied');
  return failure.$metadata.requestId;
}

describe('xacct serve and denials (issue 21: the AWS CLI shows no request id without --debug)', () => {
  it('logs each denial as one line on stderr, and GET /_xacct/denials lists it for the token holder', async () => {
    const serve = await startServe(['--port', '0'], 2);
    try {
      const requestId = await deniedListRoles(serve.endpoint, PIPELINE, 'on-call');
      const why = `No identity-based policy of arn:aws:iam::${PIPELINE}:user/on-call allows iam:ListRoles on arn:aws:iam::${PIPELINE}:role/.`;
      await vi.waitFor(() => expect(serve.stderr()).not.toBe(''));
      expect(serve.stderr()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
      const time = serve.stderr().split(' ')[0];
      expect(serve.stderr()).toBe(`${time} denied ${requestId} arn:aws:iam::${PIPELINE}:user/on-call iam:ListRoles arn:aws:iam::${PIPELINE}:role/: ${why}\n`);

      const res = await fetch(`${serve.endpoint}/_xacct/denials`, { headers: { 'x-xacct-admin-token': serve.adminToken } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        denials: [
          {
            requestId,
            time,
            service: 'iam',
            caller: `arn:aws:iam::${PIPELINE}:user/on-call`,
            action: 'iam:ListRoles',
            resource: `arn:aws:iam::${PIPELINE}:role/`,
            decision: 'implicitDeny',
            explanation: why,
            fix: expect.any(String),
          },
        ],
      });
    } finally {
      await serve.stop();
    }
  });

  it('gives the AWS CLI user the request id its error hides, and /_xacct/explain/<id> answers for it', async () => {
    const serve = await startServe(['--port', '0'], 2);
    try {
      const iam = new IAMClient(root(serve.endpoint, TARGET));
      await iam.send(new CreateUserCommand({ UserName: 'cli-user' }));
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'cli-user' }));
      const cli = await aws(serve.endpoint, { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }, ['iam', 'list-roles']);
      expect(cli.code).toBe(254);
      expect(cli.stderr.trim()).toBe(
        `An error occurred (AccessDenied) when calling the ListRoles operation (reached max retries: 0): User: arn:aws:iam::${TARGET}:user/cli-user is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${TARGET}:role/ because no identity-based policy allows the iam:ListRoles action`,
      );
      await vi.waitFor(() => expect(serve.stderr()).toContain(' denied '));
      const requestId = / denied (\S+) /.exec(serve.stderr())![1]!;
      expect(cli.stdout + cli.stderr).not.toContain(requestId);
      const explained = await fetch(`${serve.endpoint}/_xacct/explain/${requestId}`, { headers: { 'x-xacct-admin-token': serve.adminToken } });
      expect(explained.status).toBe(200);
      expect(((await explained.json()) as { request: { principal: { arn: string } } }).request.principal.arn).toBe(`arn:aws:iam::${TARGET}:user/cli-user`);
    } finally {
      await serve.stop();
    }
  });

  it('logs nothing with --quiet', async () => {
    const serve = await startServe(['--port', '0', '--quiet'], 2);
    try {
      const requestId = await deniedListRoles(serve.endpoint, TARGET, 'quiet');
      const listed = (await (await fetch(`${serve.endpoint}/_xacct/denials`, { headers: { 'x-xacct-admin-token': serve.adminToken } })).json()) as { denials: Array<{ requestId: string }> };
      expect(listed.denials.map((d) => d.requestId)).toEqual([requestId]);
      expect(await serve.stop()).toBe(0);
      expect(serve.stderr()).toBe('xacct stopped\n');
    } finally {
      await serve.stop();
    }
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

  it.each(['SIGTERM', 'SIGHUP'] as const)('stops cleanly with exit 0 on %s', async (signal) => {
    const serve = await startServe(['--port', '0'], 2);
    const exited = new Promise<number | null>((resolve) => serve.child.on('exit', (code) => resolve(code)));
    serve.child.kill(signal);
    expect(await exited).toBe(0);
    expect(serve.stderr()).toBe('xacct stopped\n');
    await expect(fetch(`${serve.endpoint}/_xacct/health`)).rejects.toThrow();
  });

  it('exits when its parent dies without passing a signal on (as `npx xacct serve` does when npm is sent SIGTERM)', async () => {
    // A shell that starts the server in the background and waits stands for npm exec's shell; SIGTERM ends the shell
    // and leaves the server an orphan. The wait is bounded: the server polls for its parent every 500 ms.
    const shell = spawn('sh', ['-c', `"${process.execPath}" bin/xacct.js serve --port 0 & echo "pid $!"; wait`], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    shell.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await vi.waitFor(() => expect(out).toMatch(/^export XACCT_ADMIN_TOKEN=/m), { timeout: 20_000, interval: 100 });
    const pid = Number(/^pid (\d+)$/m.exec(out)![1]);
    const endpoint = /^xacct ready (\S+)$/m.exec(out)![1]!;
    expect((await fetch(`${endpoint}/_xacct/health`)).status).toBe(200);
    shell.kill('SIGTERM');
    await vi.waitFor(() => expect(running(pid)).toBe(false), { timeout: 5_000, interval: 100 });
    await expect(fetch(`${endpoint}/_xacct/health`)).rejects.toThrow();
  });

  it('refuses an HTTPS port that is in use naming --https-port, prints no ready line, and does not keep running', async () => {
    const busy = await occupiedPort();
    try {
      const free = await freePort();
      // runXacct fails the test if the process is still running after 20 s.
      const r = await runXacct(['serve', '--port', String(free), '--https-port', String(busy.port)]);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `xacct: port already in use (listen EADDRINUSE: address already in use 127.0.0.1:${busy.port}); pick another with --https-port\n`,
      });
    } finally {
      busy.close();
    }
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
