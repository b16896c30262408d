/**
 * Reading xacct.deploy.yaml (plan-file.ts): the corpus' refarch rollout as one file (one template to two accounts,
 * the same stacks redeployed), and each malformed plan refused with one line naming the file and the entry.
 * No AWS wording is involved: these are xacct's own messages about its own file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, REFARCH_PLAN, TEST, PROD, writePlan } from '../../../test/fixtures/deploy-plans/corpus-plans.js';
import { readDeployPlan } from './plan-file.js';
import { PlanError } from './types.js';

const TEMPLATE = `${CORPUS}/aws-refarch-cross-account-pipeline/ToolsAcct/pre-reqs.yaml`;

function refused(text: string): string {
  try {
    readDeployPlan(writePlan(text));
  } catch (e) {
    expect(e).toBeInstanceOf(PlanError);
    return (e as Error).message;
  }
  throw new Error('the plan was accepted');
}

describe('readDeployPlan', () => {
  it('reads the refarch rollout in order: one entry to two accounts, the same stacks redeployed with changed parameters', () => {
    const dir = writePlan(REFARCH_PLAN);
    const plan = readDeployPlan(dir);
    expect(plan.accounts).toEqual(['111111111111', '222222222222', TEST, PROD]);
    expect(plan.steps.map((s) => (s.type === 'stack' ? `${s.stackName}@${s.account}` : s.type))).toEqual([
      'pre-reqs@111111111111',
      'toolsacct-codepipeline-role@222222222222',
      `toolsacct-codepipeline-cloudformation-role@${TEST}`,
      `toolsacct-codepipeline-cloudformation-role@${PROD}`,
      'sample-lambda-pipeline@111111111111',
      'pre-reqs@111111111111',
      'sample-lambda-pipeline@111111111111',
    ]);
    const deployer = plan.steps[3]!;
    expect(deployer).toMatchObject({
      type: 'stack',
      region: 'us-east-1',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      parameters: { ToolsAccount: '111111111111', CMKARN: { output: { stack: 'pre-reqs', key: 'CMK' } }, S3Bucket: { output: { stack: 'pre-reqs', key: 'ArtifactBucket' } } },
      label: `xacct.deploy.yaml deployment 3 (stack toolsacct-codepipeline-cloudformation-role in ${PROD} us-east-1)`,
    });
    // A boolean is passed as the CLI passes it, a string.
    expect(plan.steps[5]).toMatchObject({ parameters: { CodeBuildCondition: 'true' } });
    // The directory or the file itself.
    expect(readDeployPlan(join(dir, 'xacct.deploy.yaml')).steps).toHaveLength(7);
  });

  it('takes role, as, tags and lists as CommaDelimitedList values', () => {
    const plan = readDeployPlan(
      writePlan(`deployments:
  - stack: s
    template: ${TEMPLATE}
    account: '012345678901'
    region: eu-west-1
    role: arn:aws:iam::012345678901:role/cfn-service
    as: arn:aws:iam::012345678901:role/deployer
    tags: { team: platform, cost: 42 }
    parameters: { Accounts: ['111111111111', '222222222222'] }
`),
    );
    expect(plan.steps[0]).toMatchObject({ account: '012345678901', region: 'eu-west-1', roleArn: 'arn:aws:iam::012345678901:role/cfn-service', as: 'arn:aws:iam::012345678901:role/deployer', tags: { team: 'platform', cost: '42' }, parameters: { Accounts: '111111111111,222222222222' } });
  });

  it('refuses what is not YAML, with where', () => {
    expect(refused('deployments: [\n')).toMatch(/^xacct\.deploy\.yaml: not valid YAML: .+ at line \d+, column \d+/);
  });

  it('refuses a plan without deployments, and unknown keys', () => {
    expect(refused('deployments: []\n')).toBe('xacct.deploy.yaml: expected `deployments:`, a list of at least one deployment');
    expect(refused(`deploy:\n  - stack: s\n`)).toBe('xacct.deploy.yaml: unknown key "deploy" (expected accounts, region, deployments)');
    expect(refused(`deployments:\n  - stack: s\n    template: ${TEMPLATE}\n    account: '111111111111'\n    parameter: {}\n`)).toBe(
      'xacct.deploy.yaml deployment 1 (stack s): unknown key "parameter" (expected stack, template, account, region, parameters, capabilities, role, as, tags)',
    );
  });

  it('names the entry whose stack, template or account is missing or wrong', () => {
    expect(refused(`deployments:\n  - template: ${TEMPLATE}\n`)).toBe('xacct.deploy.yaml deployment 1: `stack` (the stack name) is required');
    expect(refused(`deployments:\n  - stack: 1st\n    template: ${TEMPLATE}\n    account: '111111111111'\n`)).toBe(
      'xacct.deploy.yaml deployment 1 (stack 1st): stack name "1st" must start with a letter and hold only letters, digits and hyphens (at most 128)',
    );
    const dir = writePlan(`deployments:\n  - stack: s\n    template: missing.yaml\n    account: '111111111111'\n`);
    expect(() => readDeployPlan(dir)).toThrow(`xacct.deploy.yaml deployment 1 (stack s): template missing.yaml: no such file (${join(dir, 'missing.yaml')})`);
    expect(refused(`deployments:\n  - stack: s\n    template: ${TEMPLATE}\n`)).toBe('xacct.deploy.yaml deployment 1 (stack s): `account` (a 12-digit id, a name under `accounts:`, or a list of them) is required');
    expect(refused(`deployments:\n  - stack: s\n    template: ${TEMPLATE}\n    account: 012345678901\n`)).toBe(
      "xacct.deploy.yaml deployment 1 (stack s) account: 12345678901 is not a 12-digit account id (quote account ids in YAML: '012345678901' read as a number loses its leading zero)",
    );
    expect(refused(`accounts: { tools: '111111111111' }\ndeployments:\n  - stack: s\n    template: ${TEMPLATE}\n    account: [tools, prod]\n`)).toBe(
      'xacct.deploy.yaml deployment 1 (stack s) account: "prod" is not a 12-digit account id or a name under accounts: (tools)',
    );
  });

  it('refuses a capability, role or output reference that cannot be right', () => {
    const entry = `deployments:\n  - stack: s\n    template: ${TEMPLATE}\n    account: '111111111111'\n`;
    expect(refused(`${entry}    capabilities: [CAPABILITY_ADMIN]\n`)).toBe('xacct.deploy.yaml deployment 1 (stack s): capability "CAPABILITY_ADMIN" is none of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND');
    expect(refused(`${entry}    role: cfn-role\n`)).toBe('xacct.deploy.yaml deployment 1 (stack s): role "cfn-role" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), CloudFormation\'s service role');
    expect(refused(`${entry}    parameters: { Key: { output: later.Arn } }\n`)).toBe('xacct.deploy.yaml deployment 1 (stack s) parameter Key: output later.Arn: no stack later is deployed before this one in the plan');
    expect(refused(`${entry}    parameters: { Key: { ref: x } }\n`)).toBe('xacct.deploy.yaml deployment 1 (stack s) parameter Key: a mapping value must be { output: STACK.OUTPUT }, an output of a stack deployed earlier in the plan');
  });

  it('a path to a missing plan file says so', () => {
    const dir = writePlan('deployments: []\n');
    writeFileSync(join(dir, 'other.yaml'), '');
    expect(() => readDeployPlan(join(dir, 'nope', 'xacct.deploy.yaml'))).toThrow(`xacct.deploy.yaml: no such file ${join(dir, 'nope', 'xacct.deploy.yaml')}`);
  });
});
