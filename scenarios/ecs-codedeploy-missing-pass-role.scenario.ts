import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { defineScenario, handoff, type Step, type WorldHandle } from '../harness/runner/index.js';

// Amazon ECS developer guide (Korean edition, seed 002): with AWSCodeDeployRoleForECSLimited, the CodeDeploy role
// may pass only a role named ecsTaskExecutionRole; a task execution role with another name needs an explicit
// iam:PassRole grant on the CodeDeploy role (errors.jsonl E066 wording).
const TASK_ROLE = 'xacct-app-task-execution-role';

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

async function prepare(world: WorldHandle): Promise<void> {
  const iam = new IAMClient(world.clientConfig(world.names.targetAccount));
  await iam.send(new CreateRoleCommand({ RoleName: 'ecsCodeDeployRole', AssumeRolePolicyDocument: trust('codedeploy.amazonaws.com') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ecsCodeDeployRole', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECSLimited' }));
  await iam.send(new CreateRoleCommand({ RoleName: TASK_ROLE, AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
}

const codeDeployAssumesRole: Step = {
  id: 'codedeploy-assumes-role',
  title: 'CodeDeploy assumes the ECS CodeDeploy role',
  principal: () => 'codedeploy.amazonaws.com',
  async run(ctx) {
    ctx.sessions.set('codedeploy', await ctx.world.assumeRoleAsService(`arn:aws:iam::${ctx.names.targetAccount}:role/ecsCodeDeployRole`, 'codedeploy.amazonaws.com', 'xacct-deployment'));
  },
};

const passTaskExecutionRole: Step = {
  id: 'pass-task-execution-role',
  title: 'The CodeDeploy role passes the task execution role to ECS (CreateTaskSet)',
  principal: (n) => `arn:aws:iam::${n.targetAccount}:role/ecsCodeDeployRole (session)`,
  async run(ctx) {
    ctx.note('ECS is not emulated: the iam:PassRole that CreateTaskSet needs was checked through the policy engine');
    const caller = await ctx.world.whoAmI(ctx.sessions.get('codedeploy')!);
    const roleArn = `arn:aws:iam::${ctx.names.targetAccount}:role/${TASK_ROLE}`;
    const verdict = await ctx.world.decide!(caller.principal, { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }, 'iam');
    if (verdict.decision !== 'allowed') throw new handoff.StepFailure('AccessDenied', 403, verdict.message, verdict.explanation);
  },
};

export default defineScenario({
  name: 'ecs-codedeploy-missing-pass-role',
  title: 'The ECS CodeDeploy role may not pass a task execution role with a custom name',
  source: { title: 'Amazon ECS Developer Guide: Amazon ECS CodeDeploy IAM role (Korean edition)', seed: '002_d1c98b40d1234efa.txt', url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html' },
  prepare,
  steps: [codeDeployAssumesRole, passTaskExecutionRole],
  needs: ['enforcesIam'],
  expect: {
    outcome: 'denied',
    step: 'pass-task-execution-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/ecsCodeDeployRole/xacct-deployment is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${n.targetAccount}:role/${TASK_ROLE} because no identity-based policy allows the iam:PassRole action`,
  },
});
