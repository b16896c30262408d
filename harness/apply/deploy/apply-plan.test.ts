/**
 * Deploy plans applied through the emulator's CloudFormation API (apply-plan.ts, deploy-stack.ts), over both
 * transports: the corpus' refarch rollout deploys in its README's order (a template to two accounts, the second
 * calls keeping earlier parameters and outputs), and adcreare's plan stops at its first failed deployment with the
 * stack events' reason. The CreatePipeline refusal's wording is the one test/corpus-deployments.test.ts pins with
 * the real AWS CLI (errors.jsonl E092, aws/aws-cdk#11353).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, ADCREARE_PLAN, PROD, REFARCH_PLAN, TEST, TOOLS, writePlan } from '../../../test/fixtures/deploy-plans/corpus-plans.js';
import { startEmulator } from '../../index.js';
import { ApplyResourceError } from '../errors.js';
import { apply, planAll } from './apply-plan.js';
import { readDeployPlan } from './plan-file.js';

describe.each(['in-process', 'http'] as const)('deploy plans (%s)', (transport) => {
  it('the refarch rollout deploys in README order, the redeployments keeping earlier parameters', async () => {
    const plan = readDeployPlan(writePlan(REFARCH_PLAN));
    expect(planAll([plan])).toEqual([{ nodes: ACCOUNTS.map((a) => ({ provider: { account: a.id } })) }]);
    const emu = await startEmulator({ transport, accounts: ACCOUNTS });
    try {
      const started: string[] = [];
      const result = await apply([plan], { resolver: emu, onProgress: (e) => e.type === 'start' && started.push(e.address) });
      expect(started).toHaveLength(7);
      const cfn = new CloudFormationClient(emu.clientConfig(TOOLS));
      const pre = (await cfn.send(new DescribeStacksCommand({ StackName: 'pre-reqs' }))).Stacks![0]!;
      expect(pre.StackStatus).toBe('UPDATE_COMPLETE');
      // UsePreviousValue: the second call passed only CodeBuildCondition.
      expect(Object.fromEntries(pre.Parameters!.map((p) => [p.ParameterKey, p.ParameterValue]))).toMatchObject({ DevAccount: '222222222222', TestAccount: TEST, ProductionAccount: PROD, CodeBuildCondition: 'true' });
      const cmk = (result.outputs[`pre-reqs@${TOOLS}`] as Record<string, string>)['CMK'];
      expect(cmk).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${TOOLS}:key/`));
      for (const account of [TEST, PROD]) {
        const s = (await new CloudFormationClient(emu.clientConfig(account)).send(new DescribeStacksCommand({ StackName: 'toolsacct-codepipeline-cloudformation-role' }))).Stacks![0]!;
        expect(s.StackStatus).toBe('CREATE_COMPLETE');
        expect(s.Parameters!.find((p) => p.ParameterKey === 'CMKARN')?.ParameterValue).toBe(cmk);
      }
      // The pipeline as redeployed with CrossAccountCondition=true: its deploy actions act as the target accounts' roles.
      const pipeline = result.resources.filter((r) => r.type === 'aws_codepipeline');
      expect(pipeline).toEqual([expect.objectContaining({ account: TOOLS, stack: 'sample-lambda-pipeline', attributes: expect.objectContaining({ name: 'sample-lambda-pipeline' }) })]);
      const got = await new CodePipelineClient(emu.clientConfig(TOOLS)).send(new GetPipelineCommand({ name: 'sample-lambda-pipeline' }));
      const roles = got.pipeline!.stages!.flatMap((s) => s.actions ?? []).map((a) => a.roleArn).filter(Boolean);
      expect(roles).toEqual(expect.arrayContaining([`arn:aws:iam::${TEST}:role/ToolsAcctCodePipelineCloudFormationRole`, `arn:aws:iam::${PROD}:role/ToolsAcctCodePipelineCloudFormationRole`]));
      // Applied again to the same world, as `aws cloudformation deploy` is run again: the stacks exist and are updated
      // (or left as they are when nothing changed).
      const again = await apply([plan], { resolver: emu });
      expect(again.resources.filter((r) => r.type === 'aws_codepipeline')).toHaveLength(1);
    } finally {
      await emu.dispose();
    }
  }, 120_000);

  it("adcreare's plan stops at its pipeline, refused by CreatePipeline, with the stack events' reason", async () => {
    const emu = await startEmulator({ transport, accounts: ACCOUNTS });
    try {
      const error = await apply([readDeployPlan(writePlan(ADCREARE_PLAN))], { resolver: emu }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplyResourceError);
      const e = error as ApplyResourceError;
      expect(e.address).toBe(`xacct.deploy.yaml deployment 3 (stack code-pipeline in ${TOOLS} us-east-1)`);
      expect(e.code).toBe('InvalidStructureException');
      expect(e.statusCode).toBe(400);
      expect(e.awsMessage).toMatch(
        new RegExp(
          `^ROLLBACK_COMPLETE: AppPipeline: arn:aws:iam::${TOOLS}:role/code-pipeline-CodePipeLineRole-[A-Z0-9]{12} is not authorized to perform AssumeRole on role arn:aws:iam::${PROD}:role/CodePipeline-Cross-Account-Role-Access \\(Service: AWSCodePipeline; Status Code: 400; Error Code: InvalidStructureException; Request ID: [0-9a-f-]+; Proxy: null\\)$`,
        ),
      );
      expect(e.created).toEqual([`xacct.deploy.yaml deployment 1 (stack kms-cross-account in ${TOOLS} us-east-1)`, `xacct.deploy.yaml deployment 2 (stack code-build in ${TOOLS} us-east-1)`]);
      // The deployment after the failed one was not made.
      await expect(new CloudFormationClient(emu.clientConfig(PROD)).send(new DescribeStacksCommand({ StackName: 'iam-codepipeline-cross-account-deploy' }))).rejects.toMatchObject({
        name: 'ValidationError',
        $metadata: { httpStatusCode: 400 },
        message: 'Stack with id iam-codepipeline-cross-account-deploy does not exist',
      });
    } finally {
      await emu.dispose();
    }
  }, 120_000);

  it('passes the plan\'s role to CloudFormation: a role of another account is refused at CreateChangeSet', async () => {
    const emu = await startEmulator({ transport, accounts: ACCOUNTS });
    try {
      const plan = readDeployPlan(
        writePlan(`deployments:\n  - stack: pre-reqs\n    template: /work/shared/corpus/real-configs/aws-refarch-cross-account-pipeline/ToolsAcct/pre-reqs.yaml\n    account: '${TOOLS}'\n    role: arn:aws:iam::${TEST}:role/cloudformationdeployer-role\n    parameters: { DevAccount: '222222222222', TestAccount: '${TEST}', ProductionAccount: '${PROD}' }\n`),
      );
      const e = (await apply([plan], { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
      // CloudFormation's refusal of a service role from another account (errors.jsonl E067).
      expect(e).toMatchObject({ address: `xacct.deploy.yaml deployment 1 (stack pre-reqs in ${TOOLS} us-east-1)`, code: 'AccessDenied', statusCode: 403, awsMessage: 'Cross-account pass role is not allowed.' });
    } finally {
      await emu.dispose();
    }
  }, 60_000);

  it('deploys as CloudFormation\'s service role: a resource the role may not create fails the stack, with its reason', async () => {
    const emu = await startEmulator({ transport, accounts: ACCOUNTS });
    try {
      const R = '/work/shared/corpus/real-configs/aws-refarch-cross-account-pipeline';
      const dir = writePlan(`deployments:
  - stack: pre-reqs
    template: ${R}/ToolsAcct/pre-reqs.yaml
    account: '${TOOLS}'
    parameters: { DevAccount: '222222222222', TestAccount: '${TEST}', ProductionAccount: '${PROD}' }
  - stack: toolsacct-codepipeline-cloudformation-role
    template: ${R}/TestAccount/toolsacct-codepipeline-cloudformation-deployer.yaml
    account: '${TEST}'
    capabilities: [CAPABILITY_NAMED_IAM]
    parameters: { ToolsAccount: '${TOOLS}', CMKARN: { output: pre-reqs.CMK }, S3Bucket: { output: pre-reqs.ArtifactBucket } }
  - stack: app
    template: app.yaml
    account: '${TEST}'
    role: arn:aws:iam::${TEST}:role/cloudformationdeployer-role
`);
      writeFileSync(join(dir, 'app.yaml'), 'Resources:\n  Version:\n    Type: AWS::SSM::Parameter\n    Properties: { Type: String, Value: "1" }\n');
      const e = (await apply([readDeployPlan(dir)], { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
      expect(e).toBeInstanceOf(ApplyResourceError);
      expect(e.address).toBe(`xacct.deploy.yaml deployment 3 (stack app in ${TEST} us-east-1)`);
      // The registry handler's wording for the role's refusal, with its HandlerErrorCode (the form CloudFormation gives
      // a resource handler's failure; IAM's implicit-deny message as errors.jsonl records it for SSM).
      expect(e).toMatchObject({ code: 'AccessDenied', statusCode: 400 });
      expect(e.awsMessage).toMatch(
        new RegExp(
          `^ROLLBACK_COMPLETE: Version: Resource handler returned message: "User: arn:aws:sts::${TEST}:assumed-role/cloudformationdeployer-role/AWSCloudFormation is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:${TEST}:parameter/CFN-Version-[A-Z0-9]{12} because no identity-based policy allows the ssm:PutParameter action \\(Service: Ssm, Status Code: 400, Request ID: [0-9a-f-]+\\)" \\(RequestToken: [0-9a-f-]+, HandlerErrorCode: AccessDenied\\)$`,
        ),
      );
    } finally {
      await emu.dispose();
    }
  }, 60_000);

  it('a deployment made as a role that does not trust the account fails with STS\'s error', async () => {
    const emu = await startEmulator({ transport, accounts: ACCOUNTS });
    try {
      const plan = readDeployPlan(
        writePlan(`deployments:\n  - stack: pre-reqs\n    template: /work/shared/corpus/real-configs/aws-refarch-cross-account-pipeline/ToolsAcct/pre-reqs.yaml\n    account: '${TOOLS}'\n    as: arn:aws:iam::${TOOLS}:role/no-such-deployer\n`),
      );
      const e = (await apply([plan], { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
      // STS AccessDenied, as for a role whose trust policy does not allow the caller (errors.jsonl E048, form "User: <caller> is not authorized to perform: sts:AssumeRole on resource: <role>").
      expect(e).toMatchObject({ code: 'AccessDenied', statusCode: 403, created: [] });
      expect(e.awsMessage).toBe(`User: arn:aws:iam::${TOOLS}:user/xacct-deployer is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${TOOLS}:role/no-such-deployer`);
    } finally {
      await emu.dispose();
    }
  }, 60_000);
});
