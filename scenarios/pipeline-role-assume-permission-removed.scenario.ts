import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { defineScenario, handoff, type WorldHandle } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Drift: after the pipeline exists, its role's policy loses the sts:AssumeRole statement. Across accounts the
// trust policy alone is not enough, so the run fails at the hand-over to the target account (errors.jsonl E048).
type Doc = { Version: string; Statement: Array<{ Action?: string | string[] }> };

async function prepare(world: WorldHandle): Promise<void> {
  const n = world.names;
  const iam = new IAMClient(world.clientConfig(n.pipelineAccount));
  const role = n.options.names.pipelineRole;
  for (const name of (await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? []) {
    const doc = JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }))).PolicyDocument!)) as Doc;
    const kept = doc.Statement.filter((s) => ![s.Action].flat().includes('sts:AssumeRole'));
    if (kept.length !== doc.Statement.length) {
      await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: JSON.stringify({ ...doc, Statement: kept }) }));
    }
  }
}

export default defineScenario({
  name: 'pipeline-role-assume-permission-removed',
  title: 'The pipeline role loses sts:AssumeRole on the target account roles after the pipeline was created',
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
