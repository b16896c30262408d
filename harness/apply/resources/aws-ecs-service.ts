/**
 * aws_ecs_service -> ECS CreateService (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service).
 * deployment_controller { type = "CODE_DEPLOY" } makes a blue/green service; `id` is the service's ARN, as the
 * provider sets it.
 * Deviations: load_balancer blocks are stored as given (Elastic Load Balancing is not emulated); capacity providers,
 * placement, service registries, Service Connect, alarms, circuit breaker, wait_for_steady_state and tags are accepted
 * and not applied.
 */
import { CreateServiceCommand, type CreateServiceCommandInput, type CreateServiceCommandOutput } from '@aws-sdk/client-ecs';
import { block, blocks, bool, list, num, reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

const IGNORED = [
  'capacity_provider_strategy',
  'ordered_placement_strategy',
  'placement_constraints',
  'service_registries',
  'service_connect_configuration',
  'alarms',
  'deployment_circuit_breaker',
  'wait_for_steady_state',
  'force_new_deployment',
  'force_delete',
  'triggers',
  'tags',
  'propagate_tags',
  'enable_ecs_managed_tags',
  'enable_execute_command',
  'iam_role',
  'platform_version',
  'health_check_grace_period_seconds',
  'deployment_maximum_percent',
  'deployment_minimum_healthy_percent',
  'availability_zone_rebalancing',
] as const;

export const awsEcsService: ResourceMapper = {
  type: 'aws_ecs_service',
  schema: {
    name: 'value',
    cluster: 'value',
    task_definition: 'value',
    desired_count: 'value',
    launch_type: 'value',
    scheduling_strategy: 'value',
    deployment_controller: { block: { type: 'value' } },
    load_balancer: { block: { target_group_arn: 'value', elb_name: 'value', container_name: 'value', container_port: 'value' } },
    network_configuration: { block: { subnets: 'value', security_groups: 'value', assign_public_ip: 'value' } },
    ...Object.fromEntries(IGNORED.map((k) => [k, 'ignored' as const])),
  },
  required: ['name'],
  computed: ['id', 'arn'],
  async create(args, ctx) {
    const controller = block(args, 'deployment_controller');
    const network = block(args, 'network_configuration');
    const input: CreateServiceCommandInput = {
      serviceName: reqStr(args, 'name'),
      cluster: str(args, 'cluster'),
      taskDefinition: str(args, 'task_definition'),
      desiredCount: num(args, 'desired_count'),
      launchType: str(args, 'launch_type') as CreateServiceCommandInput['launchType'],
      schedulingStrategy: str(args, 'scheduling_strategy') as CreateServiceCommandInput['schedulingStrategy'],
      deploymentController: controller ? { type: (str(controller, 'type') ?? 'ECS') as 'ECS' } : undefined,
      loadBalancers: blocks(args, 'load_balancer').map((lb) => ({
        targetGroupArn: str(lb, 'target_group_arn'),
        loadBalancerName: str(lb, 'elb_name'),
        containerName: str(lb, 'container_name'),
        containerPort: num(lb, 'container_port'),
      })),
      networkConfiguration: network
        ? { awsvpcConfiguration: { subnets: list(network, 'subnets') ?? [], securityGroups: list(network, 'security_groups'), assignPublicIp: bool(network, 'assign_public_ip') ? 'ENABLED' : 'DISABLED' } }
        : undefined,
    };
    const arn = ((await ctx.clients.ecs.send(new CreateServiceCommand(input))) as CreateServiceCommandOutput).service!.serviceArn!;
    return { id: arn, arn };
  },
};
