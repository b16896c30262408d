import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { defineScenario, handoffEcs, type WorldHandle } from '../harness/runner/index.js';

// A cross-account ECS blue/green delivery (AWS's CodeDeployToECS action reference and the ECS developer guide, seed
// 002): the pipeline account's pipeline runs CodeDeployToECS as the target account's action role, which registers the
// task definition (ecs:RegisterTaskDefinition, iam:PassRole of ecsTaskExecutionRole) and starts the CodeDeploy
// deployment; CodeDeploy then deploys it as the target's CodeDeploy role with AWSCodeDeployRoleForECS.
const OPTIONS = { codeDeployRole: 'ecsCodeDeployRole', taskExecutionRole: 'ecsTaskExecutionRole' };

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

async function prepare(world: WorldHandle): Promise<void> {
  const n = world.names;
  const iam = new IAMClient(world.clientConfig(n.targetAccount));
  await iam.send(new CreateRoleCommand({ RoleName: 'ecsCodeDeployRole', AssumeRolePolicyDocument: trust('codedeploy.amazonaws.com') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ecsCodeDeployRole', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS' }));
  await iam.send(new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
  // What the CodeDeployToECS action role needs beyond the artifact hand-off (CodePipeline user guide, "Permissions for
  // the CodeDeployToECS action").
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: n.actionRoleArn.slice(n.actionRoleArn.lastIndexOf('/') + 1),
      PolicyName: 'ecs-blue-green',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['ecs:RegisterTaskDefinition', 'codedeploy:CreateDeployment', 'codedeploy:GetDeployment'], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${n.targetAccount}:role/ecsTaskExecutionRole`, Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
        ],
      }),
    }),
  );
}

export default defineScenario({
  name: 'ecs-codedeploy-pipeline-cross-account',
  title: 'A cross-account pipeline deploys an ECS service blue/green through CodeDeploy in the target account',
  source: { title: 'AWS CodePipeline User Guide: Amazon ECS and CodeDeploy blue/green deploy action reference', url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html' },
  prepare,
  steps: handoffEcs.codeDeployToEcsPipeline(OPTIONS),
  needs: ['codepipelineExecutions'],
  expect: { outcome: 'success' },
});
