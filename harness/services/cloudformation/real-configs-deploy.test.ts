/**
 * The CloudFormation templates of real cross-account pipelines (../shared/corpus/real-configs, read in place,
 * never copied) parse, and those whose resource types xacct supports deploy and delete cleanly. Parameters
 * without defaults get values pointing at the emulator's accounts, as a user would pass them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { hasService } from './available-services.js';
import { resourceMapper } from './resources/registry.js';
import { parseTemplate, type Template } from './template/index.js';
import { A, B, settle, trust } from './test-fixtures.js';

const CORPUS = '/work/shared/corpus/real-configs';
const CODEBUILD_ROLE = `arn:aws:iam::${A}:role/real-configs-codebuild`;

/**
 * Templates whose resource types are all supported but which do not deploy on their own yet, and why. The refarch's
 * pipeline is deployed by its authors' single-click-cross-account-pipeline.sh (awslabs/aws-refarch-cross-account-pipeline)
 * first with CrossAccountCondition=false, where its CHANGE_SET_REPLACE actions have no RoleArn: xacct's CodePipeline
 * refuses that ("missing required configuration 'RoleArn'", not a recorded AWS answer), while the script implies AWS
 * accepts it. Its CodeBuild project deploys (the refusal is the pipeline's).
 */
const NOT_YET: Record<string, string> = {
  'aws-refarch-cross-account-pipeline/ToolsAcct/code-pipeline.yaml': "CodePipeline's RoleArn requirement for CHANGE_SET_REPLACE",
};

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templates(path);
    return /\.ya?ml$/.test(name) && !name.startsWith('buildspec') ? [path] : [];
  });
}

function supported(t: Template): boolean {
  return t.Transform === undefined && Object.values(t.Resources).every((r) => resourceMapper(r.Type, hasService) !== undefined);
}

/** Values a user would give: the emulator's accounts and ARNs in them. */
function parameterValue(name: string): string | undefined {
  if (/Account|AccNumber/i.test(name)) return B;
  if (/KMSKeyArn|CMKARN/i.test(name)) return `arn:aws:kms:us-east-1:${A}:key/0b0b0b0b-0000-4000-8000-000000000000`;
  if (/Bucket/i.test(name)) return 'artifacts-bucket-xacct';
  // A CodeBuild project's service role must exist and trust codebuild.amazonaws.com (created in beforeAll).
  if (/ProjectRole/i.test(name)) return CODEBUILD_ROLE;
  if (/^(Repository|Branch|Stage)$/.test(name)) return 'main';
  if (/BuildSpec/i.test(name)) return 'buildspec.yml';
  return undefined;
}

const files = templates(CORPUS).map((f) => ({ file: f, name: relative(CORPUS, f), template: parseTemplate(readFileSync(f, 'utf8')) }));
const deployable = files.filter((f) => supported(f.template));

describe('real CloudFormation templates', () => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    emu = await startEmulator();
    cfn = new CloudFormationClient(emu.clientConfig(A));
    await new IAMClient(emu.clientConfig(A)).send(new CreateRoleCommand({ RoleName: 'real-configs-codebuild', AssumeRolePolicyDocument: trust({ Service: 'codebuild.amazonaws.com' }) }));
  });
  afterAll(async () => emu.dispose());

  it('parse, and at least the IAM, KMS, S3 and CodeBuild ones are deployable', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(deployable.map((d) => d.name)).toEqual(expect.arrayContaining([
      'adcreare-cloudformation/code-pipeline-cross-account/production-account/iam-codepipeline-cross-account-deploy.yml',
      'aws-refarch-cross-account-pipeline/ToolsAcct/pre-reqs.yaml',
      'aws-refarch-cross-account-pipeline/TestAccount/toolsacct-codepipeline-cloudformation-deployer.yaml',
      // CodeBuild projects (AWS::CodeBuild::Project).
      'adcreare-cloudformation/code-pipeline-cross-account/deploy-account/code-build.yml',
      'aws-samples-service-catalog-framework-with-cross-account-codepipeline/three-stage-cross-account-pipeline/codebuild-project.yml',
    ]));
  });

  for (const [name, why] of Object.entries(NOT_YET)) it.skip(`${name} deploys and deletes (not yet: ${why})`, () => undefined);

  it.each(deployable.filter((d) => !Object.hasOwn(NOT_YET, d.name)).map((d, i) => [d.name, d, i] as const))('%s deploys and deletes', async (_name, d, i) => {
    const name = `real-${i}`;
    const body = readFileSync(d.file, 'utf8');
    const imported = /ImportValue[:\s'"]+([\w-]+)/.exec(body)?.[1];
    const parameters = Object.entries(d.template.Parameters)
      .map(([key]) => ({ ParameterKey: key, ParameterValue: parameterValue(key) }))
      .filter((p) => p.ParameterValue !== undefined);
    const create = cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: body, Parameters: parameters, Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] }));
    if (imported !== undefined) {
      // Its import comes from another stack of the same configuration, not deployed here: refused up front, as AWS does.
      await expect(create).rejects.toMatchObject({ name: 'ValidationError', message: `No export named ${imported} found`, $metadata: { httpStatusCode: 400 } });
      return;
    }
    await create;
    const stack = await settle(cfn, name);
    const events = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
    const failed = events.StackEvents!.filter((e) => e.ResourceStatus?.endsWith('_FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
    expect({ status: stack.StackStatus, failed }).toEqual({ status: 'CREATE_COMPLETE', failed: [] });
    await cfn.send(new DeleteStackCommand({ StackName: stack.StackId }));
    expect((await settle(cfn, stack.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });
});
