/**
 * A CloudFormation deploy plan (xacct.deploy.yaml) on the command line: `xacct synth --stacks` reads it and prints
 * the deployments in order, `xacct apply PATH` deploys it to a running server, `xacct run --stacks` and
 * `xacct check --stacks` apply it to each scenario's world; a plan that does not read is one usage line naming the
 * file and the entry. The plan is the corpus' awslabs/aws-refarch-cross-account-pipeline rollout in its README's order
 * (test/fixtures/deploy-plans/corpus-plans.ts). The scenarios' outcomes on it are what they are on that pipeline:
 * its source is a CodeCommit repository in the dev account that the authors create by hand (README step 2, not part
 * of the plan), so its source hop meets CodeCommit's refusal, and the bundled pipeline-run scenario has no repository to
 * commit to. Both are asserted as reported.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, REFARCH_PLAN, TOOLS, writePlan } from '../../test/fixtures/deploy-plans/corpus-plans.js';
import { main } from './main.js';

/** What refarch's `sam package` would make, standing in for it: a role its deployer role may create (iam:CreateRole). */
const PACKAGED_TEMPLATE =
  "Resources:\n  FunctionRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]\n";

async function xacct(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a CloudFormation deploy plan', () => {
  it('xacct synth reads it and prints the deployments in order', async () => {
    const dir = writePlan(REFARCH_PLAN);
    const r = await xacct(['synth', '--stacks', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `xacct synth: --stacks ${dir} is a CloudFormation deploy plan: its templates are deployed as written; nothing to synthesize. It reads as 7 steps, which \`xacct apply ${dir}\` and \`xacct run --stacks ${dir}\` make in this order:`,
    );
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe(
      ' 3. deploy stack toolsacct-codepipeline-cloudformation-role to aws://333333333333/us-east-1 from /work/shared/corpus/real-configs/aws-refarch-cross-account-pipeline/TestAccount/toolsacct-codepipeline-cloudformation-deployer.yaml with ToolsAccount=111111111111 CMKARN=<pre-reqs.CMK> S3Bucket=<pre-reqs.ArtifactBucket> CAPABILITY_NAMED_IAM',
    );
    expect(lines[6]).toMatch(/^ 7\. deploy stack sample-lambda-pipeline to aws:\/\/111111111111\/us-east-1 from .*code-pipeline\.yaml with CrossAccountCondition=true CAPABILITY_NAMED_IAM$/);
  });

  it('a plan that does not read is one usage line naming the file and the entry', async () => {
    const dir = writePlan('deployments:\n  - stack: s\n    template: nope.yaml\n    account: \'111111111111\'\n');
    for (const argv of [['run', '--stacks', dir], ['check', '--stacks', dir], ['synth', '--stacks', dir]]) {
      const r = await xacct(argv);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`xacct${argv[0] === 'synth' ? ' synth' : ''}: --stacks ${dir}: xacct.deploy.yaml deployment 1 (stack s): template nope.yaml: no such file (${dir}/nope.yaml)`);
    }
    const r = await xacct(['apply', dir]);
    expect(r).toMatchObject({ code: 2, err: `xacct apply: ${dir}: xacct.deploy.yaml deployment 1 (stack s): template nope.yaml: no such file (${dir}/nope.yaml)` });
  });

  it('xacct apply deploys it to a running server, step by step', async () => {
    const { startEmulator } = await import('../index.js');
    const emu = await startEmulator({ transport: 'http', accounts: ACCOUNTS });
    try {
      const dir = writePlan(REFARCH_PLAN);
      const r = await xacct(['apply', dir, '--endpoint', emu.endpoint]);
      expect(r.code).toBe(0);
      expect(r.err.split('\n')[0]).toBe(`applying ${dir}/xacct.deploy.yaml to ${emu.endpoint}: 7 steps`);
      expect(r.err).toMatch(/\napply complete: 7 steps, \d+ resources$/);
      expect(r.out).toContain(`sample-lambda-pipeline/Pipeline [${TOOLS}] AWS::CodePipeline::Pipeline sample-lambda-pipeline`);
      expect(r.out).toMatch(new RegExp(`output pre-reqs@${TOOLS} CMK = "arn:aws:kms:us-east-1:${TOOLS}:key/[0-9a-f-]+"`));
    } finally {
      await emu.dispose();
    }
  }, 120_000);

  it('xacct apply names the accounts the server lacks, with the --accounts to restart it with', async () => {
    const { startEmulator } = await import('../index.js');
    const emu = await startEmulator({ transport: 'http', accounts: ACCOUNTS.slice(0, 2) });
    try {
      const r = await xacct(['apply', writePlan(REFARCH_PLAN), '--endpoint', emu.endpoint]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        `xacct apply: the setup uses accounts 333333333333, 444444444444, which the xacct serve at ${emu.endpoint} does not hold (it holds tools=111111111111,dev=222222222222): restart it with --accounts tools=111111111111,dev=222222222222,account-333333333333=333333333333,account-444444444444=444444444444`,
      );
    } finally {
      await emu.dispose();
    }
  }, 60_000);

  it('xacct run --stacks applies it to each scenario: one whose source repository the setup lacks is not applicable, one made for a CodeCommit source runs on it', async () => {
    const r = await xacct(['run', 'scenarios/pipeline-run.scenario.ts', 'scenarios/repository-rule-role-missing-start.scenario.ts', '--stacks', writePlan(REFARCH_PLAN)]);
    expect(r.code).toBe(0);
    // The hand-off's runPipeline step starts a CodeCommit-sourced run with a commit to its repository; this
    // pipeline's repository is the one its README creates by hand, so pipeline-run has nothing to commit to and says
    // why (never a pass).
    expect(r.out).toContain(
      "not applicable: step \"run-pipeline\" found nothing to act for: the pipeline sample-lambda-pipeline's source repository sample-lambda does not exist in 222222222222 (the setup does not create it): run-pipeline has nothing to commit to",
    );
    // The repository scenario's rule role, stripped of codepipeline:StartPipelineExecution, is refused on this
    // pipeline in IAM's words (AccessDeniedException, as CodePipeline's JSON protocol answers it).
    expect(r.out).toMatch(
      /AWS said: AccessDeniedException \(HTTP 400\) at step start-pipeline: User: arn:aws:sts::111111111111:assumed-role\/start-pipeline-on-commit\/[0-9a-f]+ is not authorized to perform: codepipeline:StartPipelineExecution on resource: arn:aws:codepipeline:us-east-1:111111111111:sample-lambda-pipeline because no identity-based policy allows the codepipeline:StartPipelineExecution action/,
    );
    expect(r.out).toMatch(/1 passed, 0 failed, 1 not applicable$/);
  }, 120_000);

  it("the hand-off writes the deploy's input as its real writer: the CodeBuild project's role writes it, the target's read is refused; the pipeline role's own write does not apply", async () => {
    // On this pipeline the deploy actions read the build's output (TemplatePath BuildOutput::...), which the build of
    // Build/Build writes as the project's service role with the project's key (check's write-artifact hop, hops.ts).
    // The pipeline role writes no artifact the deploys read, so write-artifact neither fails for it (kms:GenerateDataKey,
    // a call the pipeline never makes, issue 17) nor tests it: key-policy-missing-target-account reaches the real hop.
    const r = await xacct(['run', 'scenarios/key-policy-missing-target-account.scenario.ts', 'scenarios/pipeline-role-missing-kms.scenario.ts', '--stacks', writePlan(REFARCH_PLAN), '--reporter', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { scenarios: Array<{ name: string; status: string; notes: string[]; steps: Array<{ id: string; title: string; principal: string; status: string; error?: { code: string; status: number; message: string } }> }> };
    const keyPolicy = report.scenarios.find((s) => s.name === 'key-policy-missing-target-account')!;
    expect(keyPolicy.status).toBe('passed');
    const write = keyPolicy.steps.find((s) => s.id === 'write-artifact')!;
    expect(write).toMatchObject({
      status: 'ok',
      title: 'The build of Build/Build (CodeBuild project sample-lambda, as its service role) writes the artifact the deploy reads to the artifact bucket',
      principal: `arn:aws:iam::${TOOLS}:role/sample-lambda-CodeBuildRole (session of codebuild.amazonaws.com)`,
    });
    expect(keyPolicy.notes.some((n) => /^write-artifact: CodeBuild assumes arn:aws:iam::111111111111:role\/sample-lambda-CodeBuildRole, the service role of project sample-lambda \(Build\/Build\), and writes with arn:aws:kms:us-east-1:111111111111:key\/[0-9a-f-]+$/.test(n))).toBe(true);
    // S3 passes KMS's refusal through across accounts (errors.jsonl E025).
    expect(keyPolicy.steps.find((s) => s.id === 'read-artifact')).toMatchObject({
      status: 'failed',
      error: { code: 'AccessDenied', status: 403, message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.' },
    });
    const pipelineRole = report.scenarios.find((s) => s.name === 'pipeline-role-missing-kms')!;
    expect(pipelineRole.status).toBe('not-applicable');
    expect(pipelineRole.notes).toContain(
      `not applicable: step "write-artifact" found nothing to act for: the pipeline role of sample-lambda-pipeline writes no artifact the deploy reads: the build of Build/Build (project sample-lambda) writes it as arn:aws:iam::${TOOLS}:role/sample-lambda-CodeBuildRole`,
    );
  }, 120_000);

  it("on a user's pipeline the deploy creates nothing of xacct's sample app, and CodePipeline names the first cross-account role it checks", async () => {
    const r = await xacct(['run', 'scenarios/cloudformation-deploy.scenario.ts', 'scenarios/pipeline-role-missing-assume-role.scenario.ts', '--stacks', writePlan(REFARCH_PLAN), '--reporter', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { scenarios: Array<{ name: string; status: string; notes: string[]; diff: string[]; expected: { message?: string } }> };
    const deploy = report.scenarios.find((s) => s.name === 'cloudformation-deploy')!;
    // The deployer role of this architecture may not s3:CreateBucket: the sample app's bucket is not its template's.
    expect(deploy.status).toBe('passed');
    expect(deploy.notes).toContain(
      "deploy-cloudformation: on this setup the stack is deployed from a template that creates nothing: your template's own resources need the deploy role's permissions for them, which the hand-off does not guess",
    );
    // CodePipeline checks the action roles in declaration order (validate-references.ts): the Source action's role in
    // the development account comes first, and is the one its E092 wording names (errors.jsonl E092).
    const assume = report.scenarios.find((s) => s.name === 'pipeline-role-missing-assume-role')!;
    expect({ status: assume.status, diff: assume.diff }).toEqual({ status: 'passed', diff: [] });
    expect(assume.expected.message).toBe(
      `arn:aws:iam::${TOOLS}:role/sample-lambda-codepipeline-role is not authorized to perform AssumeRole on role arn:aws:iam::222222222222:role/ToolsAcctCodePipelineCodeCommitRole`,
    );
  }, 120_000);

  it('xacct check --stacks makes every hop of the deployed pipeline', async () => {
    const r = await xacct(['check', '--stacks', writePlan(REFARCH_PLAN)]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`pipelines: sample-lambda-pipeline (${TOOLS})`);
    // CodeCommit's answer for the repository the README creates by hand (sample-lambda in the dev account).
    expect(r.out).toContain('aws said: RepositoryDoesNotExistException (400): sample-lambda does not exist');
    expect(r.out).toMatch(/\n24 hops: 16 allowed, 1 refused, 7 blocked · \d+ grants: .* · 7 must-refuse: 4 held, 3 open$/);
  }, 120_000);

  it("the repository scenarios on refarch: its build's artifacts are its unrun commands' to make (not provable, or --build-output), its key policy already names 333333333333", async () => {
    const plan = writePlan(REFARCH_PLAN);
    const scenarios = ['scenarios/repository-account-source.scenario.ts', 'scenarios/repository-key-policy-missing.scenario.ts'];
    const report = async (argv: string[]) => {
      const r = await xacct(argv);
      expect(r.code).toBe(0);
      const parsed = JSON.parse(r.out) as { scenarios: Array<{ name: string; status: string; notes: string[]; diff: string[] }> };
      return new Map(parsed.scenarios.map((s) => [s.name, s]));
    };
    // refarch's build packages packaged-template.yml, which its `sam package` command makes (ToolsAcct/code-pipeline.yaml):
    // without it CodeBuild finds nothing to upload, which says nothing about the grants, so the scenario is not provable.
    const without = await report(['run', ...scenarios, '--stacks', plan, '--reporter', 'json']);
    expect(without.get('repository-account-source')).toMatchObject({ status: 'not-provable', diff: [] });
    expect(without.get('repository-account-source')!.notes).toContain(
      'not provable: step "run-pipeline" could not show what it checks: the build of Build/Build (project sample-lambda) found no files for its artifacts: its buildspec\'s commands make them, and they were not run (--run-builds runs them; --build-output sample-lambda=DIR supplies what they make)',
    );
    // The rollout's test account is 333333333333, the repository scenarios' third account: refarch's key policy names it.
    expect(without.get('repository-key-policy-missing')).toMatchObject({ status: 'not-applicable' });
    expect(without.get('repository-key-policy-missing')!.notes).toContain(
      "not applicable: its preparation found nothing to act for: the artifact key's policy already names 333333333333, an account of the setup itself: it has no statement for the repository account to leave out",
    );

    // With what `sam package` would have made (a template the deployer role may deploy: iam:CreateRole, PutRolePolicy),
    // the commit runs the whole pipeline: build, test change set, the manual approval, production.
    const built = mkdtempSync(join(tmpdir(), 'xacct-refarch-built-'));
    writeFileSync(join(built, 'packaged-template.yml'), PACKAGED_TEMPLATE);
    const withOutput = await report(['run', scenarios[0]!, '--stacks', plan, '--build-output', `sample-lambda=${built}`, '--reporter', 'json']);
    const source = withOutput.get('repository-account-source')!;
    expect({ status: source.status, diff: source.diff }).toEqual({ status: 'passed', diff: [] });
    expect(source.notes.some((n) => /^execution [0-9a-f-]+: the manual approval ApproveDeployProd\/ApproveDeployProd was approved as 111111111111's root \(a person's step, not a grant under test\)$/.test(n))).toBe(true);
    expect(source.notes).toContain(
      "deployed-commit: the pipeline sample-lambda-pipeline has no S3 deploy action (it has: DeployToTest/CreateChangeSetTest (CloudFormation), DeployToTest/DeployChangeSetTest (CloudFormation), DeployToProduction/CreateChangeSetProd (CloudFormation), DeployToProduction/DeployChangeSetProd (CloudFormation)); the commit's arrival is the execution's success",
    );
  }, 120_000);

  it("pipeline-run on refarch with the repository its README creates by hand: the commit is polled, the build's output supplied, the approval given", async () => {
    // README step 2 creates the sample-lambda repository in the dev account by hand: here, one more plan entry.
    const plan = writePlan(
      `${REFARCH_PLAN}  - stack: sample-lambda-repository\n    template: repository.yaml\n    account: dev\n`,
    );
    writeFileSync(join(plan, 'repository.yaml'), 'Resources:\n  Repository:\n    Type: AWS::CodeCommit::Repository\n    Properties:\n      RepositoryName: sample-lambda\n');
    const built = mkdtempSync(join(tmpdir(), 'xacct-refarch-built-'));
    writeFileSync(join(built, 'packaged-template.yml'), PACKAGED_TEMPLATE);
    const r = await xacct(['run', 'scenarios/pipeline-run.scenario.ts', '--stacks', plan, '--build-output', `sample-lambda=${built}`, '--reporter', 'json']);
    expect(r.code).toBe(0);
    const [run] = (JSON.parse(r.out) as { scenarios: Array<{ status: string; diff: string[]; notes: string[] }> }).scenarios;
    expect({ status: run!.status, diff: run!.diff }).toEqual({ status: 'passed', diff: [] });
    // Its source action polls the branch (PollForSourceChanges defaults to true): the commit starts the run.
    expect(run!.notes[0]).toBe('run-pipeline: committed the sample app to sample-lambda@master in 222222222222');
    expect(run!.notes.some((n) => / the manual approval ApproveDeployProd\/ApproveDeployProd was approved as 111111111111's root /.test(n))).toBe(true);
  }, 120_000);

  it('--build-output that cannot be used is one usage line', async () => {
    const plan = writePlan(REFARCH_PLAN);
    const dir = mkdtempSync(join(tmpdir(), 'xacct-built-'));
    const cases: Array<[string[], string]> = [
      [['--build-output', 'sample-lambda'], 'xacct: --build-output must be PROJECT=DIR (a CodeBuild project name and a folder), got "sample-lambda"'],
      [['--build-output', 'sample-lambda=/nonexistent/built'], 'xacct: --build-output sample-lambda=/nonexistent/built: no such folder /nonexistent/built'],
      [['--build-output', `sample-lambda=${dir}`, '--run-builds'], 'xacct: --build-output stands for build commands that are not run: it cannot be used with --run-builds'],
      [['--build-output', `sample-lambda=${dir}`, '--backend', 'endpoint', '--endpoint', 'http://127.0.0.1:1'], 'xacct: --build-output supplies build outputs to the embedded backend only'],
    ];
    for (const [args, message] of cases) {
      const r = await xacct(['run', 'scenarios/repository-account-source.scenario.ts', '--stacks', plan, ...args]);
      expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: message });
    }
  });
});
