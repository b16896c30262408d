/**
 * A cross-account ECS delivery, over both transports: the pipeline in 111111111111 keeps its artifacts under a
 * customer-managed key; action roles in 222222222222 (trusting the pipeline account) run CodeDeployToECS (taskdef.json
 * with the <IMAGE1_NAME> placeholder filled from imageDetail.json, appspec.yaml's <TASK_DEFINITION> from the
 * registered revision; the deployment then runs as the target's CodeDeploy role with AWS's AWSCodeDeployRoleForECS) and
 * the standard ECS deploy action (imagedefinitions.json; an action role that may not pass the task execution role
 * fails it with ECS's PassRole denial). An action role without CodeDeploy permissions fails the
 * action with the PermissionError CodePipeline reports (quoted in
 * https://stackguides.com/questions/56781776/codepipeline-ecs-blue-green-deployment-cross-account-fails-with-permissionerror).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
 */
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient, CreatePipelineCommand, GetPipelineStateCommand, StartPipelineExecutionCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { awsManagedDocument } from '../../codedeploy/test-fixtures.js';
import { allow, createPrincipals, PIPELINE_ACCOUNT as A, referencePipeline, TARGET_ACCOUNT as B, trust } from '../test-fixtures.js';
import { waitForCreationExecution, waitForExecution } from '../wait.js';

const ARTIFACTS = `xacct-artifacts-${A}`;
const SOURCE = `xacct-source-${A}`;
const role = (name: string) => `arn:aws:iam::${B}:role/${name}`;
const IMAGE = '222222222222.dkr.ecr.us-east-1.amazonaws.com/web@sha256:0123456789abcdef';
const TASKDEF = { family: 'web', executionRoleArn: role('app-task-execution'), containerDefinitions: [{ name: 'web', image: '<IMAGE1_NAME>', memory: 512, portMappings: [{ containerPort: 80 }] }] };
const APPSPEC = 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\n';

const keyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Target', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
  ],
});

function deployActions(actionRole: string): ActionDeclaration[] {
  return [
    {
      name: 'BlueGreen',
      actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' },
      roleArn: role(actionRole),
      configuration: {
        ApplicationName: 'web',
        DeploymentGroupName: 'web-bg',
        TaskDefinitionTemplateArtifact: 'SourceArtifact',
        AppSpecTemplateArtifact: 'SourceArtifact',
        Image1ArtifactName: 'SourceArtifact',
        Image1ContainerName: 'IMAGE1_NAME',
      },
      inputArtifacts: [{ name: 'SourceArtifact' }],
    },
    {
      name: 'Rolling',
      actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' },
      roleArn: role(actionRole),
      runOrder: 2,
      configuration: { ClusterName: 'apps', ServiceName: 'rolling' },
      inputArtifacts: [{ name: 'SourceArtifact' }],
    },
  ];
}

describe.each(['in-process', 'http'] as const)('ECS deploy actions across accounts over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let ecs: ECSClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    const s3 = new S3Client(emu.clientConfig(A));
    const keyArn = (await new KMSClient(emu.clientConfig(A)).send(new CreateKeyCommand({ Policy: keyPolicy }))).KeyMetadata!.Arn!;
    for (const bucket of [ARTIFACTS, SOURCE]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const readers = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::${ARTIFACTS}/*` };
    await s3.send(new PutBucketPolicyCommand({ Bucket: ARTIFACTS, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [readers] }) }));
    const files = {
      'taskdef.json': strToU8(JSON.stringify(TASKDEF)),
      'appspec.yaml': strToU8(APPSPEC),
      'imageDetail.json': strToU8(JSON.stringify({ ImageURI: IMAGE })),
      'imagedefinitions.json': strToU8(JSON.stringify([{ name: 'web', imageUri: IMAGE }])),
    };
    await s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: 'app.zip', Body: zipSync(files) }));

    const iam = new IAMClient(emu.clientConfig(B));
    await iam.send(new CreateRoleCommand({ RoleName: 'app-task-execution', AssumeRolePolicyDocument: trust({ Service: 'ecs-tasks.amazonaws.com' }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'ecsCodeDeployRole', AssumeRolePolicyDocument: trust({ Service: 'codedeploy.amazonaws.com' }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'ecsCodeDeployRole', PolicyName: 'AWSCodeDeployRoleForECS', PolicyDocument: awsManagedDocument('AWSCodeDeployRoleForECS') }));
    const actionPolicy = (extra: string[]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 'kms:Decrypt', 'ecs:RegisterTaskDefinition', 'ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecs:UpdateService', ...extra], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: role('app-task-execution'), Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
        ],
      });
    for (const [name, extra] of [['ecs-deploy-action', ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment']], ['no-codedeploy-action', []]] as const) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust({ AWS: A }) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'deploy', PolicyDocument: actionPolicy([...extra]) }));
    }
    await iam.send(new CreateRoleCommand({ RoleName: 'no-pass-role-action', AssumeRolePolicyDocument: trust({ AWS: A }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'no-pass-role-action', PolicyName: 'deploy', PolicyDocument: allow(['s3:GetObject', 'kms:Decrypt', 'ecs:*']) }));

    ecs = new ECSClient(emu.clientConfig(B));
    await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
    const first = (await ecs.send(new RegisterTaskDefinitionCommand({ ...TASKDEF, containerDefinitions: [{ ...TASKDEF.containerDefinitions[0]!, image: 'nginx:1' }] }))).taskDefinition!;
    await ecs.send(new CreateServiceCommand({ cluster: 'apps', serviceName: 'web', taskDefinition: first.taskDefinitionArn, desiredCount: 1, deploymentController: { type: 'CODE_DEPLOY' } }));
    await ecs.send(new CreateServiceCommand({ cluster: 'apps', serviceName: 'rolling', taskDefinition: first.taskDefinitionArn, desiredCount: 1 }));
    const cd = new CodeDeployClient(emu.clientConfig(B));
    await cd.send(new CreateApplicationCommand({ applicationName: 'web', computePlatform: 'ECS' }));
    await cd.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'web',
        deploymentGroupName: 'web-bg',
        serviceRoleArn: role('ecsCodeDeployRole'),
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ecsServices: [{ clusterName: 'apps', serviceName: 'web' }],
      }),
    );

    cp = new CodePipelineClient(emu.clientConfig(A));
    for (const [name, actionRole] of [['ecs-delivery', 'ecs-deploy-action'], ['ecs-no-codedeploy', 'no-codedeploy-action']] as const) {
      await cp.send(new CreatePipelineCommand({ pipeline: referencePipeline({ name, keyId: keyArn, deployActions: deployActions(actionRole) }) }));
    }
    await cp.send(new CreatePipelineCommand({ pipeline: referencePipeline({ name: 'ecs-no-pass-role', keyId: keyArn, deployActions: [{ ...deployActions('no-pass-role-action')[1]!, runOrder: 1 }] }) }));
    // Creating a pipeline starts its first run, as in AWS: each ends before the tests start their own.
    for (const name of ['ecs-delivery', 'ecs-no-codedeploy', 'ecs-no-pass-role']) await waitForCreationExecution(emu.emulator, A, 'us-east-1', name);
  });
  afterAll(() => emu.dispose());

  const run = async (name: string) => {
    const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name }));
    return waitForExecution(emu.emulator, A, 'us-east-1', name, pipelineExecutionId!);
  };

  it('deploys blue/green through CodeDeploy and rolls the ECS service, in the target account', async () => {
    expect((await run('ecs-delivery')).status).toBe('Succeeded');
    const services = (await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web', 'rolling'] }))).services!;
    const [web, rolling] = services;
    expect(web!.taskSets).toMatchObject([{ status: 'PRIMARY', taskDefinition: web!.taskDefinition }]);
    const deployed = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: web!.taskDefinition }))).taskDefinition!;
    expect(deployed).toMatchObject({ registeredBy: expect.stringMatching(new RegExp(`^arn:aws:sts::${B}:assumed-role/ecs-deploy-action/`)) });
    expect(deployed.containerDefinitions![0]!.image).toBe(IMAGE);
    const rolled = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: rolling!.taskDefinition }))).taskDefinition!;
    // This run registered the two newest revisions: the blue/green one, then the rolling one.
    expect(rolled).toMatchObject({ revision: deployed.revision! + 1, containerDefinitions: [{ name: 'web', image: IMAGE }] });
    const state = await cp.send(new GetPipelineStateCommand({ name: 'ecs-delivery' }));
    const blueGreen = state.stageStates![1]!.actionStates!.find((a) => a.actionName === 'BlueGreen')!.latestExecution!;
    expect(blueGreen).toMatchObject({ status: 'Succeeded', externalExecutionId: expect.stringMatching(/^d-[A-Z0-9]{9}$/) });
  });

  it("fails the ECS deploy action with ECS's PassRole denial when the action role may not pass the task execution role", async () => {
    expect((await run('ecs-no-pass-role')).status).toBe('Failed');
    const state = await cp.send(new GetPipelineStateCommand({ name: 'ecs-no-pass-role' }));
    const rolling = state.stageStates![1]!.actionStates!.find((a) => a.actionName === 'Rolling')!.latestExecution!;
    // ECS's words (ecs/errors.ts sources) inside the SDK-for-Java form xacct gives refused calls (ecs-support.ts: not recorded).
    expect(rolling.errorDetails?.code).toBe('JobFailed');
    expect(rolling.errorDetails?.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${B}:assumed-role/no-pass-role-action/\\d{13} is not authorized to perform: iam:PassRole on resource: ${role('app-task-execution')} because no identity-based policy allows the iam:PassRole action \\(Service: AmazonECS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}\\)$`,
      ),
    );
  });

  it('fails CodeDeployToECS with PermissionError when the action role may not use CodeDeploy', async () => {
    expect((await run('ecs-no-codedeploy')).status).toBe('Failed');
    const state = await cp.send(new GetPipelineStateCommand({ name: 'ecs-no-codedeploy' }));
    const blueGreen = state.stageStates![1]!.actionStates!.find((a) => a.actionName === 'BlueGreen')!.latestExecution!;
    expect(blueGreen).toMatchObject({ status: 'Failed', errorDetails: { code: 'PermissionError', message: 'The provided role does not have sufficient permissions to access CodeDeploy' } });
  });
});
