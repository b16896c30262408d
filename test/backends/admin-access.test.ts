/**
 * Who may reach xacct's admin endpoints (xacct's own, not AWS; issue 13 item 4), over a real HTTP server so Host
 * and Origin are what a client sends. Health is open; every other endpoint answers only requests addressed to this
 * server (Host), not sent by a page of another origin (Origin), with a JSON body (a page may POST text/plain and
 * forms cross-origin without a preflight: https://fetch.spec.whatwg.org/#cors-safelisted-request-header), from the
 * admin token holder or a request SigV4-signed (service "xacct", by @smithy/signature-v4 as the SDKs sign) by an
 * account root. An explanation answers the account that made the denied request, and is unknown (404) to others.
 * These are xacct's documented answers (README, "Admin endpoints"), not AWS wording.
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../harness/index.js';
import { baseRequest, send, signer, type SignerCredentials } from '../helpers/signed-request.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const root = (account: string): SignerCredentials => ({ accessKeyId: account, secretAccessKey: 'test' });
const json = { 'content-type': 'application/json' };
const HOW =
  'send the admin token that xacct serve prints (header x-xacct-admin-token: $XACCT_ADMIN_TOKEN), or sign the request with SigV4 (service "xacct") as an account root of this server';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ transport: 'http' });
});
afterAll(async () => {
  await emu.dispose();
});

interface Init {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function call(init: Init): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  const res = await send(emu, 'http', baseRequest(emu, init));
  return { status: res.status, headers: res.headers, body: JSON.parse(res.body) };
}

async function signedBy(creds: SignerCredentials, init: Init, service = 'xacct') {
  const signed = await signer(creds, service).sign(baseRequest(emu, init));
  const res = await send(emu, 'http', signed);
  return { status: res.status, body: JSON.parse(res.body) };
}

const withToken = (init: Init): Init => ({ ...init, headers: { 'x-xacct-admin-token': emu.adminToken, ...init.headers } });
const reset: Init = { method: 'POST', path: '/_xacct/reset', headers: json, body: '{}' };

async function userKeys(account: string, name: string): Promise<SignerCredentials> {
  const iam = new IAMClient(emu.clientConfig(account));
  await iam.send(new CreateUserCommand({ UserName: name }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

describe('GET /_xacct/health', () => {
  it('is open, and shows only the accounts, region, services and endpoint', async () => {
    const res = await call({ method: 'GET', path: '/_xacct/health' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['accounts', 'endpoint', 'region', 'server', 'services', 'status']);
    expect(res.body.accounts).toEqual([
      { name: 'pipeline', id: PIPELINE },
      { name: 'target', id: TARGET },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(emu.adminToken);
  });
});

describe('credentials', () => {
  it('without the token or a signature: 401, saying what to send, and the world is untouched', async () => {
    const user = await userKeys(PIPELINE, 'kept-without-credentials');
    expect(await call(reset)).toMatchObject({ status: 401, body: { error: 'Unauthorized', message: `POST /_xacct/reset needs credentials: ${HOW}` } });
    expect(await call({ method: 'GET', path: '/_xacct/explain/any' })).toMatchObject({
      status: 401,
      body: { error: 'Unauthorized', message: `GET /_xacct/explain/any needs credentials: ${HOW}` },
    });
    expect((await signedBy(user, { method: 'POST', path: '/_xacct/snapshot', headers: json, body: '{}' })).status).toBe(403);
  });

  it('with a wrong token: 403', async () => {
    expect(await call({ ...reset, headers: { ...json, 'x-xacct-admin-token': 'guess' } })).toMatchObject({
      status: 403,
      body: { error: 'Forbidden', message: "the x-xacct-admin-token header is not this server's admin token" },
    });
    expect((await call({ ...reset, headers: { ...json, 'x-xacct-admin-token': `${emu.adminToken}x` } })).status).toBe(403);
  });

  it('with the token: answers', async () => {
    expect(await call(withToken(reset))).toMatchObject({ status: 200, body: { status: 'reset' } });
  });

  it('signed by an account root for the service "xacct": answers', async () => {
    expect(await signedBy(root(TARGET), { method: 'POST', path: '/_xacct/snapshot', headers: json, body: '{}' })).toMatchObject({
      status: 200,
      body: { id: expect.stringMatching(/^snapshot-\d+$/) },
    });
  });

  it('signed by an IAM user (not a root): 403, and the reset does not happen', async () => {
    const user = await userKeys(PIPELINE, 'not-root');
    expect(await signedBy(user, reset)).toEqual({
      status: 403,
      body: {
        error: 'Forbidden',
        message: `arn:aws:iam::${PIPELINE}:user/not-root is not an account root: POST /_xacct/reset answers only the admin token holder or an account root of this server`,
      },
    });
    expect((await new IAMClient(emu.clientConfig(PIPELINE)).send(new CreateAccessKeyCommand({ UserName: 'not-root' }))).AccessKey?.UserName).toBe('not-root');
  });

  it('signed by a root for another service, by an unknown account, or with a wrong secret: 403', async () => {
    expect(await signedBy(root(PIPELINE), reset, 'sts')).toEqual({
      status: 403,
      body: { error: 'Forbidden', message: 'the request is signed for the service "sts": admin requests are signed for "xacct"' },
    });
    expect(await signedBy(root('999999999999'), reset)).toEqual({
      status: 403,
      body: { error: 'Forbidden', message: 'the access key 999999999999 is not known to this server' },
    });
    expect(await signedBy({ accessKeyId: PIPELINE, secretAccessKey: 'not-test' }, reset)).toEqual({
      status: 403,
      body: { error: 'Forbidden', message: 'the request signature does not match the signature computed with the key of the access key id given' },
    });
  });

  it('signed by a root, with an x-amz-* header added after signing: 403', async () => {
    const signed = await signer(root(PIPELINE), 'xacct').sign(baseRequest(emu, reset));
    signed.headers['x-amz-meta-added'] = '1';
    const res = await send(emu, 'http', signed);
    expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({ status: 403, body: { error: 'Forbidden', message: 'headers present but not signed: x-amz-meta-added' } });
  });
});

describe('where the request comes from', () => {
  const port = () => new URL(emu.endpoint).port;

  it('refuses a Host that is not this server (a rebound DNS name, another port), even with the token or signed', async () => {
    const message = (host: string) =>
      `Host "${host}" is not an address this server serves (${emu.endpoint} or a loopback name with its port); /_xacct/ refuses requests addressed to other names, as a page rebinding its own name to this address sends. Start xacct serve with --allow-host <name> to allow a name of your own`;
    for (const host of [`attacker.example:${port()}`, `localhost:${Number(port()) + 1}`, `localhost.attacker.example:${port()}`, `attacker.localhost:${port()}`, 'x y']) {
      expect(await call(withToken({ ...reset, headers: { ...json, host } }))).toEqual({
        status: 403,
        headers: expect.anything(),
        body: { error: 'ForbiddenHost', message: message(host) },
      });
    }
    expect((await signedBy(root(PIPELINE), { ...reset, headers: { ...json, host: `attacker.example:${port()}` } })).body.error).toBe('ForbiddenHost');
  });

  it('takes loopback names and addresses with the served port', async () => {
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `127.1.2.3:${port()}`, `[::1]:${port()}`]) {
      expect((await call(withToken({ ...reset, headers: { ...json, host } }))).status, host).toBe(200);
    }
  });

  it("refuses an Origin other than the server's own, even with the token", async () => {
    expect(await call(withToken({ ...reset, headers: { ...json, origin: 'https://attacker.example' } }))).toMatchObject({
      status: 403,
      body: { error: 'ForbiddenOrigin', message: `Origin "https://attacker.example" is not this server's origin: /_xacct/ does not answer requests sent by web pages of other origins` },
    });
    expect((await call(withToken({ ...reset, headers: { ...json, origin: 'null' } }))).body.error).toBe('ForbiddenOrigin');
    expect((await call(withToken({ ...reset, headers: { ...json, origin: `http://localhost:${Number(port()) + 1}` } }))).body.error).toBe('ForbiddenOrigin');
    expect((await call(withToken({ ...reset, headers: { ...json, origin: emu.endpoint } }))).status).toBe(200);
  });

  it('refuses a POST whose body is not declared JSON (text/plain, a form, none) with 415, even with the token', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(await call(withToken({ ...reset, headers: { 'content-type': type } }))).toMatchObject({
        status: 415,
        body: { error: 'UnsupportedMediaType', message: `POST /_xacct/reset takes a JSON body: send "content-type: application/json", not "${type.split(';')[0]}"` },
      });
    }
    expect((await call(withToken({ method: 'POST', path: '/_xacct/reset' }))).body.message).toBe('POST /_xacct/reset takes a JSON body: send "content-type: application/json"');
    expect((await call(withToken({ ...reset, headers: { 'content-type': 'application/json; charset=utf-8' } }))).status).toBe(200);
  });

  it('grants no CORS preflight', async () => {
    const res = await call({ method: 'OPTIONS', path: '/_xacct/reset', headers: { origin: emu.endpoint, 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(404);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('GET /_xacct/explain/<id>', () => {
  it('answers the account that made the denied request (its root or any principal) and the token holder; 404 to others', async () => {
    const denied = await userKeys(TARGET, 'denied');
    const other = await userKeys(TARGET, 'colleague');
    const failure = (await new IAMClient(emu.configFor(denied)).send(new ListRolesCommand({})).catch((e: unknown) => e)) as { name: string; $metadata: { requestId: string } };
    expect(failure.name).toBe('AccessDenied');
    const requestId = failure.$metadata.requestId;
    const path = `/_xacct/explain/${requestId}`;
    const unknown = { status: 404, body: { error: 'NotFound', message: `no denial recorded for request ${requestId} that this caller may see` } };

    expect(await signedBy(root(PIPELINE), { method: 'GET', path })).toEqual(unknown);
    expect((await signedBy(root(TARGET), { method: 'GET', path })).body.request.principal.arn).toBe(`arn:aws:iam::${TARGET}:user/denied`);
    expect((await signedBy(other, { method: 'GET', path })).status).toBe(200);
    expect((await signedBy(denied, { method: 'GET', path })).status).toBe(200);
    expect((await call(withToken({ method: 'GET', path }))).status).toBe(200);
  });

  it("answers a denial of an anonymous caller to the resource's account (the policy it shows is that account's)", async () => {
    const s3 = new S3Client(emu.clientConfig(PIPELINE));
    await s3.send(new CreateBucketCommand({ Bucket: 'private-to-pipeline' }));
    const res = await fetch(`${emu.endpoint}/private-to-pipeline/secret`);
    expect(res.status).toBe(403);
    const path = `/_xacct/explain/${res.headers.get('x-amz-request-id')}`;
    expect((await signedBy(root(PIPELINE), { method: 'GET', path })).body.request.principal).toEqual({ arn: '*', type: 'Anonymous' });
    expect((await signedBy(root(TARGET), { method: 'GET', path })).status).toBe(404);
  });

  it('answers a denied assume-role-as-service to the account that called it', async () => {
    const res = await signedBy(root(PIPELINE), {
      method: 'POST',
      path: '/_xacct/assume-role-as-service',
      headers: json,
      body: JSON.stringify({ roleArn: `arn:aws:iam::${TARGET}:role/none`, service: 'codepipeline.amazonaws.com' }),
    });
    expect(res.body.error.code).toBe('AccessDenied');
    const path = `/_xacct/explain/${res.body.error.requestId}`;
    expect((await signedBy(root(PIPELINE), { method: 'GET', path })).status).toBe(200);
    expect((await signedBy(root(TARGET), { method: 'GET', path })).status).toBe(404);
  });
});

describe('bodies', () => {
  /** Sends only the head of a request that declares `length` body bytes, and resolves with the answer. */
  function headOnly(headers: Record<string, string>, length: number): Promise<{ status: number; body: any }> {
    const url = new URL(emu.endpoint);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, method: 'POST', path: '/_xacct/reset', headers: { ...headers, 'content-length': String(length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
  }

  it('refuses a request without credentials from its head, without waiting for its body', async () => {
    expect(await headOnly({ ...json, host: new URL(emu.endpoint).host }, 64 * 1024 * 1024)).toEqual({
      status: 401,
      body: { error: 'Unauthorized', message: `POST /_xacct/reset needs credentials: ${HOW}` },
    });
  });

  it('refuses a body over 1 MiB before reading it, even from the token holder', async () => {
    expect(await headOnly({ ...json, host: new URL(emu.endpoint).host, 'x-xacct-admin-token': emu.adminToken }, 2 * 1024 * 1024)).toEqual({
      status: 413,
      body: { error: 'PayloadTooLarge', message: 'admin request bodies are at most 1048576 bytes' },
    });
  });
});
