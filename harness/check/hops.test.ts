/**
 * The hops derived from a pipeline's definition and the world's CodeBuild projects and EventBridge rules
 * (harness/check/hops.ts, event-hops.ts): who makes each request, on what, and which earlier hop it needs. The order
 * and principals follow CodePipeline's cross-account model
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html), CodeBuild's
 * service role (https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html) and
 * EventBridge's cross-account delivery (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html).
 */
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { describe, expect, it } from 'vitest';
import { eventHops } from './event-hops.js';
import { artifactWriters, pipelineHops } from './hops.js';

const PIPELINE = '111111111111';
const REPO = '333333333333';
const TARGET = '222222222222';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

const declaration: PipelineDeclaration = {
  name: 'app',
  roleArn: role(PIPELINE, 'pipeline'),
  artifactStore: { type: 'S3', location: 'artifacts', encryptionKey: { id: `arn:aws:kms:us-east-1:${PIPELINE}:key/k`, type: 'KMS' } },
  stages: [
    {
      name: 'Source',
      actions: [
        {
          name: 'Commit',
          roleArn: role(REPO, 'source'),
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'app', BranchName: 'main' },
          outputArtifacts: [{ name: 'Src' }],
        },
      ],
    },
    {
      name: 'Build',
      actions: [
        {
          name: 'Build',
          actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          configuration: { ProjectName: 'build' },
          inputArtifacts: [{ name: 'Src' }],
          outputArtifacts: [{ name: 'Built' }],
        },
      ],
    },
    {
      name: 'Deploy',
      actions: [
        {
          name: 'Stack',
          roleArn: role(TARGET, 'deployer'),
          actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
          configuration: { ActionMode: 'CREATE_UPDATE', StackName: 's', RoleArn: role(TARGET, 'cfn'), TemplatePath: 'Built::t.yaml' },
          inputArtifacts: [{ name: 'Built' }],
        },
      ],
    },
  ],
};

describe('hops of a pipeline with a CodeCommit source in another account, a CodeBuild build and a cross-account deploy', () => {
  const hops = pipelineHops({ account: PIPELINE, declaration }, 'us-east-1', {
    project: (account, name) => (account === PIPELINE && name === 'build' ? { serviceRole: role(PIPELINE, 'build') } : undefined),
  });
  const byId = new Map(hops.map((h) => [h.plan.id.replace(`${PIPELINE}/app/`, ''), h]));

  it('makes each request as the principal that makes it in AWS, in the order of the run', () => {
    expect(hops.map((h) => [h.plan.id.replace(`${PIPELINE}/app/`, ''), h.plan.principal, h.plan.resource])).toEqual([
      ['assume-pipeline-role', 'codepipeline.amazonaws.com', role(PIPELINE, 'pipeline')],
      ['Source/Commit/assume-action-role', role(PIPELINE, 'pipeline'), role(REPO, 'source')],
      ['Source/Commit/read-repository', role(REPO, 'source'), `arn:aws:codecommit:us-east-1:${REPO}:app`],
      ['Source/Commit/write-artifact/Src', role(REPO, 'source'), 'arn:aws:s3:::artifacts/app/Src/*'],
      ['Build/Build/start-build', role(PIPELINE, 'pipeline'), `arn:aws:codebuild:us-east-1:${PIPELINE}:project/build`],
      ['Build/Build/codebuild-assumes-role', 'codebuild.amazonaws.com', role(PIPELINE, 'build')],
      ['Build/Build/read-artifact/Src', role(PIPELINE, 'build'), 'arn:aws:s3:::artifacts/app/Src/*'],
      ['Build/Build/write-artifact/Built', role(PIPELINE, 'build'), 'arn:aws:s3:::artifacts/app/Built/*'],
      ['Deploy/Stack/assume-action-role', role(PIPELINE, 'pipeline'), role(TARGET, 'deployer')],
      ['Deploy/Stack/read-artifact/Built', role(TARGET, 'deployer'), 'arn:aws:s3:::artifacts/app/Built/*'],
      ['Deploy/Stack/pass-role', role(TARGET, 'deployer'), role(TARGET, 'cfn')],
      ['Deploy/Stack/cloudformation-assumes-role', 'cloudformation.amazonaws.com', role(TARGET, 'cfn')],
    ]);
  });

  it("writes a build's output with the project's key: aws/s3 when the project names none, which another account cannot use", () => {
    expect(byId.get('Build/Build/write-artifact/Built')!.act).toMatchObject({ kind: 'write-artifact', kmsKeyId: 'alias/aws/s3' });
    expect(byId.get('Build/Build/write-artifact/Built')!.plan.key).toBe('alias/aws/s3');
    expect(byId.get('Source/Commit/write-artifact/Src')!.plan.key).toBe(`arn:aws:kms:us-east-1:${PIPELINE}:key/k`);
  });

  it("passes the deploy role on the action's own stack, as the action does (an action role may be scoped to it)", () => {
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html: StackName, ActionMode.
    expect(byId.get('Deploy/Stack/pass-role')!.act).toEqual({ kind: 'pass-role', as: role(TARGET, 'deployer'), roleArn: role(TARGET, 'cfn'), stackName: 's' });
  });

  it('makes a hop wait for the session and the artifact it needs', () => {
    expect(byId.get('Deploy/Stack/read-artifact/Built')!.needs).toEqual([`${PIPELINE}/app/Deploy/Stack/assume-action-role`, `${PIPELINE}/app/Build/Build/write-artifact/Built`]);
    expect(byId.get('Build/Build/read-artifact/Src')!.needs).toEqual([`${PIPELINE}/app/Build/Build/codebuild-assumes-role`, `${PIPELINE}/app/Source/Commit/write-artifact/Src`]);
  });

  it("names each artifact's writer as its write-artifact hop acts (what the runner's write-artifact step writes as)", () => {
    const lookups = { project: (account: string, name: string) => (account === PIPELINE && name === 'build' ? { serviceRole: role(PIPELINE, 'build'), encryptionKey: 'k2' } : undefined) };
    const writers = artifactWriters(declaration, lookups);
    expect(Object.fromEntries(writers)).toEqual({
      Src: { stage: 'Source', action: 'Commit', kind: 'action-role', roleArn: role(REPO, 'source') },
      Built: { stage: 'Build', action: 'Build', kind: 'codebuild', roleArn: role(PIPELINE, 'build'), project: 'build', kmsKeyId: 'k2' },
    });
    // The same principals as the hops; a project that does not exist leaves its action's actor (the pipeline role).
    for (const [name, w] of writers) expect(hops.find((h) => h.plan.id.endsWith(`/write-artifact/${name}`))!.plan.principal).toBe(w.roleArn);
    expect(artifactWriters(declaration, { project: () => undefined }).get('Built')).toEqual({ stage: 'Build', action: 'Build', kind: 'pipeline-role', roleArn: role(PIPELINE, 'pipeline') });
  });

  it('adds the event hops: the repository account forwards to the pipeline account, whose rule starts the pipeline', () => {
    const busArn = (account: string) => `arn:aws:events:us-east-1:${account}:event-bus/default`;
    const events = eventHops({ account: PIPELINE, declaration }, 'us-east-1', [
      { account: REPO, rule: 'forward', ruleArn: `arn:aws:events:us-east-1:${REPO}:rule/forward`, busArn: busArn(REPO), targetArn: busArn(PIPELINE), roleArn: role(REPO, 'forwarder') },
      { account: PIPELINE, rule: 'start', ruleArn: `arn:aws:events:us-east-1:${PIPELINE}:rule/start`, busArn: busArn(PIPELINE), targetArn: `arn:aws:codepipeline:us-east-1:${PIPELINE}:app`, roleArn: role(PIPELINE, 'starter') },
      { account: PIPELINE, rule: 'unrelated', ruleArn: `arn:aws:events:us-east-1:${PIPELINE}:rule/unrelated`, busArn: busArn(PIPELINE), targetArn: `arn:aws:codepipeline:us-east-1:${PIPELINE}:other`, roleArn: role(PIPELINE, 'x') },
    ]);
    expect(events.map((h) => [h.plan.id.replace(`${PIPELINE}/app/`, ''), h.plan.principal, h.plan.resource])).toEqual([
      [`trigger/${REPO}:forward/events-assumes-role`, 'events.amazonaws.com', role(REPO, 'forwarder')],
      [`trigger/${REPO}:forward/put-events`, role(REPO, 'forwarder'), busArn(PIPELINE)],
      [`trigger/${PIPELINE}:start/events-assumes-role`, 'events.amazonaws.com', role(PIPELINE, 'starter')],
      [`trigger/${PIPELINE}:start/start-pipeline`, role(PIPELINE, 'starter'), `arn:aws:codepipeline:us-east-1:${PIPELINE}:app`],
    ]);
  });
});
