/**
 * "Not emulated" is a state of its own (issue 16, item 5): a scenario whose world holds CloudFormation placeholders
 * (resource types xacct does not model) and whose expectation is met is reported "not emulated", with the
 * placeholders named in a note, in the table, JSON and JUnit reports, and is never counted as passed. The same
 * scenario without a placeholder passes. The same holds for the Terraform applier's placeholders (a resource type
 * xacct does not model, harness/apply/resources/placeholder.ts).
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { XMLParser } from 'fast-xml-parser';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { renderJson } from '../../harness/runner/reporters/json.js';
import { renderJunit } from '../../harness/runner/reporters/junit.js';
import { renderTable } from '../../harness/runner/reporters/table.js';
import { runScenarios } from '../../harness/runner/runner.js';
import type { ScenarioResult, WorldHandle } from '../../harness/runner/scenario.js';

/** A stack with a custom resource (a placeholder) in the target account, as its root deploys it. */
async function deployPlaceholder(world: WorldHandle): Promise<void> {
  const cfn = new CloudFormationClient(world.clientConfig(world.names.targetAccount));
  const TemplateBody = JSON.stringify({ Resources: { Lookup: { Type: 'Custom::Lookup', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:222222222222:function:lookup' } } } });
  await cfn.send(new CreateStackCommand({ StackName: 'lookups', TemplateBody }));
  for (let i = 0; i < 500; i++) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: 'lookups' }))).Stacks![0]!.StackStatus!;
    if (!status.endsWith('_IN_PROGRESS')) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

const scenario = (name: string, withPlaceholder: boolean) =>
  defineScenario({
    name,
    title: name,
    source: { title: 'test fixture' },
    ...(withPlaceholder ? { prepare: deployPlaceholder } : {}),
    steps: handoff.cloudFormationHandoff(),
    expect: { outcome: 'success' },
  });

describe('a scenario that relied on a placeholder', () => {
  let results: ScenarioResult[];
  const byName = (name: string) => results.find((r) => r.name === name)!;

  beforeAll(async () => {
    results = await runScenarios([{ scenario: scenario('with-placeholder', true) }, { scenario: scenario('without-placeholder', false) }], { backend: embeddedBackend() });
  }, 60_000);

  it('is "not emulated" with the placeholders named; the same scenario without one passes', () => {
    expect(byName('without-placeholder')).toMatchObject({ status: 'passed', diff: [] });
    const r = byName('with-placeholder');
    expect(r).toMatchObject({ status: 'not-emulated', diff: [] });
    expect(r.notes).toContain(`not emulated: the world held placeholders for resources xacct does not model: 222222222222/lookups/Lookup (Custom::Lookup)`);
  });

  it('table, JSON and JUnit: its own status, never counted as passed', () => {
    const table = renderTable(results);
    expect(table.split('\n').find((l) => l.includes(' with-placeholder '))).toMatch(/│ not emulated +│/);
    expect(table.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 1 not emulated');
    const json = JSON.parse(renderJson(results)) as { summary: Record<string, number>; scenarios: Array<{ name: string; status: string }> };
    expect(json.summary).toEqual({ passed: 1, failed: 0, notProvable: 0, notEmulated: 1, notApplicable: 0, errors: 0, total: 2 });
    expect(json.scenarios.map((s) => [s.name, s.status])).toEqual([['with-placeholder', 'not-emulated'], ['without-placeholder', 'passed']]);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(results)) as {
      testsuites: { tests: string; failures: string; skipped: string; testsuite: { testcase: Array<Record<string, unknown> & { name: string }> } };
    };
    expect(doc.testsuites).toMatchObject({ tests: '2', failures: '0', skipped: '1' });
    const cases = Object.fromEntries(doc.testsuites.testsuite.testcase.map((tc) => [tc.name, tc]));
    expect(cases['with-placeholder']!['skipped']).toEqual({ message: 'not emulated: the scenario relied on resources xacct only stands in for (placeholders)' });
    expect(cases['without-placeholder']!['skipped']).toBeUndefined();
  });
});

describe("a scenario on Terraform with a type xacct does not model", () => {
  it('is "not emulated", the placeholder named; a count = 0 resource of such a type is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-tf-placeholder-'));
    cpSync(resolve(import.meta.dirname, '../fixtures/terraform-user-pipeline'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'extra.tf'),
      [
        'resource "aws_codebuild_report_group" "sast" {',
        '  provider = aws.pipeline',
        '  name     = "sast"',
        '  type     = "TEST"',
        '  export_config {',
        '    type = "NO_EXPORT"',
        '  }',
        '}',
        'resource "aws_codestarnotifications_notification_rule" "off" {',
        '  provider    = aws.pipeline',
        '  count       = 0',
        '  name        = "off"',
        '  detail_type = "FULL"',
        '}',
      ].join('\n'),
    );
    const [r] = await runScenarios([{ scenario: scenario('tf-placeholder', false) }], { backend: embeddedBackend(), stacks: { kind: 'terraform', dir } });
    expect(r).toMatchObject({ status: 'not-emulated', diff: [] });
    expect(r!.notes).toContain('not emulated: the world held placeholders for resources xacct does not model: 444455556666/aws_codebuild_report_group.sast (aws_codebuild_report_group)');
    expect(r!.notes.join('\n')).not.toContain('aws_codestarnotifications_notification_rule');
  }, 60_000);
});
