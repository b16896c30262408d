/**
 * How the endpoint backend finds out what it talks to: a `xacct serve` that advertises HTTPS is reached over HTTPS
 * from its plain-HTTP URL; one that does not is used over plain HTTP, refusing with what to do only a setup whose
 * policies test aws:SecureTransport (issue 21); any other AWS-compatible endpoint (here an
 * emulator behind a proxy that hides /_xacct/, standing in for LocalStack or moto) is probed for IAM enforcement
 * (an AssumeRole against a trust policy naming another account, refused 403 AccessDenied as in errors.jsonl E048),
 * or taken at its word with enforcesIam: false, and refuses a second world since it cannot be reset. Admin requests
 * to xacct serve carry the admin token when given, and are otherwise signed as a root of an account the server holds
 * (the server refuses anything else: test/backends/admin-access.test.ts).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateUserCommand, ListRolesCommand, ListUsersCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { advertiseHttps } from '../../core/admin.js';
import { startEmulator, World, type RunningEmulator } from '../../index.js';
import { endpointBackend } from './endpoint.js';

/** Forwards everything but /_xacct/ to `target`, byte for byte, so SigV4 still verifies. */
async function hidingProxy(target: string): Promise<{ url: string; server: Server }> {
  const t = new URL(target);
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/_xacct/')) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchBucket</Code></Error>');
      return;
    }
    const upstream = request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('endpoint discovery', () => {
  it('reaches an xacct serve given by its HTTP URL over the HTTPS endpoint and CA its health advertises', async () => {
    await using emu = await startEmulator({ transport: 'http', httpsPort: 0 });
    advertiseHttps(emu.emulator, { endpoint: emu.httpsEndpoint!, caFile: emu.caFile! });
    const backend = await endpointBackend({ endpoint: emu.endpoint });
    try {
      expect(backend.target).toMatchObject({ kind: 'xacct', sdkEndpoint: emu.httpsEndpoint, insecureEndpoint: emu.endpoint, ca: readFileSync(emu.caFile!, 'utf8') });
      const world = await backend.newWorld([{ name: 'pipeline', id: '111111111111' }]);
      const secure = new STSClient(world.clientConfig('111111111111'));
      expect((await secure.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::111111111111:root');
      const insecure = world.configFor({ accessKeyId: '111111111111', secretAccessKey: 'test' }, { insecure: true });
      expect(insecure.endpoint).toBe(emu.endpoint);
      expect((await new STSClient(insecure).send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
      expect(await world.whoAmI(world.clientConfig('111111111111'))).toEqual({
        account: '111111111111',
        principal: { arn: 'arn:aws:iam::111111111111:root', type: 'Account', account: '111111111111', userId: '111111111111' },
      });
    } finally {
      await backend.close();
    }
  });

  it('uses an xacct serve without HTTPS over plain HTTP, and refuses there only a setup whose policies test aws:SecureTransport', async () => {
    await using emu = await startEmulator({ transport: 'http' });
    const backend = await endpointBackend({ endpoint: emu.endpoint });
    try {
      expect(backend.target).toMatchObject({ kind: 'xacct', sdkEndpoint: emu.endpoint, insecureEndpoint: emu.endpoint, plainHttpOnly: true });
      expect(backend.notes).toContain(
        'it serves no HTTPS that xacct can trust, so every request is plain HTTP (aws:SecureTransport false): a setup whose policies test aws:SecureTransport is refused',
      );
      const world = await backend.newWorld([{ name: 'pipeline', id: '111111111111' }]);
      expect((await new STSClient(world.clientConfig('111111111111')).send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::111111111111:root');

      const role = { resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' } } } };
      expect(backend.refuseSetup?.([role])).toBeUndefined();
      const tlsOnly = {
        resource: {
          aws_s3_bucket_policy: {
            p: {
              bucket: 'b',
              policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'AWS:SecureTransport': 'false' } } }] }),
            },
          },
        },
      };
      expect(backend.refuseSetup?.([role, tlsOnly])).toBe(
        `the setup's policies test aws:SecureTransport (the reference bucket policy refuses requests without TLS), and the xacct serve at ${emu.endpoint} serves no HTTPS that xacct can trust: ` +
          'start it with --https-port and pass its https URL with --endpoint-ca <its CA file> (both are printed by xacct serve)',
      );
    } finally {
      await backend.close();
    }
  });

  it('refuses no setup on an xacct serve reached over HTTPS', async () => {
    await using emu = await startEmulator({ transport: 'http', httpsPort: 0 });
    advertiseHttps(emu.emulator, { endpoint: emu.httpsEndpoint!, caFile: emu.caFile! });
    const backend = await endpointBackend({ endpoint: emu.endpoint });
    try {
      expect(backend.target.plainHttpOnly).toBeUndefined();
      expect(backend.refuseSetup?.([{ policy: 'aws:SecureTransport' }])).toBeUndefined();
    } finally {
      await backend.close();
    }
  });
});

describe('admin requests to xacct serve', () => {
  const denyingUser = async (emu: RunningEmulator, account: string) => {
    const iam = new IAMClient(emu.clientConfig(account));
    await iam.send(new CreateUserCommand({ UserName: 'denied' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'denied' }));
    const failure = (await new IAMClient(emu.configFor({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }))
      .send(new ListRolesCommand({}))
      .catch((e: unknown) => e)) as { $metadata: { requestId: string } };
    return failure.$metadata.requestId;
  };

  it('without a token: signed as an account root, explanations asked as each account in turn, accounts re-read when reset by someone else', async () => {
    await using emu = await startEmulator({ transport: 'http', httpsPort: 0 });
    const backend = await endpointBackend({ endpoint: emu.endpoint, adminToken: undefined });
    try {
      expect(backend.target.admin).toEqual({ token: undefined, accounts: ['111111111111', '222222222222'] });
      const world = await backend.newWorld([
        { name: 'a', id: '333333333333' },
        { name: 'b', id: '444444444444' },
      ]);
      expect(backend.target.admin?.accounts).toEqual(['333333333333', '444444444444']);
      const requestId = await denyingUser(emu, '444444444444');
      expect((await world.explain(requestId))?.explanation).toMatch(/^No identity-based policy of arn:aws:iam::444444444444:user\/denied /);
      expect(await world.explain('unknown')).toBeUndefined();

      emu.emulator.world = new World([{ name: 'c', id: '555555555555' }], 'us-east-1');
      await backend.newWorld([{ name: 'a', id: '333333333333' }]);
      expect(backend.target.admin?.accounts).toEqual(['333333333333']);
    } finally {
      await backend.close();
    }
  });

  it("with the server's token: sends it; with another token: the server's refusal is the error", async () => {
    await using emu = await startEmulator({ transport: 'http', httpsPort: 0 });
    const backend = await endpointBackend({ endpoint: emu.endpoint, adminToken: emu.adminToken });
    try {
      const world = await backend.newWorld([{ name: 'a', id: '333333333333' }]);
      const requestId = await denyingUser(emu, '333333333333');
      expect((await world.explain(requestId))?.explanation).toMatch(/^No identity-based policy of arn:aws:iam::333333333333:user\/denied /);
    } finally {
      await backend.close();
    }
    const wrong = await endpointBackend({ endpoint: emu.endpoint, adminToken: 'not-the-token' });
    try {
      await expect(wrong.newWorld([{ name: 'a', id: '333333333333' }])).rejects.toThrow(
        'POST /_xacct/reset failed (403): {"error":"Forbidden","message":"the x-xacct-admin-token header is not this server\'s admin token"}',
      );
    } finally {
      await wrong.close();
    }
  });
});

describe('another AWS-compatible endpoint', () => {
  it('is probed for IAM enforcement, leaves nothing behind, and cannot give a second world', async () => {
    await using emu = await startEmulator({
      transport: 'http',
      accounts: [
        { name: 'a', id: '111111111111' },
        { name: 'b', id: '222222222222' },
        { name: 'c', id: '333333333333' },
      ],
    });
    const proxy = await hidingProxy(emu.endpoint);
    try {
      const backend = await endpointBackend({ endpoint: proxy.url });
      expect(backend.target).toMatchObject({ kind: 'aws-compatible', sdkEndpoint: proxy.url });
      expect(backend.capabilities).toEqual({ enforcesIam: true, cloudformation: true, codepipelineExecutions: false, runsBuilds: false, eventDeliveries: false });
      expect(backend.notes[0]).toMatch(
        /^IAM enforcement probed: AssumeRole against a trust policy naming another account was refused: User: arn:aws:iam::111111111111:user\/xacct-probe-[0-9a-f]{8} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/xacct-probe-[0-9a-f]{8}$/,
      );
      expect((await new IAMClient(emu.clientConfig('222222222222')).send(new ListRolesCommand({}))).Roles).toEqual([]);
      expect((await new IAMClient(emu.clientConfig('111111111111')).send(new ListUsersCommand({}))).Users).toEqual([]);
      const world = await backend.newWorld([]);
      expect(world.has('cloudformation')).toBe(true);
      expect(await world.explain('any')).toBeUndefined();
      await expect(backend.newWorld([])).rejects.toThrow(
        `${proxy.url} cannot be reset between scenarios and still holds the previous scenario's roles, keys and buckets; run one scenario per fresh endpoint (or use --backend localstack, which starts a fresh container per scenario)`,
      );
      await backend.close();
    } finally {
      proxy.server.close();
    }
  });

  it('takes a declared enforcesIam: false at its word, without probing', async () => {
    await using emu = await startEmulator({ transport: 'http' });
    const proxy = await hidingProxy(emu.endpoint);
    try {
      const backend = await endpointBackend({ endpoint: proxy.url, enforcesIam: false });
      expect(backend.capabilities.enforcesIam).toBe(false);
      expect(backend.notes.some((n) => n.startsWith('IAM enforcement probed'))).toBe(false);
      await backend.close();
    } finally {
      proxy.server.close();
    }
  });
});
