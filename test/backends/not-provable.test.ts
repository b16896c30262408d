/**
 * A backend declared without IAM enforcement (issue 9, item 3): positive scenarios must pass; a negative scenario
 * is "not provable on this backend" whether the refusal happened or not, in the table, JSON and JUnit reports,
 * and never counts as passed; a positive scenario that fails still fails, so such a run cannot look greener
 * than it is. The fake backend is the embedded emulator declaring enforcesIam: false.
 */
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import type { Backend } from '../../harness/runner/backends/backend.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { BUNDLED_SCENARIOS, loadScenarios } from '../../harness/runner/load.js';
import { renderJson } from '../../harness/runner/reporters/json.js';
import { renderJunit } from '../../harness/runner/reporters/junit.js';
import { renderTable } from '../../harness/runner/reporters/table.js';
import { runScenarios, type LoadedScenario } from '../../harness/runner/runner.js';
import type { ScenarioResult } from '../../harness/runner/scenario.js';

function withoutEnforcement(): Backend {
  const inner = embeddedBackend();
  return { ...inner, name: 'no-iam', capabilities: { ...inner.capabilities, enforcesIam: false } };
}

const NOTE = 'not provable on the no-iam backend: it does not enforce IAM, so a refusal (or its absence) proves nothing';

/** A negative scenario whose refusal never comes: on an enforcing backend it fails; here it is not provable. */
const refusalThatNeverComes = defineScenario({
  name: 'negative-without-refusal',
  title: 'Expects a refusal the reference setup does not produce',
  source: { title: 'test fixture' },
  steps: handoff.s3DeployHandoff(),
  expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});

/** A positive scenario that fails (the grant is removed): still a failure on a backend without enforcement. */
const failingPositive = defineScenario({
  name: 'positive-that-fails',
  title: 'Expects success with the pipeline role unable to write',
  source: { title: 'test fixture' },
  setup: { grants: { pipelineRoleS3: false } },
  steps: handoff.s3DeployHandoff(),
  expect: { outcome: 'success' },
});

describe('the runner on a backend declared without IAM enforcement', () => {
  let results: ScenarioResult[];
  const byName = (name: string) => results.find((r) => r.name === name)!;

  beforeAll(async () => {
    const bundled = await loadScenarios(
      ['s3-deploy', 'pipeline-role-missing-s3', 'bucket-policy-missing-target-account'].map((n) => `${BUNDLED_SCENARIOS}/${n}.scenario.ts`),
    );
    const list: LoadedScenario[] = [...bundled, { scenario: refusalThatNeverComes }, { scenario: failingPositive }];
    results = await runScenarios(list, { backend: withoutEnforcement() });
  }, 60_000);

  it('passes the positive scenario and fails the positive one whose hand-off stops', () => {
    expect(byName('s3-deploy')).toMatchObject({ status: 'passed', diff: [] });
    const failed = byName('positive-that-fails');
    expect(failed.status).toBe('failed');
    expect(failed.stoppedAt).toBe('write-artifact');
    expect(failed.error).toMatchObject({ code: 'AccessDenied', status: 403 });
  });

  it('marks negative scenarios not provable whether the refusal came or not, with the reason as a note', () => {
    for (const name of ['pipeline-role-missing-s3', 'bucket-policy-missing-target-account', 'negative-without-refusal']) {
      expect(byName(name).status).toBe('not-provable');
      expect(byName(name).notes).toContain(NOTE);
    }
    expect(byName('pipeline-role-missing-s3').stoppedAt).toBe('write-artifact');
    expect(byName('negative-without-refusal').stoppedAt).toBeUndefined();
  });

  it('table: "not provable" in the result column and in the last line, never counted as passed', () => {
    const table = renderTable(results);
    const row = (name: string) => table.split('\n').find((l) => l.includes(` ${name} `))!;
    for (const name of ['pipeline-role-missing-s3', 'bucket-policy-missing-target-account', 'negative-without-refusal']) {
      expect(row(name)).toMatch(/│ not provable +│/);
    }
    expect(row('s3-deploy')).toMatch(/│ pass +│/);
    expect(row('positive-that-fails')).toMatch(/│ FAIL +│/);
    expect(table).toContain(`note:     ${NOTE}`);
    expect(table.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 3 not provable');
  });

  it('JSON: status "not-provable" per scenario and notProvable in the summary', () => {
    const report = JSON.parse(renderJson(results)) as { summary: Record<string, number>; scenarios: Array<{ name: string; status: string }> };
    expect(report.summary).toEqual({ passed: 1, failed: 1, notProvable: 3, notEmulated: 0, notApplicable: 0, errors: 0, total: 5 });
    expect(Object.fromEntries(report.scenarios.map((s) => [s.name, s.status]))).toEqual({
      's3-deploy': 'passed',
      'pipeline-role-missing-s3': 'not-provable',
      'bucket-policy-missing-target-account': 'not-provable',
      'negative-without-refusal': 'not-provable',
      'positive-that-fails': 'failed',
    });
  });

  it('JUnit: <skipped> with the reason for each not-provable case, counted as skipped, not as passed', () => {
    const xml = renderJunit(results);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { tests: string; failures: string; errors: string; skipped: string; testsuite: { testcase: Array<Record<string, unknown> & { name: string }> } };
    };
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '1', errors: '0', skipped: '3' });
    const cases = Object.fromEntries(doc.testsuites.testsuite.testcase.map((tc) => [tc.name, tc]));
    for (const name of ['pipeline-role-missing-s3', 'bucket-policy-missing-target-account', 'negative-without-refusal']) {
      expect(cases[name]!['skipped']).toEqual({ message: NOTE });
      expect(cases[name]!['failure']).toBeUndefined();
    }
    expect(cases['s3-deploy']!['skipped']).toBeUndefined();
    expect(cases['s3-deploy']!['failure']).toBeUndefined();
    expect(cases['positive-that-fails']!['failure']).toBeDefined();
  });
});
