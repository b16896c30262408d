/**
 * CloudFormation's ECS and CodeDeploy properties are the APIs' members in PascalCase (ContainerDefinitions[].PortMappings
 * [].ContainerPort is containerDefinitions[].portMappings[].containerPort; ECSServices is ecsServices), and template
 * numbers may arrive as strings: this turns a property value into the API's input.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-taskdefinition-containerdefinition.html
 * Maps whose keys are the user's (LogConfiguration.Options, DockerLabels, …) keep their keys.
 * Known deviation: members whose CloudFormation name is not the API's name in PascalCase are not renamed (none of the
 * properties the ECS blue/green setups use).
 */
import type { TemplateValue } from '../template/index.js';

const USER_KEYED = new Set(['Options', 'DockerLabels', 'SecretOptions', 'FirelensConfiguration', 'DriverOpts', 'Labels']);

/** Members that are integers in the APIs' models; a container's cpu and memory are too, a task's are strings. */
const INTEGERS = new Set(['containerPort', 'hostPort', 'desiredCount', 'healthCheckGracePeriodSeconds', 'weight', 'base']);
const CONTAINER_INTEGERS = new Set(['cpu', 'memory', 'memoryReservation', 'startTimeout', 'stopTimeout']);

/** `ECSServices` -> `ecsServices`, `TargetGroupArn` -> `targetGroupArn`, `Cpu` -> `cpu`. */
export function camelName(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0] ?? '';
  if (run.length <= 1 || run.length === name.length) return name.slice(0, run.length || 1).toLowerCase() + name.slice(run.length || 1);
  return run.slice(0, -1).toLowerCase() + name.slice(run.length - 1);
}

export function apiValue(value: TemplateValue, inContainer = false): unknown {
  if (Array.isArray(value)) return value.map((v) => apiValue(v, inContainer));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = camelName(key);
    if (USER_KEYED.has(key)) out[name] = v;
    else if ((INTEGERS.has(name) || (inContainer && CONTAINER_INTEGERS.has(name))) && typeof v === 'string' && /^\d+$/.test(v)) out[name] = Number(v);
    else out[name] = apiValue(v as TemplateValue, inContainer || key === 'ContainerDefinitions');
  }
  return out;
}

/** The API input of a resource's properties, the named ones left out (they are passed on their own). */
export function apiInput(props: Record<string, TemplateValue>, omit: string[] = []): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(props).filter(([k]) => !omit.includes(k)));
  return apiValue(kept) as Record<string, unknown>;
}
