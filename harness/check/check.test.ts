/**
 * `xacct check` on the reference setup and on variants of it: every hop derived from the pipeline's definition and
 * made as its principal, each grant proven needed (naming the hop) or not, what must stay refused probed.
 * AWS's answers asserted here are the emulator's, each already checked against recorded AWS responses elsewhere:
 * S3 GetObject of an SSE-KMS object whose key policy does not name the reader's account answers 403 AccessDenied with
 * KMS's opaque text (../shared/aws-facts/errors.jsonl E025), STS refuses an account its trust policy does not name
 * with 403 AccessDenied (E049 shape), and KMS refuses a key policy that does not name the caller with
 * AccessDeniedException (E006).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV, REFARCH_PLAN, writePlan } from '../../test/fixtures/deploy-plans/corpus-plans.js';
import { resolveOptions } from '../../stacks/options.js';
import { rootPrincipal } from '../world/principal.js';
import { World } from '../world/world.js';
import { checkMatchers } from '../testing/vitest.js';
import { applySetup, check, emulatorOn } from './check.js';
import { grantLabel } from './report-text.js';
import type { CheckReport } from './types.js';

expect.extend(checkMatchers);

const PIPELINE = '111111111111/xacct-pipeline';
const READS = [`${PIPELINE}/Deploy/DeployStack/read-artifact/SourceArtifact`, `${PIPELINE}/Deploy/DeployFiles/read-artifact/SourceArtifact`];
const ACTION_ROLE = 'arn:aws:iam::222222222222:role/cross-account-action-role';

function grant(r: CheckReport, policy: RegExp, statement: string, unit: { action?: string; principal?: string } = {}) {
  const found = r.grants.find((g) => policy.test(g.policy) && g.statement === statement && g.action === unit.action && g.principal === unit.principal);
  if (!found) throw new Error(`no grant ${policy} ${statement} ${JSON.stringify(unit)} in ${r.grants.map(grantLabel).join('\n')}`);
  return found;
}

describe('xacct check on the reference setup', () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await check();
  });

  it('derives every hop of the pipeline from its definition and finds each allowed', () => {
    expect(report.pipelines).toEqual([{ account: '111111111111', name: 'xacct-pipeline' }]);
    expect(report.hops.map((h) => [h.id, h.outcome])).toEqual([
      [`${PIPELINE}/assume-pipeline-role`, 'allowed'],
      [`${PIPELINE}/Source/Source/read-source`, 'allowed'],
      [`${PIPELINE}/Source/Source/write-artifact/SourceArtifact`, 'allowed'],
      [`${PIPELINE}/Deploy/DeployStack/assume-action-role`, 'allowed'],
      [READS[0], 'allowed'],
      [`${PIPELINE}/Deploy/DeployStack/pass-role`, 'allowed'],
      [`${PIPELINE}/Deploy/DeployStack/cloudformation-assumes-role`, 'allowed'],
      [`${PIPELINE}/Deploy/DeployFiles/assume-action-role`, 'allowed'],
      [READS[1], 'allowed'],
      [`${PIPELINE}/Deploy/DeployFiles/deploy-write`, 'allowed'],
    ]);
    const read = report.hops.find((h) => h.id === READS[0])!;
    expect(read).toMatchObject({ principal: ACTION_ROLE, principalAccount: '222222222222', resourceAccount: '111111111111', resource: 'arn:aws:s3:::xacct-artifacts-111111111111/xacct-pipeline/SourceArtifact/*' });
  });

  it('proves each grant the cross-account read rests on needed, naming the hops that fail without it', () => {
    const readers = (g: ReturnType<typeof grant>) => g.neededBy.map((n) => n.hop);
    const keyForTarget = grant(report, /^arn:aws:kms:us-east-1:111111111111:key\//, 'AllowTargetAccountUseOfKey');
    expect(keyForTarget.verdict).toBe('needed');
    expect(readers(keyForTarget)).toEqual(READS);
    // Without the target account in the key policy, S3 answers with KMS's opaque text (E025).
    expect(keyForTarget.neededBy[0]!.error).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    });
    expect(readers(grant(report, /^bucket policy of xacct-artifacts-111111111111$/, 'AllowTargetAccountObjects'))).toEqual(READS);
    // The pipeline role decrypts the source object (its bucket encrypts with the artifact key) and encrypts the artifact.
    expect(readers(grant(report, /^arn:aws:kms:/, 'AllowPipelineRoleUseOfKey', { action: 'kms:Decrypt' }))).toEqual([`${PIPELINE}/Source/Source/read-source`]);
    expect(readers(grant(report, /^arn:aws:kms:/, 'AllowPipelineRoleUseOfKey', { action: 'kms:GenerateDataKey*' }))).toEqual([`${PIPELINE}/Source/Source/write-artifact/SourceArtifact`]);
    expect(readers(grant(report, /^trust policy of arn:aws:iam::222222222222:role\/cross-account-action-role$/, 'TrustPipelineRole'))).toEqual([
      `${PIPELINE}/Deploy/DeployStack/assume-action-role`,
      `${PIPELINE}/Deploy/DeployFiles/assume-action-role`,
    ]);
    expect(readers(grant(report, /cross-account-action-role inline policy/, 'PassDeployRole'))).toEqual([`${PIPELINE}/Deploy/DeployStack/pass-role`]);
  });

  it("labels the key policy's statement for its own account administration, not a finding", () => {
    const root = grant(report, /^arn:aws:kms:/, 'EnableAccountRootPermissions');
    expect(root.verdict).toBe('administration');
    expect(root.note).toMatch(/^the key policy's statement for the key's own account/);
  });

  it('finds every grant of the reference setup needed by a hop it names, or administration: none is superfluous', () => {
    expect(report.grants.filter((g) => g.verdict === 'not-needed').map(grantLabel)).toEqual([]);
    for (const g of report.grants) {
      if (g.verdict === 'needed') expect(g.neededBy.length, grantLabel(g)).toBeGreaterThan(0);
      else expect(g.verdict, grantLabel(g)).toBe('administration');
    }
  });

  it('keeps an outside account out of the artifacts, the key and the action role, and the pipeline account too but for the pipeline role', async () => {
    const held = report.mustRefuse.map((p) => [p.id, p.outcome, p.error?.code]);
    expect(held).toEqual([
      [`${PIPELINE}/outsider-reads-artifact`, 'held', 'AccessDenied'],
      [`${PIPELINE}/outsider-uses-key`, 'held', 'AccessDeniedException'],
      [`${PIPELINE}/insecure-upload`, 'held', 'AccessDenied'],
      [`${PIPELINE}/unencrypted-upload`, 'held', 'AccessDenied'],
      [`outsider-assumes/${ACTION_ROLE}`, 'held', 'AccessDenied'],
      // The action role trusts the pipeline role, not the pipeline account's root: an administrator there is refused.
      [`bystander-assumes/${ACTION_ROLE}`, 'held', 'AccessDenied'],
    ]);
    await expect(report).toPassCheck();
  });

  it('counts the grants it proved and how fast', () => {
    expect(report.stats.mutations).toBe(report.grants.length);
    expect(report.stats.mutationsPerSecond).toBeGreaterThan(0);
  });
});

describe('xacct check on changed setups', () => {
  it('names the read hops, the error and the fix when the target account is missing from the key policy', async () => {
    const report = await check({ setup: { grants: { keyPolicyTargetAccount: false } } });
    const refused = report.hops.filter((h) => h.outcome === 'refused');
    expect(refused.map((h) => h.id)).toEqual(READS);
    expect(refused[0]).toMatchObject({
      error: {
        code: 'AccessDenied',
        status: 403,
        message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
      },
    });
    expect(refused[0]!.explanation).toMatch(/key policy/);
    expect(refused[0]!.fix).toMatch(/^add arn:aws:iam::222222222222:root \(or .*\) to the key policy of arn:aws:kms:us-east-1:111111111111:key\//);
    expect(report.passed).toBe(false);
    await expect(checkMatchers.toPassCheck(report)).resolves.toMatchObject({ pass: false });
  });

  it("finds that an action role trusting the pipeline account's root lets any administrator there assume it", async () => {
    const world = await applySetup();
    const emulator = emulatorOn(world);
    // AWS's walkthrough names AccountA's root in the action role's trust policy (pipelines-create-cross-account.html).
    const trust = { Version: '2012-10-17', Statement: [{ Sid: 'TrustPipelineAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] };
    await emulator.invokeAs(rootPrincipal('222222222222'), 'iam', 'UpdateAssumeRolePolicy', { RoleName: 'cross-account-action-role', PolicyDocument: JSON.stringify(trust) });
    const report = await check({ world: emulator.world });
    expect(report.hops.every((h) => h.outcome === 'allowed')).toBe(true);
    expect(report.mustRefuse.filter((p) => p.outcome === 'open')).toEqual([
      {
        id: `bystander-assumes/${ACTION_ROLE}`,
        title: `An administrator of 111111111111 that is not the pipeline role assumes ${ACTION_ROLE}`,
        principal: 'arn:aws:iam::111111111111:user/xacct-check-bystander',
        resource: ACTION_ROLE,
        outcome: 'open',
        fix: `name the pipeline role (arn:aws:iam::111111111111:role/codepipeline-service-role) in the trust policy of ${ACTION_ROLE} instead of the account root arn:aws:iam::111111111111:root`,
      },
    ]);
    expect(report.passed).toBe(false);
    await expect(report).toPassCheck({ allow: [`bystander-assumes/${ACTION_ROLE}`] });
    await expect(checkMatchers.toPassCheck(report)).resolves.toMatchObject({ pass: false });
  });

  describe('with a superfluous statement added to the key policy', () => {
    let world: World;
    beforeAll(async () => {
      world = await applySetup();
      const emulator = emulatorOn(world);
      const root = rootPrincipal('111111111111');
      const aliases = (await emulator.invokeAs(root, 'kms', 'ListAliases', {})) as { Aliases?: Array<{ AliasName?: string; TargetKeyId?: string }> };
      const keyId = aliases.Aliases!.find((a) => a.AliasName === resolveOptions().names.keyAlias)!.TargetKeyId!;
      const current = (await emulator.invokeAs(root, 'kms', 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })) as { Policy: string };
      const policy = JSON.parse(current.Policy) as { Statement: unknown[] };
      policy.Statement.push({ Sid: 'LeftOverFromAnOldAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:Decrypt', Resource: '*' });
      await emulator.invokeAs(root, 'kms', 'PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify(policy) });
      world = emulator.world;
    });

    it('reports it as not needed by any hop, and leaves the world it was given as it was', async () => {
      const before = JSON.stringify([...world.specs()]);
      const report = await check({ world });
      expect(grant(report, /^arn:aws:kms:/, 'LeftOverFromAnOldAccount')).toMatchObject({ verdict: 'not-needed', neededBy: [] });
      expect(report.hops.every((h) => h.outcome === 'allowed')).toBe(true);
      await expect(report).toPassCheck();
      expect(JSON.stringify([...world.specs()])).toBe(before);
    });
  });
});

describe('xacct check on a world it is given that holds a CloudFormation placeholder', () => {
  it('is not a pass, and names the placeholder as check names those of a setup it applies', async () => {
    const emulator = emulatorOn(await applySetup());
    // A stack made by hand in the target account with a custom resource: xacct runs no Lambda function for it, so
    // CloudFormation creates a placeholder, marked in its ResourceStatusReason (cloudformation/resources/placeholder.ts).
    const root = rootPrincipal('222222222222');
    const TemplateBody = JSON.stringify({ Resources: { Lookup: { Type: 'Custom::Lookup', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:222222222222:function:lookup' } } } });
    await emulator.invokeAs(root, 'cloudformation', 'CreateStack', { StackName: 'lookups', TemplateBody });
    const status = async () => ((await emulator.invokeAs(root, 'cloudformation', 'DescribeStacks', { StackName: 'lookups' })) as { Stacks: Array<{ StackStatus: string }> }).Stacks[0]!.StackStatus;
    for (let i = 0; i < 500 && (await status()).endsWith('_IN_PROGRESS'); i++) await new Promise((r) => setTimeout(r, 2));
    expect(await status()).toBe('CREATE_COMPLETE');

    const report = await check({ world: emulator.world });
    expect(report.hops.every((h) => h.outcome === 'allowed')).toBe(true);
    expect(report.mustRefuse.every((p) => p.outcome === 'held')).toBe(true);
    expect(report.notes).toEqual([
      'not emulated: 222222222222/lookups/Lookup (Custom::Lookup) is a placeholder: Not emulated by xacct: custom resource Custom::Lookup (its Lambda function is not run) is a placeholder with AWS-shaped Ref and Fn::GetAtt values and no side effects',
      'not emulated: the setup holds 1 placeholder(s) for resource types xacct does not model, so the check is not a pass',
    ]);
    expect(report.passed).toBe(false);
    const matched = await checkMatchers.toPassCheck(report);
    expect(matched.pass).toBe(false);
    expect(matched.message()).toBe(report.notes.join('\n'));
  });
});

describe('xacct check on a CloudFormation deploy plan that deploys a placeholder', () => {
  it('is not a pass, the placeholder named', async () => {
    // The corpus' refarch rollout (test/fixtures/deploy-plans/corpus-plans.ts), then a stack with a custom resource in
    // the dev account: the same placeholder as above, made by the setup check applies.
    const dir = writePlan(REFARCH_PLAN);
    writeFileSync(join(dir, 'lookups.json'), JSON.stringify({ Resources: { Lookup: { Type: 'Custom::Lookup', Properties: { ServiceToken: `arn:aws:lambda:us-east-1:${DEV}:function:lookup` } } } }));
    appendFileSync(join(dir, 'xacct.deploy.yaml'), `  - stack: lookups\n    template: ${join(dir, 'lookups.json')}\n    account: dev\n`);
    const report = await check({ stacks: { kind: 'cloudformation-plan', file: dir } });
    // Its CodeCommit source is made by hand (refarch README step 2, not in the plan), so a hop is refused too: what
    // is asserted here is the placeholder's notes.
    expect(report.notes.filter((n) => n.startsWith('not emulated: '))).toEqual([
      `not emulated: ${DEV}/lookups/Lookup (Custom::Lookup) is a placeholder: Not emulated by xacct: custom resource Custom::Lookup (its Lambda function is not run) is a placeholder with AWS-shaped Ref and Fn::GetAtt values and no side effects`,
      'not emulated: the setup holds 1 placeholder(s) for resource types xacct does not model, so the check is not a pass',
    ]);
    expect(report.passed).toBe(false);
  }, 120_000);
});

describe('emulatorOn', () => {
  it('refuses a world where work still runs, saying what that means and where', () => {
    const world = new World([{ name: 'pipeline', id: '111111111111' }]);
    const store = world.account('111111111111')!.store('test', 'us-east-1', () => ({ running: Promise.resolve() }));
    expect(store.running).toBeInstanceOf(Promise);
    expect(() => emulatorOn(world)).toThrow(
      /^check cannot copy the applied world while work in it still runs \(a pipeline execution, an approval, a stack operation\): .*\.running is a Promise$/,
    );
  });
});
