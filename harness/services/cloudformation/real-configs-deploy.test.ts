/**
 * The CloudFormation templates of real cross-account pipelines (../shared/corpus/real-configs, read in place,
 * never copied) parse, and those whose resource types xacct supports deploy and delete cleanly. Parameters
 * without defaults get values pointing at the emulator's accounts, as a user would pass them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { hasService } from './available-services.js';
import { resourceMapper } from './resources/registry.js';
import { parseTemplate, type Template } from './template/index.js';
import { A, B, settle } from './test-fixtures.js';

const CORPUS = '/work/shared/corpus/real-configs';

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
  if (/^(Repository|Branch|PipelineName)$/.test(name)) return name.toLowerCase();
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
  });
  afterAll(async () => emu.dispose());

  it('parse, and at least the IAM, KMS and S3 ones are deployable', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(deployable.map((d) => d.name)).toEqual(expect.arrayContaining([
      'adcreare-cloudformation/code-pipeline-cross-account/production-account/iam-codepipeline-cross-account-deploy.yml',
      'aws-refarch-cross-account-pipeline/ToolsAcct/pre-reqs.yaml',
      'aws-refarch-cross-account-pipeline/TestAccount/toolsacct-codepipeline-cloudformation-deployer.yaml',
    ]));
  });

  it.each(deployable.map((d, i) => [d.name, d, i] as const))('%s deploys and deletes', async (_name, d, i) => {
    const name = `real-${i}`;
    const body = readFileSync(d.file, 'utf8');
    const imported = /ImportValue[:\s'"]+([\w-]+)/.exec(body)?.[1];
    const parameters = Object.entries(d.template.Parameters)
      .map(([key]) => ({ ParameterKey: key, ParameterValue: parameterValue(key) }))
      .filter((p) => p.ParameterValue !== undefined);
    const create = cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: body, Parameters: parameters, Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] }));
    if (imported !== undefined) {
      // Its import comes from a stack of an unsupported type (AWS::CodeBuild::Project): refused up front, as AWS does.
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
