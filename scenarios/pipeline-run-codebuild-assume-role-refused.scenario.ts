import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { defineScenario, handoff } from '../harness/runner/index.js';
import { addBuildStage, CODEBUILD_ACTION } from './codebuild-stage.js';
import { actionFailure } from './sources.js';

// A buildspec deploys into the target account with `aws sts assume-role`, but the target role trusts only the
// pipeline role, not the CodeBuild service role: STS refuses the build role's session (errors.jsonl E049), the
// command exits non-zero and the build fails in BUILD with COMMAND_EXECUTION_ERROR, as the Build action reports it
// ("Build terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing
// command: … Reason: exit status <n>"). The commands run only with runBuilds; STS's answer is in the build's log.
const ROLE = 'build-deployer';

export default defineScenario({
  name: 'pipeline-run-codebuild-assume-role-refused',
  title: "A buildspec's `aws sts assume-role` into the target account is refused by the target role's trust policy",
  source: CODEBUILD_ACTION,
  runBuilds: true,
  async prepare(world) {
    const { pipelineRoleArn, targetAccount } = world.names;
    await new IAMClient(world.clientConfig(targetAccount)).send(
      new CreateRoleCommand({
        RoleName: ROLE,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: pipelineRoleArn }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await addBuildStage(world, {
      buildRoleActions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'sts:AssumeRole'],
      buildspec: `version: 0.2
phases:
  build:
    commands:
      - aws sts assume-role --role-arn arn:aws:iam::${targetAccount}:role/${ROLE} --role-session-name deploy
artifacts:
  files:
    - '**/*'
`,
    });
  },
  steps: [handoff.runPipeline({ timeoutMs: 60_000 })],
  expect: actionFailure(
    (n) =>
      `Build terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: aws sts assume-role --role-arn arn:aws:iam::${n.targetAccount}:role/${ROLE} --role-session-name deploy. Reason: exit status <status>`,
  ),
});
