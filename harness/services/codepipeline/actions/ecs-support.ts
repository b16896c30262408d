/**
 * What the ECS deploy actions share: an input artifact's files, read from the artifact store as the acting principal
 * (so the action role's S3 and KMS permissions apply, and their refusal reads as E083), and an ECS or CodeDeploy
 * refusal turned into the action's failure.
 * Known deviation: the failure text of a refused ECS or CodeDeploy call is the call's error as the SDK for Java prints
 * it ("<message> (Service: AmazonECS; Status Code: 400; Error Code: <code>; Request ID: <id>)"), the form CodePipeline
 * uses for CloudFormation's (failures.ts E086); no recorded CodePipeline answer for these actions was found.
 */
import { randomUUID } from 'node:crypto';
import { isAwsError, type AwsError } from '../../../core/errors.js';
import { unzip } from '../artifacts.js';
import { ActionFailure } from '../failures.js';
import { isNotEmulated } from '../sessions.js';
import { inputArtifactBytes } from './input-artifacts.js';
import type { ActionEnv } from './types.js';

/** The files of an input artifact of the action, by path. */
export async function artifactFiles(env: ActionEnv, artifact: string): Promise<Record<string, Uint8Array>> {
  const location = env.inputs.get(artifact);
  if (!location) throw new ActionFailure(`Artifact ${artifact} is not an input artifact of action ${env.declaration.name}`);
  const bytes = await inputArtifactBytes(env, location);
  try {
    return unzip(bytes);
  } catch {
    throw new ActionFailure(`Artifact ${artifact} is not a valid zip file`);
  }
}

/** A file of an input artifact, as text. */
export async function artifactText(env: ActionEnv, artifact: string, path: string): Promise<string> {
  const file = (await artifactFiles(env, artifact))[path];
  if (!file) throw new ActionFailure(`File ${path} does not exist in artifact ${artifact}`);
  return Buffer.from(file).toString('utf8');
}

export function serviceFailure(label: string, e: AwsError): ActionFailure {
  return new ActionFailure(`${e.message.replace(/\.$/, '')} (Service: ${label}; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${randomUUID()})`);
}

/** A call of `service` as the action's principal; its AWS errors become the action's failure. */
export async function actionCall<T>(service: 'ecs' | 'codedeploy', label: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isNotEmulated(e, service)) throw new ActionFailure(`${label} is not emulated yet`);
    if (isAwsError(e)) throw serviceFailure(label, e);
    throw e;
  }
}

/** JSON of an artifact file, or the action's failure naming it. */
export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ActionFailure(`${what} is not valid JSON`);
  }
}
