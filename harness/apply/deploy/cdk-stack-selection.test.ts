/**
 * `cdk deploy` as the CDK CLI runs it (cdk-assembly.ts), on hand-written cloud assemblies:
 * - An environment-agnostic stack (manifest environment aws://unknown-account/unknown-region, cx-api's
 *   UNKNOWN_ACCOUNT/UNKNOWN_REGION) deploys to the account and region of the CLI's credentials: "If you don't specify
 *   an environment for a stack, the stack is environment-agnostic … the CDK CLI will use the environment specified
 *   by your credentials/profile at deployment" (AWS CDK Developer Guide, Environments,
 *   https://docs.aws.amazon.com/cdk/v2/guide/environments.html); its asset and role placeholders
 *   (${AWS::AccountId}, ${AWS::Region}) resolve to that environment.
 * - `cdk deploy STACK...` deploys the stacks named (by construct path, with `*` wildcards) and, unless --exclusively,
 *   the stacks they depend on ("cdk deploy … --exclusively, -e: Only deploy requested stacks, don't include
 *   dependencies", https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html); with no name, every stack.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCloudAssembly } from './cdk-assembly.js';

const AGNOSTIC = 'aws://unknown-account/unknown-region';

function assembly(artifacts: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-cdk-select-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '21.0.0', artifacts }));
  writeFileSync(join(dir, 'T.template.json'), '{"Resources":{}}');
  return dir;
}

const stack = (environment: string, dependencies: string[] = []) => ({
  type: 'aws:cloudformation:stack',
  environment,
  properties: {
    templateFile: 'T.template.json',
    assumeRoleArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}',
    cloudFormationExecutionRoleArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}',
  },
  dependencies,
});

const FOUR = { Repo: stack(AGNOSTIC), Dev: stack(AGNOSTIC), Prod: stack(AGNOSTIC), Pipeline: stack(AGNOSTIC, ['Dev', 'Prod']) };
const stackLabels = async (dir: string, opts: Parameters<typeof readCloudAssembly>[1]) =>
  (await readCloudAssembly(dir, opts)).steps.filter((s) => s.type === 'stack').map((s) => s.label);

describe('cdk deploy of environment-agnostic stacks', () => {
  it("deploys them to the CLI's account and region, roles resolved there, and says so", async () => {
    const dir = assembly({ Repo: stack(AGNOSTIC) });
    const plan = await readCloudAssembly(dir, { account: '222222222222', region: 'eu-west-1' });
    expect(plan.accounts).toEqual(['222222222222']);
    expect(plan.steps).toMatchObject([
      { type: 'bootstrap', account: '222222222222', region: 'eu-west-1', trust: [] },
      {
        type: 'stack',
        stackName: 'Repo',
        account: '222222222222',
        region: 'eu-west-1',
        as: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-1',
        roleArn: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1',
      },
    ]);
    expect(plan.notes).toEqual(['cdk.out: environment-agnostic stack Repo deployed to aws://222222222222/eu-west-1, the account and region the CDK CLI runs as']);
  });

  it('defaults to 111111111111 in us-east-1; a stack naming its account keeps it and takes only the region', async () => {
    const dir = assembly({ Repo: stack(AGNOSTIC), Fixed: stack('aws://333333333333/unknown-region') });
    const plan = await readCloudAssembly(dir);
    expect(plan.steps.filter((s) => s.type === 'stack').map((s) => `${s.account}/${s.region}`)).toEqual(['111111111111/us-east-1', '333333333333/us-east-1']);
  });
});

describe('cdk deploy STACK...', () => {
  it('deploys every stack when none is named (cdk deploy --all)', async () => {
    expect(await stackLabels(assembly(FOUR), { account: '222222222222' })).toEqual(['Repo', 'Dev', 'Prod', 'Pipeline'].map((id) => `cdk.out stack ${id} (${id} in aws://222222222222/us-east-1)`));
  });

  it('deploys the stacks named and those they depend on, in dependency order, and notes what it leaves out', async () => {
    const dir = assembly(FOUR);
    expect(await stackLabels(dir, { account: '222222222222', stacks: ['Repo'] })).toEqual(['cdk.out stack Repo (Repo in aws://222222222222/us-east-1)']);
    expect(await stackLabels(dir, { account: '222222222222', stacks: ['Pipeline'] })).toEqual(['Dev', 'Prod', 'Pipeline'].map((id) => `cdk.out stack ${id} (${id} in aws://222222222222/us-east-1)`));
    const plan = await readCloudAssembly(dir, { account: '222222222222', stacks: ['Pipeline'] });
    expect(plan.notes).toContain('cdk.out: deploying Dev, Prod, Pipeline (as `cdk deploy Pipeline`); not Repo');
  });

  it('matches names with * wildcards', async () => {
    expect(await stackLabels(assembly(FOUR), { stacks: ['P*'] })).toEqual(['Dev', 'Prod', 'Pipeline'].map((id) => `cdk.out stack ${id} (${id} in aws://111111111111/us-east-1)`));
  });
});
