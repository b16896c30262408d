/**
 * AWS::CodePipeline::Pipeline through a stack: the template's declaration reaches CodePipeline as the SDK's
 * CreatePipelineCommandInput. A RunOrder given as text (a Ref to a String parameter) arrives as a number and an
 * unquoted `Version: 1` (a YAML or JSON number, as 3 of the 5 real configurations in ../shared/corpus/real-configs
 * write it) as "1", as CloudFormation converts property values to the resource schema's types (issue 16: it was
 * refused as an unavailable action type), and the template's ArtifactStores list
 * (`[{Region, ArtifactStore}]`) becomes the API's map keyed by Region.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codepipeline-pipeline.html
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
 */
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE } from '../../codepipeline/test-fixtures.js';
import { settle } from '../test-fixtures.js';

const BUCKET = `xacct-artifacts-${PIPELINE_ACCOUNT}`;

const TEMPLATE = JSON.stringify({
  Parameters: { Order: { Type: 'String', Default: '2' } },
  Resources: {
    Pipeline: {
      Type: 'AWS::CodePipeline::Pipeline',
      Properties: {
        Name: 'from-template',
        RoleArn: PIPELINE_ROLE,
        ArtifactStores: [{ Region: 'us-east-1', ArtifactStore: { Type: 'S3', Location: BUCKET } }],
        Stages: [
          {
            Name: 'Source',
            Actions: [
              {
                Name: 'Source',
                ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'S3', Version: '1' },
                Configuration: { S3Bucket: 'source', S3ObjectKey: 'app.zip', PollForSourceChanges: false },
                OutputArtifacts: [{ Name: 'SourceArtifact' }],
              },
            ],
          },
          {
            Name: 'Approve',
            Actions: [{ Name: 'Approve', ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: 1 }, RunOrder: { Ref: 'Order' } }],
          },
        ],
      },
    },
  },
});

describe.each(['in-process', 'http'] as const)('AWS::CodePipeline::Pipeline over %s', (transport) => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(() => emu.dispose());

  it('creates the pipeline with the declaration typed as CodePipeline takes it', async () => {
    const cfn = new CloudFormationClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await cfn.send(new CreateStackCommand({ StackName: 'pipeline', TemplateBody: TEMPLATE }));
    expect((await settle(cfn, 'pipeline')).StackStatus).toBe('CREATE_COMPLETE');
    const { pipeline } = await new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetPipelineCommand({ name: 'from-template' }));
    expect(pipeline?.stages?.[1]?.actions?.[0]?.runOrder).toBe(2);
    expect(pipeline?.stages?.[1]?.actions?.[0]?.actionTypeId).toEqual({ category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' });
    expect(pipeline?.artifactStores).toEqual({ 'us-east-1': { type: 'S3', location: BUCKET } });
    expect(pipeline?.stages?.[0]?.actions?.[0]?.configuration).toEqual({ S3Bucket: 'source', S3ObjectKey: 'app.zip', PollForSourceChanges: 'false' });
  });
});
