/**
 * Amazon ECS through the real @aws-sdk/client-ecs over both transports: clusters, task definitions (iam:PassRole of
 * their roles), services with the ECS and CODE_DEPLOY deployment controllers, and task sets.
 * Recorded wordings (see errors.ts): PassRole denials are 400 AccessDeniedException in IAM's words
 * (github.com/serverless-operations/serverless-step-functions/pull/189: "(Service: AmazonECS; Status Code: 400; Error
 * Code: AccessDeniedException …)", with "because no identity-based policy allows the iam:PassRole action" as in
 * github.com/LBHackney-IT/Data-Platform/pull/1992); "Unable to describe task definition." (ClientException, as
 * getmoto/moto moto/ecs/exceptions.py and aws-cli users' scripts record it); the task set refusal on an ECS-controller
 * service from a recorded AWS CLI session (errors.ts). Cluster/service not found: moto's wording (not recorded).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  DeleteServiceCommand,
  DeleteTaskSetCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  UpdateServicePrimaryTaskSetCommand,
} from '@aws-sdk/client-ecs';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { allow, trust } from '../codepipeline/test-fixtures.js';

const A = '111111111111';
const REGION = 'us-east-1';
const EXEC_ROLE = `arn:aws:iam::${A}:role/app-task-execution`;
const CONTAINERS = [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:latest', memory: 512, portMappings: [{ containerPort: 80 }] }];

describe.each(['in-process', 'http'] as const)('ECS over %s', (transport) => {
  let emu: RunningEmulator;
  let ecs: ECSClient;
  let deployer: ECSClient;
  let passer: ECSClient;

  async function userClient(iam: IAMClient, name: string, policy: string): Promise<ECSClient> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return new ECSClient({ ...emu.clientConfig(A), credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
  }

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    ecs = new ECSClient(emu.clientConfig(A));
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'app-task-execution', AssumeRolePolicyDocument: trust({ Service: 'ecs-tasks.amazonaws.com' }) }));
    deployer = await userClient(iam, 'deployer', allow('ecs:*'));
    passer = await userClient(
      iam,
      'passer',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ecs:*', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: EXEC_ROLE, Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
        ],
      }),
    );
    await ecs.send(new CreateClusterCommand({ clusterName: 'blue-green' }));
  });
  afterAll(() => emu.dispose());

  it('creates and describes clusters, answering names it does not hold as failures', async () => {
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['blue-green', 'nope'] }));
    expect(out.clusters).toMatchObject([{ clusterName: 'blue-green', clusterArn: `arn:aws:ecs:${REGION}:${A}:cluster/blue-green`, status: 'ACTIVE' }]);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:${REGION}:${A}:cluster/nope`, reason: 'MISSING' }]);
  });

  it("refuses to register a task definition whose execution role the caller may not pass, with ECS's 400 AccessDeniedException", async () => {
    const refused = await awsError(deployer.send(new RegisterTaskDefinitionCommand({ family: 'web', executionRoleArn: EXEC_ROLE, containerDefinitions: CONTAINERS })));
    expect(refused).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/deployer is not authorized to perform: iam:PassRole on resource: ${EXEC_ROLE} because no identity-based policy allows the iam:PassRole action`,
    });
    const registered = await passer.send(new RegisterTaskDefinitionCommand({ family: 'web', executionRoleArn: EXEC_ROLE, containerDefinitions: CONTAINERS }));
    expect(registered.taskDefinition).toMatchObject({ family: 'web', revision: 1, status: 'ACTIVE', executionRoleArn: EXEC_ROLE, taskDefinitionArn: `arn:aws:ecs:${REGION}:${A}:task-definition/web:1` });
  });

  it('describes task definitions by family, revision and ARN, and deregisters them', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: CONTAINERS }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: CONTAINERS }));
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }))).taskDefinition?.revision).toBe(2);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:1' }))).taskDefinition?.revision).toBe(1);
    const gone = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `arn:aws:ecs:${REGION}:${A}:task-definition/api:2` }));
    expect(gone.taskDefinition).toMatchObject({ revision: 2, status: 'INACTIVE' });
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }))).taskDefinition?.revision).toBe(1);
    expect(await awsError(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'missing:3' })))).toEqual({
      code: 'ClientException',
      status: 400,
      message: 'Unable to describe task definition.',
    });
  });

  it('gives a CODE_DEPLOY service its first task set, and moves the primary between task sets', async () => {
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'blue-green',
        serviceName: 'web',
        taskDefinition: 'api:1',
        desiredCount: 2,
        deploymentController: { type: 'CODE_DEPLOY' },
        loadBalancers: [{ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/blue/1', containerName: 'web', containerPort: 80 }],
      }),
    );
    expect(created.service).toMatchObject({ serviceArn: `arn:aws:ecs:${REGION}:${A}:service/blue-green/web`, status: 'ACTIVE', desiredCount: 2 });
    const [blue] = created.service!.taskSets!;
    expect(blue).toMatchObject({ status: 'PRIMARY', taskDefinition: `arn:aws:ecs:${REGION}:${A}:task-definition/api:1`, computedDesiredCount: 2 });

    const green = (await ecs.send(new CreateTaskSetCommand({ cluster: 'blue-green', service: 'web', taskDefinition: 'web:1', externalId: 'd-TEST' }))).taskSet!;
    expect(green).toMatchObject({ status: 'ACTIVE', externalId: 'd-TEST', taskSetArn: `arn:aws:ecs:${REGION}:${A}:task-set/blue-green/web/${green.id}` });
    await ecs.send(new UpdateServicePrimaryTaskSetCommand({ cluster: 'blue-green', service: 'web', primaryTaskSet: green.taskSetArn }));
    await ecs.send(new DeleteTaskSetCommand({ cluster: 'blue-green', service: 'web', taskSet: blue!.id }));
    const sets = (await ecs.send(new DescribeTaskSetsCommand({ cluster: 'blue-green', service: 'web' }))).taskSets!;
    expect(sets.map((s) => [s.id, s.status])).toEqual([[green.id, 'PRIMARY']]);
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'blue-green', services: ['web'] }))).services![0]!;
    expect(service.taskDefinition).toBe(`arn:aws:ecs:${REGION}:${A}:task-definition/web:1`);

    // The caller of CreateTaskSet passes the task definition's roles too.
    expect(await awsError(deployer.send(new CreateTaskSetCommand({ cluster: 'blue-green', service: 'web', taskDefinition: 'web:1' })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/deployer is not authorized to perform: iam:PassRole on resource: ${EXEC_ROLE} because no identity-based policy allows the iam:PassRole action`,
    });
    // CodeDeploy deploys a CODE_DEPLOY service's task definitions (github.com/hashicorp/terraform-provider-aws/issues/12703).
    expect(await awsError(ecs.send(new UpdateServiceCommand({ cluster: 'blue-green', service: 'web', taskDefinition: 'api:1' })))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message: 'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
    });
    expect(await awsError(ecs.send(new UpdateServiceCommand({ cluster: 'blue-green', service: 'web', forceNewDeployment: true })))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message: 'Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
    });
  });

  it('rolls an ECS-controller service to a new task definition, and refuses task set calls on it', async () => {
    await ecs.send(new CreateServiceCommand({ cluster: 'blue-green', serviceName: 'rolling', taskDefinition: 'api:1', desiredCount: 1 }));
    const updated = await ecs.send(new UpdateServiceCommand({ cluster: 'blue-green', service: 'rolling', taskDefinition: 'web:1' }));
    expect(updated.service?.taskDefinition).toBe(`arn:aws:ecs:${REGION}:${A}:task-definition/web:1`);
    expect(updated.service?.deployments).toMatchObject([{ status: 'PRIMARY', taskDefinition: `arn:aws:ecs:${REGION}:${A}:task-definition/web:1`, rolloutState: 'COMPLETED' }]);
    expect(await awsError(ecs.send(new DescribeTaskSetsCommand({ cluster: 'blue-green', service: 'rolling' })))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message: 'Amazon ECS only supports task set management on services configured to use external deployment controllers.',
    });
    expect(await awsError(ecs.send(new DeleteServiceCommand({ cluster: 'blue-green', service: 'rolling' })))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message: 'The service cannot be stopped while it is scaled above 0.',
    });
    expect((await ecs.send(new DeleteServiceCommand({ cluster: 'blue-green', service: 'rolling', force: true }))).service?.status).toBe('INACTIVE');
    expect(await awsError(ecs.send(new UpdateServiceCommand({ cluster: 'blue-green', service: 'rolling', desiredCount: 0 })))).toEqual({
      code: 'ServiceNotFoundException',
      status: 400,
      message: 'Service not found.',
    });
    expect(await awsError(ecs.send(new CreateServiceCommand({ cluster: 'nowhere', serviceName: 'x', taskDefinition: 'api:1' })))).toEqual({
      code: 'ClusterNotFoundException',
      status: 400,
      message: 'Cluster not found.',
    });
  });
});
