/**
 * `xacct apply`: applies synthesized JSON to a running emulator over HTTP, prints the resolved attributes, and
 * fails with one clear line (no stack trace) on bad input, creating nothing: also when the setup names an account the
 * server does not hold (issue 21; it used to fail half-way with InvalidClientTokenId).
 * A CDK cloud assembly is deployed as `cdk deploy STACK` (--stack) run with the credentials of --cdk-account (default
 * the server's first account): its environment-agnostic stacks go there (cdk-stack-selection.test.ts cites the CDK docs).
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

  describe('a CDK cloud assembly of environment-agnostic stacks', () => {
    const assembly = () =>
      dirWith({
        'manifest.json': JSON.stringify({
          version: '21.0.0',
          artifacts: Object.fromEntries(['Repo', 'Other'].map((id) => [id, { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: `${id}.template.json` } }])),
        }),
        'Repo.template.json': JSON.stringify({ Resources: { R: { Type: 'AWS::CodeCommit::Repository', Properties: { RepositoryName: { 'Fn::Sub': 'repo-${AWS::AccountId}' } } } } }),
        'Other.template.json': JSON.stringify({ Resources: { R: { Type: 'AWS::CodeCommit::Repository', Properties: { RepositoryName: 'other' } } } }),
      });

    it('--stack deploys that stack only, to --cdk-account, and says so', async () => {
      const dir = assembly();
      const c = capture();
      expect(await applyCommand(dir, { endpoint: emu.endpoint, stack: ['Repo'], cdkAccount: '222222222222' }, c.io)).toBe(0);
      expect(c.err.slice(0, 3)).toEqual([
        `applying ${dir} to ${emu.endpoint}: 2 steps`,
        'cdk.out: environment-agnostic stack Repo deployed to aws://222222222222/us-east-1, the account and region the CDK CLI runs as',
        'cdk.out: deploying Repo (as `cdk deploy Repo`); not Other',
      ]);
      expect(c.out).toEqual([expect.stringMatching(/^Repo\/R \[222222222222\] AWS::CodeCommit::Repository [0-9a-f-]{36}$/)]);
    });

    it("without --cdk-account, deploys to the server's first account", async () => {
      const c = capture();
      expect(await applyCommand(assembly(), { endpoint: emu.endpoint, stack: ['Repo'] }, c.io)).toBe(0);
      expect(c.err[1]).toBe('cdk.out: environment-agnostic stack Repo deployed to aws://111111111111/us-east-1, the account and region the CDK CLI runs as');
    });

    it('a name no stack has, a malformed account, or CDK flags on a Terraform directory: one line, exit 2', async () => {
      const dir = assembly();
      const cases: Array<[string, Parameters<typeof applyCommand>[1], string]> = [
        [dir, { stack: ['Web'] }, `xacct apply: ${dir}: cdk.out manifest.json: No stacks match the name(s) Web`],
        [dir, { cdkAccount: '2222' }, 'xacct apply: --cdk-account must be a 12-digit account id, got "2222"'],
        [dirWith({ 'main.tf.json': JSON.stringify({ provider }) }), { stack: ['Repo'] }, 'xacct apply: --stack, --cdk-account and --cdk-region are for a CDK cloud assembly'],
      ];
      for (const [path, opts, line] of cases) {
        const c = capture();
        expect(await applyCommand(path, { endpoint: emu.endpoint, ...opts }, c.io)).toBe(2);
        expect(c.err).toEqual([line]);
      }
    });
  });
});
