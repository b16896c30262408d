/**
 * A CDK Pipelines app (test/fixtures/cdk-apps/pipelines-app.ts: CodeCommit source, synth step, test and prod stages
 * in two other accounts, crossAccountKeys: true), synthesized by aws-cdk-lib at test time, applied as the CDK CLI
 * would (`cdk bootstrap --trust` in each account, `cdk deploy` of the pipeline stack), then run: a push to the
 * repository starts the pipeline through its EventBridge rule, as in AWS, and the pipeline deploys the test and prod
 * stages through the bootstrap's deploy and cfn-exec roles of those accounts.
 * The synth step's commands are not run (xacct runs buildspec commands only with --run-builds), so the pushed
 * repository holds the synthesized cloud assembly under cdk.out/, which the step's buildspec artifacts
 * (base-directory cdk.out) take as `npx cdk synth` would have made it.
 * Then `xacct run --stacks cdk.out` runs bundled scenarios against it; their outcomes are asserted as reported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CodeCommitClient, CreateCommitCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, GetPipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../harness/apply/deploy/apply-plan.js';
import { readCloudAssembly } from '../harness/apply/deploy/cdk-assembly.js';
import { main } from '../harness/cli/main.js';
import { startEmulator } from '../harness/index.js';
import { PROD, synthPipelinesApp, TEST, TOOLS } from './fixtures/cdk-apps/pipelines-app.js';

const ACCOUNTS = [
  { name: 'tools', id: TOOLS },
  { name: 'test', id: TEST },
  { name: 'prod', id: PROD },
];
let assembly: string;

beforeAll(() => {
  assembly = synthPipelinesApp();
}, 180_000);

function filesOf(dir: string): Array<{ filePath: string; fileContent: Uint8Array }> {
  const out: Array<{ filePath: string; fileContent: Uint8Array }> = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ filePath: `cdk.out/${relative(dir, p)}`, fileContent: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

describe('a CDK Pipelines app with test and prod stages in two other accounts', () => {
  it('deploys as the CDK CLI deploys it, and its pipeline deploys both stages when the repository is pushed to', async () => {
    const plan = await readCloudAssembly(assembly);
    expect(plan.steps.map((s) => s.label)).toEqual([
      `bootstrap aws://${TOOLS}/us-east-1`,
      `bootstrap aws://${TEST}/us-east-1`,
      `bootstrap aws://${PROD}/us-east-1`,
      'publish WebshopPipeline Template (WebshopPipeline)',
      `cdk.out stack WebshopPipeline (WebshopPipeline in aws://${TOOLS}/us-east-1)`,
    ]);
    expect(plan.notes).toEqual(['cdk.out: the stacks of 2 nested assemblies (CDK Pipelines stages: TestServiceAAE03A31; ProdServiceC810982D) are deployed by the pipeline when it runs, not by xacct']);
    const emu = await startEmulator({ accounts: ACCOUNTS });
    try {
      const notes: string[] = [];
      await apply([plan], { resolver: emu, onProgress: (e) => e.type === 'note' && notes.push(e.message) });
      expect(notes).toContain(
        `bootstrapped aws://${PROD}/us-east-1 as \`cdk bootstrap --trust ${TOOLS} --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess\` does (stack CDKToolkit; no ECR repository: xacct does not emulate ECR)`,
      );
      // --trust: the pipeline account may assume the target accounts' deploy role.
      const role = await new IAMClient(emu.clientConfig(PROD)).send(new GetRoleCommand({ RoleName: `cdk-hnb659fds-deploy-role-${PROD}-us-east-1` }));
      expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)).Statement).toContainEqual({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: [TOOLS] } });

      const cp = new CodePipelineClient(emu.clientConfig(TOOLS));
      const declared = (await cp.send(new GetPipelineCommand({ name: 'webshop' }))).pipeline!;
      expect(declared.stages!.map((s) => s.name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Test', 'Prod']);
      expect(declared.stages![3]!.actions![0]).toMatchObject({ roleArn: `arn:aws:iam::${TEST}:role/cdk-hnb659fds-deploy-role-${TEST}-us-east-1` });

      await new CodeCommitClient(emu.clientConfig(TOOLS)).send(new CreateCommitCommand({ repositoryName: 'webshop', branchName: 'main', putFiles: filesOf(assembly) }));
      let executions;
      for (let i = 0; i < 600; i++) {
        executions = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: 'webshop' }))).pipelineExecutionSummaries ?? [];
        // The creation's run (failed: the repository had no branch main yet), then the push's run.
        if (executions.length === 2 && executions[0]!.status !== 'InProgress') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      // GAP (not asserted): AWS names the rule's start triggerType CloudWatchEvent
      // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ExecutionTrigger.html); xacct says StartPipelineExecution.
      expect(executions!.map((e) => e.status)).toEqual(['Succeeded', 'Failed']);
      expect(executions![1]!.trigger?.triggerType).toBe('CreatePipeline');
      const actions = await cp.send(new ListActionExecutionsCommand({ pipelineName: 'webshop', filter: { pipelineExecutionId: executions![0]!.pipelineExecutionId } }));
      expect(actions.actionExecutionDetails!.map((a) => `${a.stageName}/${a.actionName} ${a.status}`).sort()).toEqual([
        'Build/Synth Succeeded',
        'Prod/Deploy Succeeded',
        'Prod/Prepare Succeeded',
        'Source/webshop Succeeded',
        'Test/Deploy Succeeded',
        'Test/Prepare Succeeded',
        'UpdatePipeline/SelfMutate Succeeded',
      ]);
      for (const [account, stack] of [[TEST, 'Test-Service'], [PROD, 'Prod-Service']] as const) {
        const s = (await new CloudFormationClient(emu.clientConfig(account)).send(new DescribeStacksCommand({ StackName: stack }))).Stacks![0]!;
        expect(s).toMatchObject({ StackStatus: 'CREATE_COMPLETE', RoleARN: `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-us-east-1` });
      }
    } finally {
      await emu.dispose();
    }
  }, 180_000);

  it('xacct synth --stacks cdk.out prints the steps; xacct run --stacks cdk.out runs scenarios against it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await main(['synth', '--stacks', assembly], io)).toBe(0);
    expect(err[0]).toBe(
      `xacct synth: --stacks ${assembly} is an AWS CDK cloud assembly, already synthesized by \`cdk synth\`; nothing to synthesize. It reads as 5 steps, which \`xacct apply ${assembly}\` and \`xacct run --stacks ${assembly}\` make in this order:`,
    );
    expect(out[1]).toBe(` 2. bootstrap aws://${TEST}/us-east-1 --trust ${TOOLS} --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess`);

    out.length = 0;
    const code = await main(['run', 'scenarios/key-policy-missing-target-account.scenario.ts', 'scenarios/bucket-policy-missing-target-account.scenario.ts', 'scenarios/cloudformation-deploy.scenario.ts', '--stacks', assembly], io);
    const report = out.join('\n');
    expect(code).toBe(1);
    // The artifact hand-off checks hold on the CDK pipeline: removing the test account from the key and bucket policies
    // is refused where AWS refuses it.
    expect(report).toMatch(/│ key-policy-missing-target-account\s+│ pass /);
    expect(report).toMatch(/│ bucket-policy-missing-target-account\s+│ pass /);
    // GAP (reported as it is): the hand-off keeps each action's session under its action name only
    // (harness/runner/handoff.ts, `action:${t.action}`), and CDK Pipelines names the actions of every stage Prepare and
    // Deploy: Prod/Prepare's session (333333333333) replaces Test/Prepare's, so the step for Test/Prepare passes the test
    // account's cfn-exec role from the prod account's session, and CloudFormation refuses "Cross-account pass role is not
    // allowed." The pipeline's own run above passes the same roles and deploys both stages.
    expect(report).toContain('AWS said: AccessDenied (HTTP 403) at step deploy-cloudformation: Cross-account pass role is not allowed.');
    expect(report).toMatch(/2 passed, 1 failed$/);
  }, 180_000);
});
