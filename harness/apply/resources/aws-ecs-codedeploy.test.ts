/**
 * aws_ecs_cluster, aws_ecs_task_definition, aws_ecs_service, aws_codedeploy_app and aws_codedeploy_deployment_group
 * applied to the emulator over both transports, as a Terraform ECS blue/green module writes them (the target
 * account's provider): the resources exist in ECS and CodeDeploy with what the arguments said, a deployment then runs,
 * and a service role CodeDeploy cannot assume fails the group with CodeDeploy's InvalidRoleException ("Cannot assume
 * role provided.", github.com/aws/aws-sdk-ruby/issues/772).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codedeploy_deployment_group
 */
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { deploymentOutcome } from '../../services/codedeploy/test-fixtures.js';
import { apply } from '../apply.js';
import { ApplyResourceError } from '../errors.js';

const B = '222222222222';
const assume = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

const config = (codeDeployTrusts: string) => ({
  provider: { aws: [{ alias: 'target', region: 'us-east-1', access_key: B, secret_key: 'test' }] },
  resource: {
    aws_iam_role: {
      codedeploy: { provider: 'aws.target', name: 'ecsCodeDeployRole', assume_role_policy: assume(codeDeployTrusts) },
      execution: { provider: 'aws.target', name: 'ecsTaskExecutionRole', assume_role_policy: assume('ecs-tasks.amazonaws.com') },
    },
    aws_iam_role_policy_attachment: {
      codedeploy: { provider: 'aws.target', role: '${aws_iam_role.codedeploy.name}', policy_arn: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS' },
    },
    aws_ecs_cluster: { apps: { provider: 'aws.target', name: 'apps' } },
    aws_ecs_task_definition: {
      web: {
        provider: 'aws.target',
        family: 'web',
        execution_role_arn: '${aws_iam_role.execution.arn}',
        requires_compatibilities: ['FARGATE'],
        network_mode: 'awsvpc',
        cpu: '256',
        memory: '512',
        container_definitions: JSON.stringify([{ name: 'web', image: 'nginx:1.27', essential: true, portMappings: [{ containerPort: 80 }] }]),
      },
    },
    aws_ecs_service: {
      web: {
        provider: 'aws.target',
        name: 'web',
        cluster: '${aws_ecs_cluster.apps.id}',
        task_definition: '${aws_ecs_task_definition.web.arn}',
        desired_count: 2,
        launch_type: 'FARGATE',
        deployment_controller: [{ type: 'CODE_DEPLOY' }],
        load_balancer: [{ target_group_arn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/blue/1', container_name: 'web', container_port: 80 }],
        network_configuration: [{ subnets: ['subnet-1'], security_groups: ['sg-1'], assign_public_ip: false }],
      },
    },
    aws_codedeploy_app: { web: { provider: 'aws.target', name: 'web', compute_platform: 'ECS' } },
    aws_codedeploy_deployment_group: {
      web: {
        provider: 'aws.target',
        app_name: '${aws_codedeploy_app.web.name}',
        deployment_group_name: 'web-bg',
        service_role_arn: '${aws_iam_role.codedeploy.arn}',
        deployment_config_name: 'CodeDeployDefault.ECSAllAtOnce',
        deployment_style: [{ deployment_option: 'WITH_TRAFFIC_CONTROL', deployment_type: 'BLUE_GREEN' }],
        ecs_service: [{ cluster_name: '${aws_ecs_cluster.apps.name}', service_name: '${aws_ecs_service.web.name}' }],
        blue_green_deployment_config: [{ deployment_ready_option: [{ action_on_timeout: 'CONTINUE_DEPLOYMENT' }], terminate_blue_instances_on_deployment_success: [{ action: 'TERMINATE', termination_wait_time_in_minutes: 5 }] }],
        load_balancer_info: [{ target_group_pair_info: [{ prod_traffic_route: [{ listener_arns: ['arn:listener'] }], target_group: [{ name: 'blue' }, { name: 'green' }] }] }],
        depends_on: ['aws_iam_role_policy_attachment.codedeploy'],
      },
    },
  },
});

describe.each(['in-process', 'http'] as const)('aws_ecs_* and aws_codedeploy_* over %s', (transport) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport });
  });
  afterAll(() => emu.dispose());

  it('creates the blue/green setup in the provider account, which then deploys', async () => {
    const result = await apply(config('codedeploy.amazonaws.com'), { resolver: emu });
    const attrs = (address: string) => result.resources.find((r) => r.address === address)!.attributes;
    expect(attrs('aws_ecs_cluster.apps')).toMatchObject({ arn: `arn:aws:ecs:us-east-1:${B}:cluster/apps`, id: `arn:aws:ecs:us-east-1:${B}:cluster/apps` });
    expect(attrs('aws_ecs_task_definition.web')).toMatchObject({ arn: `arn:aws:ecs:us-east-1:${B}:task-definition/web:1`, arn_without_revision: `arn:aws:ecs:us-east-1:${B}:task-definition/web`, revision: 1 });
    expect(attrs('aws_ecs_service.web')).toMatchObject({ id: `arn:aws:ecs:us-east-1:${B}:service/apps/web` });
    expect(attrs('aws_codedeploy_deployment_group.web')).toMatchObject({ arn: `arn:aws:codedeploy:us-east-1:${B}:deploymentgroup:web/web-bg` });

    const service = (await new ECSClient(emu.clientConfig(B)).send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }))).services![0]!;
    expect(service).toMatchObject({ desiredCount: 2, deploymentController: { type: 'CODE_DEPLOY' }, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' } } });
    const cd = new CodeDeployClient(emu.clientConfig(B));
    const group = (await cd.send(new GetDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'web-bg' }))).deploymentGroupInfo!;
    expect(group).toMatchObject({
      serviceRoleArn: `arn:aws:iam::${B}:role/ecsCodeDeployRole`,
      ecsServices: [{ clusterName: 'apps', serviceName: 'web' }],
      loadBalancerInfo: { targetGroupPairInfoList: [{ targetGroups: [{ name: 'blue' }, { name: 'green' }], prodTrafficRoute: { listenerArns: ['arn:listener'] } }] },
    });
    const appSpec = JSON.stringify({ version: 0.0, Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: attrs('aws_ecs_task_definition.web')['arn'] } } }] });
    const { deploymentId } = await cd.send(new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'web-bg', revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } } }));
    expect((await deploymentOutcome(cd, deploymentId!)).status).toBe('Succeeded');
  });

  it("fails the deployment group with CodeDeploy's InvalidRoleException when its role does not trust CodeDeploy", async () => {
    const fresh = await startEmulator({ transport });
    try {
      const e = (await apply(config('ec2.amazonaws.com'), { resolver: fresh }).catch((x: unknown) => x)) as ApplyResourceError;
      expect(e).toBeInstanceOf(ApplyResourceError);
      expect({ address: e.address, code: e.code, status: e.statusCode, message: e.awsMessage }).toEqual({
        address: 'aws_codedeploy_deployment_group.web',
        code: 'InvalidRoleException',
        status: 400,
        message: 'Cannot assume role provided.',
      });
    } finally {
      await fresh.dispose();
    }
  });
});
