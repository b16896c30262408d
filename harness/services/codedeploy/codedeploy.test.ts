/**
 * CodeDeploy for ECS through the real @aws-sdk/client-codedeploy and client-ecs over both transports: applications,
 * deployment groups (service role passed, of the same account, assumable by codedeploy.amazonaws.com), and blue/green
 * deployments that run as the service role against the emulated ECS.
 * The CodeDeploy roles carry AWS's own documents of AWSCodeDeployRoleForECS and AWSCodeDeployRoleForECSLimited
 * (test-fixtures.ts): the limited one passes only roles named ecsTaskExecutionRole or ECSTaskExecution*
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html).
 * Recorded wordings: InvalidRoleException "Cannot assume role provided." (github.com/aws/aws-sdk-ruby/issues/772);
 * "Cross-account pass role is not allowed." (errors.jsonl E099, CodeDeploy variant: github.com/webfactory/
 * create-aws-codedeploy-deployment/issues/11); ECS's PassRole denial (ecs/errors.ts sources). The deployment's
 * errorInformation message is not a recorded wording (ecs-deployment.ts says so); its ECS part is.
 */
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetApplicationCommand, GetDeploymentGroupCommand, ListDeploymentsCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { copyWorld } from '../../world/snapshot.js';
import { allow, trust } from '../codepipeline/test-fixtures.js';
import { awsManagedDocument, deploymentOutcome } from './test-fixtures.js';

const A = '111111111111';
const B = '222222222222';
const REGION = 'us-east-1';
const role = (name: string, account = A) => `arn:aws:iam::${account}:role/${name}`;
const appSpec = (taskDefinition: string) =>
  ['version: 0.0', 'Resources:', '  - TargetService:', '      Type: AWS::ECS::Service', '      Properties:', `        TaskDefinition: "${taskDefinition}"`, '        LoadBalancerInfo:', '          ContainerName: web', '          ContainerPort: 80'].join('\n');
const CONTAINERS = [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:latest', memory: 512 }];

describe.each(['in-process', 'http'] as const)('CodeDeploy for ECS over %s', (transport) => {
  let emu: RunningEmulator;
  let cd: CodeDeployClient;
  let ecs: ECSClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport, accounts: [{ name: 'a', id: A }, { name: 'b', id: B }] });
    const iam = new IAMClient(emu.clientConfig(A));
    const codedeploy = trust({ Service: 'codedeploy.amazonaws.com' });
    for (const [name, policy] of [['ecsCodeDeployRole', 'AWSCodeDeployRoleForECS'], ['limitedCodeDeployRole', 'AWSCodeDeployRoleForECSLimited']] as const) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: codedeploy }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: policy, PolicyDocument: awsManagedDocument(policy) }));
    }
    await iam.send(new CreateRoleCommand({ RoleName: 'untrusting', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    for (const name of ['ecsTaskExecutionRole', 'app-task-execution', 'ECSTaskExecutionForWeb']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust({ Service: 'ecs-tasks.amazonaws.com' }) }));
    }
    cd = new CodeDeployClient(emu.clientConfig(A));
    ecs = new ECSClient(emu.clientConfig(A));
    await cd.send(new CreateApplicationCommand({ applicationName: 'web', computePlatform: 'ECS' }));
    await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
    for (const [family, exec] of [['standard', 'ecsTaskExecutionRole'], ['custom', 'app-task-execution'], ['prefixed', 'ECSTaskExecutionForWeb']] as const) {
      await ecs.send(new RegisterTaskDefinitionCommand({ family, executionRoleArn: role(exec), containerDefinitions: CONTAINERS }));
      await ecs.send(new RegisterTaskDefinitionCommand({ family, executionRoleArn: role(exec), containerDefinitions: CONTAINERS }));
    }
  });
  afterAll(() => emu.dispose());

  async function blueGreen(name: string, serviceRole: string, taskDefinition: string): Promise<void> {
    await ecs.send(new CreateServiceCommand({ cluster: 'apps', serviceName: name, taskDefinition, desiredCount: 1, deploymentController: { type: 'CODE_DEPLOY' } }));
    await cd.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'web',
        deploymentGroupName: name,
        serviceRoleArn: serviceRole,
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ecsServices: [{ clusterName: 'apps', serviceName: name }],
        loadBalancerInfo: { targetGroupPairInfoList: [{ targetGroups: [{ name: 'blue' }, { name: 'green' }], prodTrafficRoute: { listenerArns: ['arn:listener'] } }] },
      }),
    );
  }

  it('creates an ECS application and answers it', async () => {
    expect((await cd.send(new GetApplicationCommand({ applicationName: 'web' }))).application).toMatchObject({ applicationName: 'web', computePlatform: 'ECS' });
    expect(await awsError(cd.send(new CreateApplicationCommand({ applicationName: 'web', computePlatform: 'ECS' })))).toEqual({
      code: 'ApplicationAlreadyExistsException',
      status: 400,
      message: 'The application web already exists with the user or AWS account.',
    });
  });

  it('refuses a service role of another account, one the caller may not pass, and one CodeDeploy cannot assume', async () => {
    const group = (serviceRoleArn: string) => new CreateDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'refused', serviceRoleArn });
    expect(await awsError(cd.send(group(role('ecsCodeDeployRole', B))))).toEqual({ code: 'AccessDeniedException', status: 400, message: 'Cross-account pass role is not allowed.' });
    expect(await awsError(cd.send(group(role('untrusting'))))).toEqual({ code: 'InvalidRoleException', status: 400, message: 'Cannot assume role provided.' });
    expect(await awsError(cd.send(group(role('does-not-exist'))))).toEqual({ code: 'InvalidRoleException', status: 400, message: 'Cannot assume role provided.' });
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'cd-user' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'cd-user', PolicyName: 'cd', PolicyDocument: allow('codedeploy:*') }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cd-user' }))).AccessKey!;
    const user = new CodeDeployClient({ ...emu.clientConfig(A), credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    expect(await awsError(user.send(group(role('ecsCodeDeployRole'))))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/cd-user is not authorized to perform: iam:PassRole on resource: ${role('ecsCodeDeployRole')} because no identity-based policy allows the iam:PassRole action`,
    });
    expect(await awsError(cd.send(new GetDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'refused' })))).toEqual({
      code: 'DeploymentGroupDoesNotExistException',
      status: 400,
      message: 'The deployment group refused does not exist with the user or AWS account.',
    });
  });

  it('deploys a registered task definition blue/green as the CodeDeploy role', async () => {
    await blueGreen('full', role('ecsCodeDeployRole'), 'custom:1');
    expect((await cd.send(new GetDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'full' }))).deploymentGroupInfo).toMatchObject({
      serviceRoleArn: role('ecsCodeDeployRole'),
      computePlatform: 'ECS',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    });
    const td = `arn:aws:ecs:${REGION}:${A}:task-definition/custom:2`;
    const { deploymentId } = await cd.send(
      new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'full', revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(td) } } }),
    );
    expect(deploymentId).toMatch(/^d-[A-Z0-9]{9}$/);
    const info = await deploymentOutcome(cd, deploymentId!);
    expect(info).toMatchObject({ status: 'Succeeded', computePlatform: 'ECS', deploymentGroupName: 'full' });
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['full'] }))).services![0]!;
    expect(service.taskDefinition).toBe(td);
    expect(service.taskSets).toMatchObject([{ status: 'PRIMARY', taskDefinition: td, externalId: deploymentId, loadBalancers: [{ targetGroupArn: 'green', containerName: 'web', containerPort: 80 }] }]);
    expect((await cd.send(new ListDeploymentsCommand({ applicationName: 'web', deploymentGroupName: 'full' }))).deployments).toEqual([deploymentId]);
    // A world holding deployments can still seed other worlds (the runner copies worlds between scenarios).
    expect(copyWorld(emu.emulator.world)).toBeDefined();
    expect(await awsError(cd.send(new StopDeploymentCommand({ deploymentId })))).toEqual({
      code: 'DeploymentAlreadyCompletedException',
      status: 400,
      message: 'The deployment is already complete.',
    });
  });

  it('reads an S3 revision as the CodeDeploy role', async () => {
    await blueGreen('from-s3', role('ecsCodeDeployRole'), 'custom:1');
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: 'revisions-111111111111' }));
    const td = `arn:aws:ecs:${REGION}:${A}:task-definition/custom:2`;
    await s3.send(new PutObjectCommand({ Bucket: 'revisions-111111111111', Key: 'web/appspec.yaml', Body: appSpec(td) }));
    const { deploymentId } = await cd.send(
      new CreateDeploymentCommand({
        applicationName: 'web',
        deploymentGroupName: 'from-s3',
        revision: { revisionType: 'S3', s3Location: { bucket: 'revisions-111111111111', key: 'web/appspec.yaml', bundleType: 'YAML' } },
      }),
    );
    expect(await deploymentOutcome(cd, deploymentId!)).toMatchObject({ status: 'Succeeded', revision: { revisionType: 'S3' } });
    expect((await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['from-s3'] }))).services![0]!.taskDefinition).toBe(td);
  });

  it('fails at CreateTaskSet when AWSCodeDeployRoleForECSLimited may not pass a task execution role named otherwise', async () => {
    await blueGreen('limited', role('limitedCodeDeployRole'), 'custom:1');
    const td = `arn:aws:ecs:${REGION}:${A}:task-definition/custom:2`;
    const { deploymentId } = await cd.send(
      new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'limited', revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(td) } } }),
    );
    const info = await deploymentOutcome(cd, deploymentId!);
    expect(info.status).toBe('Failed');
    expect(info.errorInformation?.code).toBe('ECS_UPDATE_ERROR');
    expect(info.errorInformation?.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${A}:assumed-role/limitedCodeDeployRole/AWSCodeDeploy is not authorized to perform: iam:PassRole on resource: ${role('app-task-execution')} because no identity-based policy allows the iam:PassRole action \\(Service: AmazonECS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}\\)$`,
      ),
    );
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['limited'] }))).services![0]!;
    expect(service.taskSets?.map((s) => s.taskDefinition)).toEqual([`arn:aws:ecs:${REGION}:${A}:task-definition/custom:1`]);
  });

  // AWS's current version of the limited policy passes ecsTaskExecutionRole and ECSTaskExecution* roles.
  it.each([['standard'], ['prefixed']])('passes the %s task execution role with AWSCodeDeployRoleForECSLimited', async (family) => {
    await blueGreen(`limited-${family}`, role('limitedCodeDeployRole'), `${family}:1`);
    const td = `arn:aws:ecs:${REGION}:${A}:task-definition/${family}:2`;
    const { deploymentId } = await cd.send(
      new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: `limited-${family}`, revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(td) } } }),
    );
    expect((await deploymentOutcome(cd, deploymentId!)).status).toBe('Succeeded');
  });
});
