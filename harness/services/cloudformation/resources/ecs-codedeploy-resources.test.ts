/**
 * AWS::ECS::Cluster, AWS::ECS::TaskDefinition, AWS::ECS::Service, AWS::CodeDeploy::Application and
 * AWS::CodeDeploy::DeploymentGroup through a stack (the real CloudFormation client), as an ECS blue/green setup
 * declares them: the roles, a cluster, a task definition passing its execution role, a CODE_DEPLOY service, and the
 * deployment group whose service role CodeDeploy assumes. A deployment then runs against what the stack made; an
 * update changes the service's desired count; the stack's delete goes back through ECS and CodeDeploy.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/create-blue-green.html
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { deploymentOutcome } from '../../codedeploy/test-fixtures.js';
import { settle } from '../test-fixtures.js';

const A = '111111111111';
const trust = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

const template = (desiredCount: string) => JSON.stringify({
  Resources: {
    CodeDeployRole: {
      Type: 'AWS::IAM::Role',
      Properties: { RoleName: 'ecsCodeDeployRole', AssumeRolePolicyDocument: trust('codedeploy.amazonaws.com'), ManagedPolicyArns: ['arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS'] },
    },
    ExecutionRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') } },
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'apps' } },
    TaskDefinition: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: 'web',
        ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
        RequiresCompatibilities: ['FARGATE'],
        NetworkMode: 'awsvpc',
        Cpu: '256',
        Memory: '512',
        ContainerDefinitions: [{ Name: 'web', Image: 'nginx:1.27', Memory: '512', PortMappings: [{ ContainerPort: 80 }], LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': '/ecs/web' } } }],
      },
    },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: { Ref: 'Cluster' },
        ServiceName: 'web',
        TaskDefinition: { Ref: 'TaskDefinition' },
        DesiredCount: desiredCount,
        LaunchType: 'FARGATE',
        DeploymentController: { Type: 'CODE_DEPLOY' },
        LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/blue/1' }],
      },
    },
    Application: { Type: 'AWS::CodeDeploy::Application', Properties: { ApplicationName: 'web', ComputePlatform: 'ECS' } },
    DeploymentGroup: {
      Type: 'AWS::CodeDeploy::DeploymentGroup',
      DependsOn: ['Service'],
      Properties: {
        ApplicationName: { Ref: 'Application' },
        DeploymentGroupName: 'web-bg',
        ServiceRoleArn: { 'Fn::GetAtt': ['CodeDeployRole', 'Arn'] },
        DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ECSServices: [{ ClusterName: { Ref: 'Cluster' }, ServiceName: { 'Fn::GetAtt': ['Service', 'Name'] } }],
        LoadBalancerInfo: { TargetGroupPairInfoList: [{ TargetGroups: [{ Name: 'blue' }, { Name: 'green' }], ProdTrafficRoute: { ListenerArns: ['arn:listener'] } }] },
      },
    },
  },
  Outputs: {
    ClusterArn: { Value: { 'Fn::GetAtt': ['Cluster', 'Arn'] } },
    TaskDefinitionArn: { Value: { Ref: 'TaskDefinition' } },
    ServiceArn: { Value: { Ref: 'Service' } },
  },
});

describe.each(['in-process', 'http'] as const)('ECS and CodeDeploy resource types over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates the blue/green setup, which then deploys, and deletes it', async () => {
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'ecs-bg', TemplateBody: template('2'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await settle(cfn, 'ecs-bg')).StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((await cfn.send(new DescribeStacksCommand({ StackName: 'ecs-bg' }))).Stacks![0]!.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({
      ClusterArn: `arn:aws:ecs:us-east-1:${A}:cluster/apps`,
      TaskDefinitionArn: `arn:aws:ecs:us-east-1:${A}:task-definition/web:1`,
      ServiceArn: `arn:aws:ecs:us-east-1:${A}:service/apps/web`,
    });
    const ecs = new ECSClient(emu.clientConfig(A));
    const td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))).taskDefinition!;
    expect(td).toMatchObject({ cpu: '256', memory: '512', networkMode: 'awsvpc', containerDefinitions: [{ name: 'web', memory: 512, portMappings: [{ containerPort: 80 }], logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } } }] });
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }))).services![0]!;
    expect(service).toMatchObject({ desiredCount: 2, deploymentController: { type: 'CODE_DEPLOY' }, taskSets: [{ status: 'PRIMARY' }] });
    const cd = new CodeDeployClient(emu.clientConfig(A));
    const group = (await cd.send(new GetDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'web-bg' }))).deploymentGroupInfo!;
    expect(group).toMatchObject({ serviceRoleArn: `arn:aws:iam::${A}:role/ecsCodeDeployRole`, ecsServices: [{ clusterName: 'apps', serviceName: 'web' }] });

    const appSpec = JSON.stringify({ version: 0.0, Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: outputs['TaskDefinitionArn'] } } }] });
    const { deploymentId } = await cd.send(new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'web-bg', revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } } }));
    expect((await deploymentOutcome(cd, deploymentId!)).status).toBe('Succeeded');

    // A CODE_DEPLOY service takes a new desired count from the stack: only what changed reaches UpdateService.
    await cfn.send(new UpdateStackCommand({ StackName: 'ecs-bg', TemplateBody: template('3'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await settle(cfn, 'ecs-bg')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }))).services![0]!.desiredCount).toBe(3);

    await cfn.send(new DeleteStackCommand({ StackName: 'ecs-bg' }));
    expect((await settle(cfn, StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    expect((await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }))).services![0]!.status).toBe('INACTIVE');
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))).taskDefinition!.status).toBe('INACTIVE');
  });
});
