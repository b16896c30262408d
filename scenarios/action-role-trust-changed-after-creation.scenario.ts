import { IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { defineScenario, handoff, type WorldHandle } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Drift: the pipeline was created while the trust was right; later someone narrows the action role's trust
// policy to its own account. The next run fails when the pipeline role assumes the action role (errors.jsonl E048).
async function prepare(world: WorldHandle): Promise<void> {
  const n = world.names;
  const iam = new IAMClient(world.clientConfig(n.targetAccount));
  await iam.send(
    new UpdateAssumeRolePolicyCommand({
      RoleName: n.options.names.actionRole,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${n.targetAccount}:root` }, Action: 'sts:AssumeRole' }] }),
    }),
  );
}

export default defineScenario({
  name: 'action-role-trust-changed-after-creation',
  title: "The action role's trust policy stops naming the pipeline account after the pipeline was created",
  source: KC_CLOUDFORMATION,
  prepare,
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'assume-action-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) => `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${n.options.names.pipelineRole}/<session> is not authorized to perform: sts:AssumeRole on resource: ${n.actionRoleArn}`,
  },
});
