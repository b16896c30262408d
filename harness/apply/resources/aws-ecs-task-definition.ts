/**
 * aws_ecs_task_definition -> ECS RegisterTaskDefinition
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition).
 * container_definitions is the API's JSON text (camelCase), as the provider takes it; passing execution_role_arn or
 * task_role_arn needs iam:PassRole, as ECS authorizes it. `id` is the family; `arn`, `arn_without_revision` and
 * `revision` are what ECS registered.
 * Deviations: volume, placement_constraints, proxy_configuration, ephemeral_storage, runtime_platform and tags are
 * accepted and not applied.
 */
import { RegisterTaskDefinitionCommand, type ContainerDefinition, type RegisterTaskDefinitionCommandInput, type RegisterTaskDefinitionCommandOutput } from '@aws-sdk/client-ecs';
import { ArgumentError, list, reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

const IGNORED = ['volume', 'placement_constraints', 'proxy_configuration', 'ephemeral_storage', 'runtime_platform', 'inference_accelerator', 'tags', 'skip_destroy', 'track_latest'] as const;

export const awsEcsTaskDefinition: ResourceMapper = {
  type: 'aws_ecs_task_definition',
  schema: {
    family: 'value',
    container_definitions: 'value',
    execution_role_arn: 'value',
    task_role_arn: 'value',
    network_mode: 'value',
    requires_compatibilities: 'value',
    cpu: 'value',
    memory: 'value',
    pid_mode: 'value',
    ipc_mode: 'value',
    ...Object.fromEntries(IGNORED.map((k) => [k, 'ignored' as const])),
  },
  required: ['family', 'container_definitions'],
  computed: ['arn', 'arn_without_revision', 'id', 'revision'],
  async create(args, ctx) {
    let containerDefinitions: ContainerDefinition[];
    try {
      containerDefinitions = JSON.parse(reqStr(args, 'container_definitions')) as ContainerDefinition[];
    } catch {
      throw new ArgumentError('argument "container_definitions" must be a JSON array of container definitions');
    }
    const input: RegisterTaskDefinitionCommandInput = {
      family: reqStr(args, 'family'),
      containerDefinitions,
      executionRoleArn: str(args, 'execution_role_arn'),
      taskRoleArn: str(args, 'task_role_arn'),
      networkMode: str(args, 'network_mode') as RegisterTaskDefinitionCommandInput['networkMode'],
      requiresCompatibilities: list(args, 'requires_compatibilities') as RegisterTaskDefinitionCommandInput['requiresCompatibilities'],
      cpu: str(args, 'cpu'),
      memory: str(args, 'memory'),
      pidMode: str(args, 'pid_mode') as RegisterTaskDefinitionCommandInput['pidMode'],
      ipcMode: str(args, 'ipc_mode') as RegisterTaskDefinitionCommandInput['ipcMode'],
    };
    const td = ((await ctx.clients.ecs.send(new RegisterTaskDefinitionCommand(input))) as RegisterTaskDefinitionCommandOutput).taskDefinition!;
    const arn = td.taskDefinitionArn!;
    return { arn, arn_without_revision: arn.replace(/:\d+$/, ''), id: td.family!, revision: td.revision! };
  },
};
