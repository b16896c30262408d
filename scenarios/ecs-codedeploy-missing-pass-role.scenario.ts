import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { defineScenario, handoffEcs, type WorldHandle } from '../harness/runner/index.js';

// Amazon ECS developer guide (Korean edition, seed 002): with AWSCodeDeployRoleForECSLimited, the CodeDeploy role
// may pass only a task execution role named ecsTaskExecutionRole (or ECSTaskExecution*, AWS's current version); a role
// named otherwise needs an explicit iam:PassRole grant on the CodeDeploy role. The deployment runs through the
// emulated CodeDeploy and ECS: ECS refuses CreateTaskSet, called as the CodeDeploy role's session, with its 400
// AccessDeniedException in IAM's words (github.com/serverless-operations/serverless-step-functions/pull/189,
// github.com/LBHackney-IT/Data-Platform/pull/1992). The session name AWSCodeDeploy is xacct's (AWS's is not recorded).
const TASK_ROLE = 'xacct-app-task-execution-role';
const OPTIONS = { codeDeployRole: 'ecsCodeDeployRole', taskExecutionRole: TASK_ROLE };

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

async function prepare(world: WorldHandle): Promise<void> {
  const iam = new IAMClient(world.clientConfig(world.names.targetAccount));
  await iam.send(new CreateRoleCommand({ RoleName: 'ecsCodeDeployRole', AssumeRolePolicyDocument: trust('codedeploy.amazonaws.com') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ecsCodeDeployRole', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECSLimited' }));
  await iam.send(new CreateRoleCommand({ RoleName: TASK_ROLE, AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
}

export default defineScenario({
  name: 'ecs-codedeploy-missing-pass-role',
  title: 'The ECS CodeDeploy role may not pass a task execution role with a custom name',
  source: { title: 'Amazon ECS Developer Guide: Amazon ECS CodeDeploy IAM role (Korean edition)', seed: '002_d1c98b40d1234efa.txt', url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html' },
  prepare,
  steps: handoffEcs.blueGreenDeployment(OPTIONS),
  needs: ['enforcesIam'],
  expect: {
    outcome: 'denied',
    step: 'create-task-set',
    code: 'AccessDeniedException',
    status: 400,
    message: (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/ecsCodeDeployRole/AWSCodeDeploy is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${n.targetAccount}:role/${TASK_ROLE} because no identity-based policy allows the iam:PassRole action`,
  },
});
