import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { defineScenario, type WorldHandle } from '../harness/runner/index.js';
import scenario from './ecs-codedeploy-missing-pass-role.scenario.js';

// The seed's fix (ECS developer guide, seed 002): add an iam:PassRole policy for the task execution role to the
// CodeDeploy role. The same blue/green deployment then runs to its end through the emulated CodeDeploy and ECS: the
// replacement task set is created as the CodeDeploy role, made primary, and the original one removed.
async function prepare(world: WorldHandle): Promise<void> {
  await scenario.prepare!(world);
  const iam = new IAMClient(world.clientConfig(world.names.targetAccount));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'ecsCodeDeployRole',
      PolicyName: 'cdTaskExecutionPolicy',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: [`arn:aws:iam::${world.names.targetAccount}:role/xacct-app-task-execution-role`] }],
      }),
    }),
  );
}

export default defineScenario({
  ...scenario,
  name: 'ecs-codedeploy-pass-role-granted',
  title: 'With the seed\'s iam:PassRole policy, the ECS CodeDeploy role may pass the task execution role',
  prepare,
  expect: { outcome: 'success' },
});
