/**
 * The CloudFormation templates of real cross-account pipelines (../shared/corpus/real-configs, read in place,
 * never copied) deployed with the real client: those whose parameters a user would fill with account ids, key ARNs
 * and bucket names deploy and delete cleanly, resources xacct does not model (CodeBuild projects,
 * SSM parameters, log groups, custom resources) standing in as marked placeholders; the SAM templates are expanded,
 * their generated roles and functions created for real; a SAM template still to be `sam package`d is refused with SAM's words, and
 * a template using a macro the account does not define fails as AWS fails it.
 * Each remaining template is listed with what it needs (its own parameters, or a fix outside this test's reach).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { parseTemplate, type Template } from './template/index.js';
import { A, B, failure, settle, trust } from './test-fixtures.js';

const CORPUS = '/work/shared/corpus/real-configs';
const ALL_CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;
const CODEBUILD_ROLE = `arn:aws:iam::${A}:role/real-configs-codebuild`;

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templates(path);
    return /\.ya?ml$/.test(name) && !name.startsWith('buildspec') ? [path] : [];
  });
}

/** Values a user would give: the emulator's accounts and ARNs in them. */
function parameterValue(name: string): string | undefined {
  if (/Account|AccNumber/i.test(name)) return B;
  if (/KMSKeyArn|CMKARN/i.test(name)) return `arn:aws:kms:us-east-1:${A}:key/0b0b0b0b-0000-4000-8000-000000000000`;
  if (/Bucket/i.test(name)) return 'artifacts-bucket-xacct';
  if (/^(Repository|Branch|PipelineName)$/.test(name)) return name.toLowerCase();
  // A CodeBuild project's service role must exist and trust codebuild.amazonaws.com (created in beforeAll).
  if (/ProjectRole/i.test(name)) return CODEBUILD_ROLE;
  if (/^Stage$/.test(name)) return 'main';
  if (/BuildSpec/i.test(name)) return 'buildspec.yml';
  return undefined;
}

const SC = 'aws-samples-service-catalog-framework-with-cross-account-codepipeline/three-stage-cross-account-pipeline';

/** Deploy and delete cleanly with the values above (placeholders included). */
const COMPLETE = [
  'adcreare-cloudformation/code-pipeline-cross-account/deploy-account/code-build.yml',
  'adcreare-cloudformation/code-pipeline-cross-account/deploy-account/kms-cross-account.yml',
  'adcreare-cloudformation/code-pipeline-cross-account/production-account/iam-codepipeline-cross-account-deploy.yml',
  'aws-refarch-cross-account-pipeline/DevAccount/toolsacct-codepipeline-codecommit.yaml',
  'aws-refarch-cross-account-pipeline/TestAccount/toolsacct-codepipeline-cloudformation-deployer.yaml',
  'aws-refarch-cross-account-pipeline/ToolsAcct/pre-reqs.yaml',
  `${SC}/components/s3/x-acct-codepipeline-sourcebucket.yml`,
  `${SC}/components/target-account/1-s3/x-acct-codeploy-source-bucket.yml`,
];

/** What the others need, so that a new file in the corpus is noticed. */
const ELSEWHERE: Record<string, string> = {
  'adcreare-cloudformation/code-pipeline-cross-account/deploy-account/code-pipeline.yml': 'its action roles in other accounts (test/corpus-deployments.test.ts deploys it in its README\'s order)',
  'aws-refarch-cross-account-pipeline/ToolsAcct/code-pipeline.yaml': 'the stacks its script deploys first (test/corpus-deployments.test.ts)',
  [`${SC}/codebuild-project.yml`]: 'its own parameters (Repository, Branch, Stage, BuildProjectRole, BuildSpec)',
  [`${SC}/codecommit-event.yml`]: 'its own parameters (Repository, Branch, PipelineName)',
  [`${SC}/components/roles/codebuild-role.yml`]: 'its own parameters (Repository, Branch)',
  [`${SC}/components/target-account/3-roles/x-acct-codebuild-role.yml`]: 'its own parameters (Repository, Branch)',
  [`${SC}/components/target-account/2-codedeploy/codedeploy.yml`]: 'its own parameters (ApplicationName, EC2TagKey, EC2TagValue)',
  [`${SC}/cross-account-codepipeline.yml`]: 'its own parameters (Repository)',
  [`${SC}/components/roles/codepipeline-role.yml`]: 'the export of the source bucket stack, deployed first by its author',
  'davidkelley-cross-account-codepipeline/template.yml': 'the deployment its author makes (see the test below)',
  [`${SC}/components/lambdas/lmd-csr-get-organization-id/lmd-csr-get-organization-id.yml`]: 'sam package first (see the test below)',
  'davidkelley-cross-account-codepipeline/examples/simple.yml': 'the macro of template.yml (see the test below)',
};

const files = templates(CORPUS).map((f) => ({ file: f, name: relative(CORPUS, f), template: parseTemplate(readFileSync(f, 'utf8')) as Template }));
const byName = (name: string) => files.find((f) => f.name === name)!;

describe('real CloudFormation templates', () => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    emu = await startEmulator();
    cfn = new CloudFormationClient(emu.clientConfig(A));
    await new IAMClient(emu.clientConfig(A)).send(new CreateRoleCommand({ RoleName: 'real-configs-codebuild', AssumeRolePolicyDocument: trust({ Service: 'codebuild.amazonaws.com' }) }));
  });
  afterAll(async () => emu.dispose());

  it('parse, and each is either deployed here or says what it needs', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.map((f) => f.name).sort()).toEqual([...COMPLETE, ...Object.keys(ELSEWHERE)].sort());
  });

  it.each(COMPLETE.map((name, i) => [name, i] as const))('%s deploys and deletes', async (name, i) => {
    const d = byName(name);
    const stackName = `real-${i}`;
    const body = readFileSync(d.file, 'utf8');
    const parameters = Object.keys(d.template.Parameters)
      .map((key) => ({ ParameterKey: key, ParameterValue: parameterValue(key) }))
      .filter((p) => p.ParameterValue !== undefined);
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body, Parameters: parameters, Capabilities: [...ALL_CAPABILITIES] }));
    const stack = await settle(cfn, stackName);
    const events = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    const failed = events.StackEvents!.filter((e) => e.ResourceStatus?.endsWith('_FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
    expect({ status: stack.StackStatus, failed }).toEqual({ status: 'CREATE_COMPLETE', failed: [] });
    await cfn.send(new DeleteStackCommand({ StackName: stack.StackId }));
    expect((await settle(cfn, stack.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });

  it('a template importing an export no stack gives is refused up front, as AWS refuses it', async () => {
    const d = byName(`${SC}/components/roles/codepipeline-role.yml`);
    const parameters = Object.keys(d.template.Parameters)
      .map((key) => ({ ParameterKey: key, ParameterValue: parameterValue(key) ?? 'x' }));
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'imports', TemplateBody: readFileSync(d.file, 'utf8'), Parameters: parameters, Capabilities: [...ALL_CAPABILITIES] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'No export named x-acct-codepipeline-source-bucket found',
    });
  });

  it('a SAM template whose CodeUri is still a local path (before `sam package`) is refused with SAM\'s words', async () => {
    const d = byName(`${SC}/components/lambdas/lmd-csr-get-organization-id/lmd-csr-get-organization-id.yml`);
    // "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification document. Number
    // of errors found: 1. Resource with id [HelloWorldFunction] is invalid. 'CodeUri' is not a valid S3 Uri of the
    // form …" (a change set's StatusReason as AWS gave it, quoted by a practitioner in the search corpus; AWS reports
    // it on the change set or stack, xacct refuses the call).
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'org-id', TemplateBody: readFileSync(d.file, 'utf8'), Parameters: [{ ParameterKey: 'Nonce', ParameterValue: '1' }], Capabilities: [...ALL_CAPABILITIES] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message:
        "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification document. Number of errors found: 1. Resource with id [LambdaFunction] is invalid. 'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    });
  });

  it('davidkelley: refused as published; with TargetAccountIds a list, the SAM functions are created in Lambda with their generated roles, custom resources are placeholders; examples/simple.yml needs its macro', async () => {
    const d = byName('davidkelley-cross-account-codepipeline/template.yml');
    const given = { DeployerAccountId: A, TargetAccountIds: B, AccountAliasesJSON: JSON.stringify({ prod: B }) };
    const create = (StackName: string, TemplateBody: string) =>
      cfn.send(
        new CreateStackCommand({
          StackName,
          TemplateBody,
          Parameters: Object.entries(given).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
          Capabilities: [...ALL_CAPABILITIES],
          DisableRollback: true,
        }),
      );
    // As published, TargetAccountIds is a String that `!Join [',', !Ref TargetAccountIds]` takes as its list: refused
    // before any resource in the deployer account (template/list-arguments.ts; test/corpus-deployments.test.ts).
    const published = readFileSync(d.file, 'utf8');
    expect(await failure(create('published', published))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    });
    // The template as its own code reads TargetAccountIds (Fn::Join joins it, FormatFunction maps over it): a list.
    const asList = published.replace('  TargetAccountIds:\n    Type: String', '  TargetAccountIds:\n    Type: CommaDelimitedList');
    expect(asList).not.toBe(published);
    await create('deployer', asList);
    await settle(cfn, 'deployer');
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'deployer' }))).StackResources!;
    const state = (id: string) => {
      const r = resources.find((x) => x.LogicalResourceId === id)!;
      return [r.ResourceType, r.ResourceStatus, r.ResourceStatusReason?.startsWith('Not emulated by xacct:') ?? false];
    };
    expect(state('FormatFunctionRole')).toEqual(['AWS::IAM::Role', 'CREATE_COMPLETE', false]);
    expect(state('FormatFunction')).toEqual(['AWS::Lambda::Function', 'CREATE_COMPLETE', false]);
    expect(state('FormattedRootAccountExecutionRoleArns')).toEqual(['Custom::Format', 'CREATE_COMPLETE', true]);
    // The key's policy names the custom resource's output, which only its Lambda function knows.
    expect(state('Key')).toEqual(['AWS::KMS::Key', 'CREATE_COMPLETE', true]);
    expect(state('CloudFormationExecutionRole')).toEqual(['AWS::IAM::Role', 'CREATE_COMPLETE', false]);

    // examples/simple.yml uses the AccountRoleAlias macro, which template.yml defines only once it completes.
    const simple = byName('davidkelley-cross-account-codepipeline/examples/simple.yml');
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'simple', TemplateBody: readFileSync(simple.file, 'utf8'), Capabilities: [...ALL_CAPABILITIES] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `Transform ${A}::AccountRoleAlias failed with: No transform named ${A}::AccountRoleAlias found.`,
    });
  });
});
