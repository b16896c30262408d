/**
 * Every bundled scenario, run against a user's own setup that is not the reference (issue 17 item 4): the
 * Terraform HCL of test/fixtures/terraform-user-pipeline (other accounts and names, a test and a prod target, the
 * action roles' grants in attached customer managed policies, AdministratorAccess on the deploy roles, no S3 deploy
 * action; its README says how it differs). Each negative must give its failure (its own expectation: AWS's code,
 * HTTP status and message at the named step, cited in its file), each positive must succeed, or the scenario is "not
 * applicable" with the reason its mutation or step gives.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { findScenarioFiles, loadScenarios } from '../../harness/runner/load.js';
import { runScenarios } from '../../harness/runner/runner.js';

const ROOT = resolve(import.meta.dirname, '../..');
const stacks = { kind: 'terraform' as const, dir: resolve(ROOT, 'test/fixtures/terraform-user-pipeline') };

const NO_S3_DEPLOY = 'the pipeline payments-release has no S3 deploy action (it has: Test/Deploy-test (CloudFormation), Prod/Deploy-prod (CloudFormation))';

/** The scenarios this setup cannot have, and why: it has no S3 deploy action. */
const NOT_APPLICABLE: Record<string, string> = {
  's3-deploy': `not applicable: step "assume-action-role" found nothing to act for: ${NO_S3_DEPLOY}`,
  'action-role-missing-deploy-bucket-write':
    'not applicable: the mutation "remove s3:PutObject from the action role\'s policies" found nothing to change (it looked for s3:PutObject in the action role\'s inline and attached managed policies, on a resource this pipeline does not have)',
  'pipeline-run-deploy-bucket-write-denied':
    'not applicable: the mutation "remove s3:PutObject from the action role\'s policies" found nothing to change (it looked for s3:PutObject in the action role\'s inline and attached managed policies, on a resource this pipeline does not have)',
  'object-writer-owner-cannot-read':
    'not applicable: the mutation "make the S3 deploy action\'s bucket ObjectWriter and let the pipeline role write into it" found nothing to change (it looked for an S3 deploy action whose bucket is in the target account)',
};

describe("the bundled scenarios on a user's own setup", () => {
  it('each negative gives its failure and each positive succeeds, or it is not applicable and says why', async () => {
    const bundled = await loadScenarios(await findScenarioFiles([]));
    expect(bundled.filter((l) => l.scenario.expect.outcome === 'denied').length).toBeGreaterThanOrEqual(35);
    // None changes the setup through the reference stacks' switches: a user's stacks would ignore them.
    expect(bundled.filter((l) => l.scenario.setup !== undefined).map((l) => l.scenario.name)).toEqual([]);
    const results = await runScenarios(bundled, { backend: embeddedBackend(), stacks });
    const outcome = results.map((r) => [r.name, r.status, r.status === 'not-applicable' ? r.notes.at(-1) : r.diff]);
    expect(outcome).toEqual(results.map((r) => (r.name in NOT_APPLICABLE ? [r.name, 'not-applicable', NOT_APPLICABLE[r.name]] : [r.name, 'passed', []])));
    const notes = (name: string) => results.find((r) => r.name === name)!.notes;
    // The commit ran the whole pipeline through both CloudFormation targets: with no S3 deploy action there is no page
    // to compare, and the last step says so rather than making the scenario not applicable.
    expect(notes('repository-account-source')).toContain(`deployed-commit: ${NO_S3_DEPLOY}; the commit's arrival is the execution's success`);
    // The mutations acted on this setup's own names, for both targets, and where its grants are (managed policies).
    expect(notes('action-role-missing-kms-decrypt')).toEqual(
      expect.arrayContaining([
        'mutation: removed kms:Decrypt (statement DecryptArtifacts) from managed policy arn:aws:iam::777788889999:policy/payments-test-pipeline-action attached to arn:aws:iam::777788889999:role/payments-test-pipeline-action (a new default version)',
        'mutation: removed kms:Decrypt (statement DecryptArtifacts) from managed policy arn:aws:iam::111122223333:policy/payments-prod-pipeline-action attached to arn:aws:iam::111122223333:role/payments-prod-pipeline-action (a new default version)',
      ]),
    );
    expect(notes('cloudformation-role-in-other-account')).toEqual(
      expect.arrayContaining([
        'mutation: created arn:aws:iam::444455556666:role/payments-test-cfn-exec, a copy of arn:aws:iam::777788889999:role/payments-test-cfn-exec (trust and permissions) in account 444455556666',
        'mutation: pointed action Deploy-prod (stage Prod) of pipeline payments-release at arn:aws:iam::444455556666:role/payments-prod-cfn-exec',
      ]),
    );
    expect(notes('artifact-aws-managed-key')).toEqual(
      expect.arrayContaining([
        "mutation: bucket payments-pipeline-artifacts-444455556666's default encryption names no key any more (aws/s3)",
      ]),
    );
  }, 240_000);
});
