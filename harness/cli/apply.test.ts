/**
 * `xacct apply`: applies synthesized JSON to a running emulator over HTTP, prints the resolved attributes, and
 * fails with one clear line (no stack trace) on bad input, creating nothing: also when the setup names an account the
 * server does not hold (issue 21; it used to fail half-way with InvalidClientTokenId).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetRoleCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startEmulator, type RunningEmulator } from '../index.js';
import { applyCommand } from './apply.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
};

const dirWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-apply-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const provider = { aws: { region: 'us-east-1', access_key: '222222222222', secret_key: 'test' } };

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ transport: 'http' });
});
afterAll(async () => {
  await emu.dispose();
});

describe('applyCommand', () => {
  it('applies *.tf.json files of a directory as one configuration and prints the ARNs', async () => {
    const dir = dirWith({
      'providers.tf.json': JSON.stringify({ provider }),
      'main.tf.json': JSON.stringify({
        data: { aws_iam_policy_document: { trust: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['cloudformation.amazonaws.com'] }] }] } } },
        resource: { aws_iam_role: { deploy: { name: 'cloudformation-deploy-role', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } } },
        output: { arn: { value: '${aws_iam_role.deploy.arn}' } },
      }),
    });
    const c = capture();
    expect(await applyCommand(dir, { endpoint: emu.endpoint }, c.io)).toBe(0);
    expect(c.out).toEqual([
      'aws_iam_role.deploy [222222222222] arn=arn:aws:iam::222222222222:role/cloudformation-deploy-role id=cloudformation-deploy-role name=cloudformation-deploy-role',
      'output arn = "arn:aws:iam::222222222222:role/cloudformation-deploy-role"',
    ]);
    expect(c.err.at(-1)).toBe('apply complete: 1 resources created');
    const role = await new IAMClient(emu.clientConfig('222222222222')).send(new GetRoleCommand({ RoleName: 'cloudformation-deploy-role' }));
    expect(role.Role?.Arn).toBe('arn:aws:iam::222222222222:role/cloudformation-deploy-role');
  });

  it('a missing directory is a one-line error, exit 2', async () => {
    const c = capture();
    expect(await applyCommand('/nonexistent/cdktf.out', { endpoint: emu.endpoint }, c.io)).toBe(2);
    expect(c.err).toEqual(['xacct apply: /nonexistent/cdktf.out does not exist (run `xacct synth` first, or pass a directory with *.tf.json files)']);
  });

  it('invalid JSON is a one-line error, exit 2', async () => {
    const dir = dirWith({ 'main.tf.json': '{ nope' });
    const c = capture();
    expect(await applyCommand(dir, { endpoint: emu.endpoint }, c.io)).toBe(2);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(new RegExp(`^xacct apply: ${join(dir, 'main.tf.json')} is not valid JSON: `));
  });

  it('an unsupported argument fails before anything is created, exit 2', async () => {
    emu.reset();
    const dir = dirWith({
      'main.tf.json': JSON.stringify({
        provider,
        resource: {
          aws_iam_role: { r: { name: 'should-not-exist', assume_role_policy: '{}' } },
          aws_iam_user: { f: { name: 'f', colour: 'red' } },
        },
      }),
    });
    const c = capture();
    expect(await applyCommand(dir, { endpoint: emu.endpoint }, c.io)).toBe(2);
    expect(c.err.at(-1)).toBe('xacct apply: invalid Terraform configuration, nothing was created:\n  aws_iam_user.f: unsupported argument "colour"');
    const e = await new IAMClient(emu.clientConfig('222222222222')).send(new GetRoleCommand({ RoleName: 'should-not-exist' })).catch((x: { name: string }) => x);
    expect((e as { name: string }).name).toBe('NoSuchEntityException');
  });

  it('an unreachable endpoint says so, exit 1', async () => {
    const dir = dirWith({ 'main.tf.json': JSON.stringify({ provider, resource: { aws_iam_user: { u: { name: 'u' } } } }) });
    const c = capture();
    expect(await applyCommand(dir, { endpoint: 'http://127.0.0.1:1' }, c.io)).toBe(1);
    expect(c.err.at(-1)).toMatch(/^xacct apply: cannot reach http:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\); is `xacct serve` running\?$/);
  });

  it('a setup naming accounts the server does not hold is refused before any call, saying which --accounts to serve', async () => {
    const account = (id: string, alias?: string) => ({ region: 'us-east-1', access_key: id, secret_key: 'test', ...(alias ? { alias } : {}) });
    const dir = dirWith({
      'main.tf.json': JSON.stringify({
        provider: { aws: [account('444444444444'), account('111111111111', 'pipeline'), account('222222222222', 'target'), account('333333333333', 'audit')] },
        resource: {
          aws_iam_user: {
            first: { name: 'created-first', provider: 'aws.pipeline' },
            audit: { name: 'auditor', provider: 'aws.audit' },
            other: { name: 'other' },
          },
        },
      }),
    });
    const c = capture();
    expect(await applyCommand(dir, { endpoint: emu.endpoint }, c.io)).toBe(2);
    expect(c.err).toEqual([
      `xacct apply: the setup uses accounts 333333333333 (provider aws.audit), 444444444444, which the xacct serve at ${emu.endpoint} does not hold (it holds pipeline=111111111111,target=222222222222): restart it with --accounts pipeline=111111111111,target=222222222222,audit=333333333333,account-444444444444=444444444444`,
    ]);
    // Before the check, the pipeline user was created and the audit account's call failed with InvalidClientTokenId.
    const e = await new IAMClient(emu.clientConfig('111111111111')).send(new GetUserCommand({ UserName: 'created-first' })).catch((x: { name: string }) => x);
    expect((e as { name: string }).name).toBe('NoSuchEntityException');
  });

  it('a bad endpoint URL is a usage error', async () => {
    const c = capture();
    expect(await applyCommand('.', { endpoint: 'not a url' }, c.io)).toBe(2);
    expect(c.err).toEqual(['xacct apply: --endpoint not a url is not a URL']);
  });
});
