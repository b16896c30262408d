/**
 * Deploy/AWS/ECS (the standard ECS deploy action): the input artifact's image definitions file (FileName, default
 * imagedefinitions.json: [{"name": <container>, "imageUri": <image>}]) gives new images to the service's current task
 * definition; the action registers that as a new revision and updates the service to it, all as the acting principal
 * (an action role in the target account for a cross-account pipeline), so ECS authorizes ecs:DescribeServices,
 * ecs:DescribeTaskDefinition, ecs:RegisterTaskDefinition (with iam:PassRole of its roles) and ecs:UpdateService.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html#pipelines-create-image-definitions
 * Known deviations: DeploymentTimeout is ignored (no tasks run, the service is stable at once); the texts of a
 * refused call and of a missing file are not recorded AWS wordings (ecs-support.ts).
 */
import type * as ecs from '@aws-sdk/client-ecs';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { sdkInvoke } from '../../sdk-model.js';
import { ActionFailure } from '../failures.js';
import { actionCall, artifactText, parseJson } from './ecs-support.js';
import type { ActionHandler } from './types.js';

const LABEL = 'AmazonECS';

export const ecsDeploy: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const cluster = config['ClusterName']!;
  const serviceName = config['ServiceName']!;
  const input = env.declaration.inputArtifacts![0]!.name!;
  const images = parseJson<Array<{ name?: string; imageUri?: string }>>(await artifactText(env, input, config['FileName'] ?? 'imagedefinitions.json'), 'The image definitions file');
  const call = sdkInvoke<typeof ecs>(env.invoke, 'ecs');
  const as = { as: env.principal };

  const described = await actionCall('ecs', LABEL, () => call('DescribeServices', { cluster, services: [serviceName] }, as));
  const service = described.services?.[0];
  if (!service || service.status !== 'ACTIVE') throw new ActionFailure(`The service ${serviceName} does not exist in cluster ${cluster}`);
  const current = (await actionCall('ecs', LABEL, () => call('DescribeTaskDefinition', { taskDefinition: service.taskDefinition }, as))).taskDefinition!;
  const containers = (current.containerDefinitions ?? []).map((c) => {
    const image = images.find((i) => i.name === c.name)?.imageUri;
    return image ? { ...c, image } : c;
  });
  const unknown = images.filter((i) => !containers.some((c) => c.name === i.name)).map((i) => i.name);
  if (unknown.length) throw new ActionFailure(`The image definitions file names containers the task definition does not have: ${unknown.join(', ')}`);
  const next: RegisterTaskDefinitionCommandInput = {
    family: current.family,
    containerDefinitions: containers,
    taskRoleArn: current.taskRoleArn,
    executionRoleArn: current.executionRoleArn,
    networkMode: current.networkMode,
    volumes: current.volumes,
    placementConstraints: current.placementConstraints,
    requiresCompatibilities: current.requiresCompatibilities,
    cpu: current.cpu,
    memory: current.memory,
  };
  const registered = (await actionCall('ecs', LABEL, () => call('RegisterTaskDefinition', next, as))).taskDefinition!;
  await actionCall('ecs', LABEL, () => call('UpdateService', { cluster, service: serviceName, taskDefinition: registered.taskDefinitionArn }, as));
  return { summary: `Deployed ${registered.taskDefinitionArn} to service ${serviceName} in cluster ${cluster}` };
};
