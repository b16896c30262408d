/**
 * Deploy/AWS/CodeDeployToECS (ECS blue/green through CodeDeploy), as the acting principal (the action role in the
 * target account for a cross-account pipeline):
 * 1. reads the task definition template (TaskDefinitionTemplateArtifact / TaskDefinitionTemplatePath, default
 *    taskdef.json) and the AppSpec template (AppSpecTemplateArtifact / AppSpecTemplatePath, default appspec.yaml);
 * 2. for Image1..Image4 ArtifactName/ContainerName, reads the image artifact's imageDetail.json ({"ImageURI": …}) and
 *    puts its image where the task definition says `<ContainerName>` (the placeholder, e.g. "<IMAGE1_NAME>");
 * 3. registers the task definition (ecs:RegisterTaskDefinition and iam:PassRole of its roles, as the action role:
 *    AWS asks the action role for both);
 * 4. puts the new task definition ARN where the AppSpec says `<TASK_DEFINITION>` and creates the CodeDeploy
 *    deployment with that AppSpec; CodeDeploy then runs it as the deployment group's service role;
 * 5. waits for the deployment (GetDeployment as the action role): Succeeded succeeds the action, anything else fails it.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html#file-reference-ecs-bluegreen
 * A refused CodeDeploy call fails the action with "The provided role does not have sufficient permissions to access
 * CodeDeploy" (code PermissionError), as quoted from a cross-account CodeDeployToECS pipeline in
 * https://stackguides.com/questions/56781776/codepipeline-ecs-blue-green-deployment-cross-account-fails-with-permissionerror.
 * Known deviations: a refused ECS call and a failed deployment are worded by xacct (ecs-support.ts; "Deployment <id>
 * failed: <CodeDeploy's errorInformation message>"), not from recorded answers.
 */
import type * as codedeploy from '@aws-sdk/client-codedeploy';
import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type * as ecs from '@aws-sdk/client-ecs';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { isAwsError } from '../../../core/errors.js';
import { sdkInvoke } from '../../sdk-model.js';
import { ActionFailure } from '../failures.js';
import { isNotEmulated } from '../sessions.js';
import { actionCall, artifactText, parseJson } from './ecs-support.js';
import type { ActionEnv, ActionHandler } from './types.js';

const POLL_MS = 2;
const MAX_WAIT_MS = 120_000;
const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

const permissionError = () => new ActionFailure('The provided role does not have sufficient permissions to access CodeDeploy', 'PermissionError');

async function codeDeployCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isNotEmulated(e, 'codedeploy')) throw new ActionFailure('CodeDeploy is not emulated yet');
    if (isAwsError(e) && (e.status === 403 || /AccessDenied/.test(e.code))) throw permissionError();
    if (isAwsError(e)) throw new ActionFailure(`${e.code}: ${e.message}`);
    throw e;
  }
}

/** The task definition with each image placeholder replaced by its image artifact's ImageURI. */
async function taskDefinition(env: ActionEnv, config: Record<string, string>): Promise<RegisterTaskDefinitionCommandInput> {
  let text = await artifactText(env, config['TaskDefinitionTemplateArtifact']!, config['TaskDefinitionTemplatePath'] ?? 'taskdef.json');
  for (let i = 1; i <= 4; i++) {
    const artifact = config[`Image${i}ArtifactName`];
    const placeholder = config[`Image${i}ContainerName`];
    if (!artifact || !placeholder) continue;
    const detail = parseJson<{ ImageURI?: string }>(await artifactText(env, artifact, 'imageDetail.json'), `imageDetail.json of ${artifact}`);
    if (!detail.ImageURI) throw new ActionFailure(`imageDetail.json of ${artifact} has no ImageURI`);
    text = text.split(`<${placeholder}>`).join(detail.ImageURI);
  }
  return parseJson<RegisterTaskDefinitionCommandInput>(text, 'The task definition file');
}

export const codeDeployToEcs: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const as = { as: env.principal };
  const ecsCall = sdkInvoke<typeof ecs>(env.invoke, 'ecs');
  const cdCall = sdkInvoke<typeof codedeploy>(env.invoke, 'codedeploy');

  const template = await taskDefinition(env, config);
  const appSpecTemplate = await artifactText(env, config['AppSpecTemplateArtifact']!, config['AppSpecTemplatePath'] ?? 'appspec.yaml');
  const registered = (await actionCall('ecs', 'AmazonECS', () => ecsCall('RegisterTaskDefinition', template, as))).taskDefinition!;
  const appSpec = appSpecTemplate.split('<TASK_DEFINITION>').join(registered.taskDefinitionArn!);
  const { deploymentId } = await codeDeployCall(() =>
    cdCall(
      'CreateDeployment',
      { applicationName: config['ApplicationName'], deploymentGroupName: config['DeploymentGroupName'], revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } } },
      as,
    ),
  );
  const deadline = performance.now() + MAX_WAIT_MS;
  let info: DeploymentInfo = {};
  while (!FINAL.has(info.status ?? '')) {
    if (performance.now() > deadline) throw new ActionFailure(`Deployment ${deploymentId} did not reach a final state in time`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    info = (await codeDeployCall(() => cdCall('GetDeployment', { deploymentId }, as))).deploymentInfo ?? {};
  }
  if (info.status !== 'Succeeded') throw new ActionFailure(`Deployment ${deploymentId} failed: ${info.errorInformation?.message ?? info.status}`);
  return { summary: `Deployment ${deploymentId} of ${registered.taskDefinitionArn} succeeded`, externalExecutionId: deploymentId };
};
