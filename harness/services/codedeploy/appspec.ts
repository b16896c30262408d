/**
 * The AppSpec of an ECS deployment (YAML or JSON, YAML being a superset): the target service's task definition and the
 * container that receives traffic.
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs
 * Known deviations: Hooks (Lambda functions) are not run; PlatformVersion, NetworkConfiguration and
 * CapacityProviderStrategy are read but not acted on.
 */
import { parse } from 'yaml';

export interface EcsAppSpec {
  taskDefinition: string;
  containerName?: string;
  containerPort?: number;
}

/** The ECS target of an AppSpec, or the reason it has none (the deployment then fails with INVALID_REVISION). */
export function readAppSpec(text: string): EcsAppSpec | string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return 'The AppSpec file is not valid YAML or JSON.';
  }
  const resources = (doc as { Resources?: unknown })?.Resources;
  const first = Array.isArray(resources) ? (resources[0] as Record<string, unknown> | undefined) : undefined;
  const target = first ? (Object.values(first)[0] as { Type?: string; Properties?: Record<string, unknown> } | undefined) : undefined;
  if (target?.Type !== 'AWS::ECS::Service') return 'The AppSpec file does not name an AWS::ECS::Service resource.';
  const props = target.Properties ?? {};
  if (typeof props['TaskDefinition'] !== 'string') return 'The AppSpec file does not name a TaskDefinition.';
  const lb = props['LoadBalancerInfo'] as { ContainerName?: unknown; ContainerPort?: unknown } | undefined;
  return {
    taskDefinition: props['TaskDefinition'],
    ...(typeof lb?.ContainerName === 'string' ? { containerName: lb.ContainerName } : {}),
    ...(lb?.ContainerPort !== undefined ? { containerPort: Number(lb.ContainerPort) } : {}),
  };
}
