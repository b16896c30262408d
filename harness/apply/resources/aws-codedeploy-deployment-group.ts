/**
 * aws_codedeploy_deployment_group -> CodeDeploy CreateDeploymentGroup
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codedeploy_deployment_group), so
 * CodeDeploy's checks of service_role_arn apply (passed by the provider's principal, same account, trusted by
 * codedeploy.amazonaws.com). `id` is the deployment group's id, as the provider sets it.
 * Deviations: ECS blocks only (deployment_style, ecs_service, load_balancer_info's target_group_pair_info,
 * blue_green_deployment_config's deployment_ready_option and terminate_blue_instances_on_deployment_success);
 * EC2/on-premises filters, triggers, alarms, auto-rollback and tags are accepted and not applied.
 */
import { CreateDeploymentGroupCommand, type CreateDeploymentGroupCommandInput, type CreateDeploymentGroupCommandOutput } from '@aws-sdk/client-codedeploy';
import { block, blocks, list, num, reqStr, str } from '../args.js';
import type { Args, ResourceMapper } from '../types.js';

const IGNORED = [
  'ec2_tag_filter',
  'ec2_tag_set',
  'on_premises_instance_tag_filter',
  'autoscaling_groups',
  'trigger_configuration',
  'alarm_configuration',
  'auto_rollback_configuration',
  'outdated_instances_strategy',
  'termination_hook_enabled',
  'tags',
] as const;

const route = (r: Args | undefined) => (r ? { listenerArns: list(r, 'listener_arns') } : undefined);

function targetGroupPairs(info: Args | undefined): CreateDeploymentGroupCommandInput['loadBalancerInfo'] {
  if (!info) return undefined;
  return {
    targetGroupPairInfoList: blocks(info, 'target_group_pair_info').map((pair) => ({
      targetGroups: blocks(pair, 'target_group').map((g) => ({ name: str(g, 'name') })),
      prodTrafficRoute: route(block(pair, 'prod_traffic_route')),
      testTrafficRoute: route(block(pair, 'test_traffic_route')),
    })),
  };
}

function blueGreen(config: Args | undefined): CreateDeploymentGroupCommandInput['blueGreenDeploymentConfiguration'] {
  if (!config) return undefined;
  const ready = block(config, 'deployment_ready_option');
  const terminate = block(config, 'terminate_blue_instances_on_deployment_success');
  return {
    ...(ready ? { deploymentReadyOption: { actionOnTimeout: str(ready, 'action_on_timeout') as 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: num(ready, 'wait_time_in_minutes') } } : {}),
    ...(terminate ? { terminateBlueInstancesOnDeploymentSuccess: { action: str(terminate, 'action') as 'TERMINATE', terminationWaitTimeInMinutes: num(terminate, 'termination_wait_time_in_minutes') } } : {}),
  };
}

const listener = { block: { listener_arns: 'value' } } as const;

export const awsCodedeployDeploymentGroup: ResourceMapper = {
  type: 'aws_codedeploy_deployment_group',
  schema: {
    app_name: 'value',
    deployment_group_name: 'value',
    service_role_arn: 'value',
    deployment_config_name: 'value',
    deployment_style: { block: { deployment_option: 'value', deployment_type: 'value' } },
    ecs_service: { block: { cluster_name: 'value', service_name: 'value' } },
    load_balancer_info: {
      block: {
        target_group_pair_info: {
          block: { target_group: { block: { name: 'value' } }, prod_traffic_route: listener, test_traffic_route: listener },
        },
        elb_info: 'ignored',
        target_group_info: 'ignored',
      },
    },
    blue_green_deployment_config: {
      block: {
        deployment_ready_option: { block: { action_on_timeout: 'value', wait_time_in_minutes: 'value' } },
        terminate_blue_instances_on_deployment_success: { block: { action: 'value', termination_wait_time_in_minutes: 'value' } },
        green_fleet_provisioning_option: 'ignored',
      },
    },
    ...Object.fromEntries(IGNORED.map((k) => [k, 'ignored' as const])),
  },
  required: ['app_name', 'deployment_group_name', 'service_role_arn'],
  computed: ['id', 'arn', 'deployment_group_id', 'compute_platform'],
  async create(args, ctx) {
    const app = reqStr(args, 'app_name');
    const name = reqStr(args, 'deployment_group_name');
    const style = block(args, 'deployment_style');
    const input: CreateDeploymentGroupCommandInput = {
      applicationName: app,
      deploymentGroupName: name,
      serviceRoleArn: reqStr(args, 'service_role_arn'),
      deploymentConfigName: str(args, 'deployment_config_name'),
      deploymentStyle: style ? { deploymentOption: str(style, 'deployment_option') as 'WITH_TRAFFIC_CONTROL', deploymentType: str(style, 'deployment_type') as 'BLUE_GREEN' } : undefined,
      ecsServices: blocks(args, 'ecs_service').map((s) => ({ clusterName: str(s, 'cluster_name'), serviceName: str(s, 'service_name') })),
      loadBalancerInfo: targetGroupPairs(block(args, 'load_balancer_info')),
      blueGreenDeploymentConfiguration: blueGreen(block(args, 'blue_green_deployment_config')),
    };
    const out = (await ctx.clients.codedeploy.send(new CreateDeploymentGroupCommand(input))) as CreateDeploymentGroupCommandOutput;
    return {
      id: out.deploymentGroupId!,
      deployment_group_id: out.deploymentGroupId!,
      arn: `arn:${ctx.partition}:codedeploy:${ctx.region}:${ctx.account}:deploymentgroup:${app}/${name}`,
    };
  },
};
