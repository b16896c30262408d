/**
 * Test-only helpers for CodeBuild: a service role trusted by codebuild.amazonaws.com (or not), a source bucket with a
 * zip, and a wait for a build's end through BatchGetBuilds as clients poll it.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
 */
import { BatchGetBuildsCommand, type Build, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { StageDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { RunningEmulator } from '../../index.js';
import { allow, trust } from '../codepipeline/test-fixtures.js';

export { allow, trust };

/** A role in `account` trusted by `trusted`, allowed `actions`; answers its ARN. */
export async function createRole(emu: RunningEmulator, account: string, name: string, trusted: object, actions: string[]): Promise<string> {
  const iam = new IAMClient(emu.clientConfig(account));
  const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(trusted) }));
  if (actions.length > 0) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'build', PolicyDocument: allow(actions) }));
  return role.Role!.Arn!;
}

/** Polls BatchGetBuilds until the build is complete. */
export async function waitForBuild(cb: CodeBuildClient, id: string, timeoutMs = 20_000): Promise<Build> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const build = (await cb.send(new BatchGetBuildsCommand({ ids: [id] }))).builds![0]!;
    if (build.buildComplete) return build;
    if (performance.now() > deadline) throw new Error(`build ${id} did not complete within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A pipeline stage with one CodeBuild action building `project` from `input` into `output` (action-reference-CodeBuild.html). */
export function buildStage(project: string, input: string, output = 'BuildOutput'): StageDeclaration {
  return {
    name: 'Build',
    actions: [
      {
        name: 'Build',
        actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
        configuration: { ProjectName: project },
        inputArtifacts: [{ name: input }],
        outputArtifacts: [{ name: output }],
      },
    ],
  };
}
