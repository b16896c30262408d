/**
 * JUnit XML for CI systems (the de-facto schema Jenkins, GitLab and GitHub test reporters read): one testsuite,
 * one testcase per scenario; a failed expectation is <failure>, a scenario that could not run is <error>, and a
 * negative scenario the backend cannot prove, or a scenario that relied on a placeholder ("not emulated"), is
 * <skipped> with the reason, never counted as passed.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { ScenarioResult } from '../scenario.js';
import { awsSaid, summarize } from './summary.js';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

function detail(r: ScenarioResult): string {
  const lines: string[] = [];
  const said = awsSaid(r);
  if (said) lines.push(said);
  if (r.explanation) lines.push(`why: ${r.explanation.explanation}`);
  if (r.explanation?.fix) lines.push(`fix: ${r.explanation.fix}`);
  lines.push(...r.notes.map((n) => `note: ${n}`));
  lines.push(...r.diff);
  return lines.join('\n');
}

export function renderJunit(results: ScenarioResult[]): string {
  const s = summarize(results);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const testcases = results.map((r) => {
    const tc: Record<string, unknown> = { '@_name': r.name, '@_classname': `xacct.scenarios`, '@_time': seconds(r.durationMs) };
    if (r.status === 'failed') tc['failure'] = { '@_message': r.diff[0] ?? 'expectation not met', '@_type': 'ExpectationNotMet', '#text': detail(r) };
    if (r.status === 'error') tc['error'] = { '@_message': r.error?.message ?? 'scenario could not run', '@_type': 'ScenarioError', '#text': detail(r) };
    if (r.status === 'not-provable') tc['skipped'] = { '@_message': r.notes.find((n) => n.startsWith('not provable')) ?? 'not provable on this backend' };
    if (r.status === 'not-applicable') tc['skipped'] = { '@_message': r.notes.find((n) => n.startsWith('not applicable')) ?? 'not applicable: a mutation found nothing to change in this setup' };
    if (r.status === 'not-emulated') tc['skipped'] = { '@_message': 'not emulated: the scenario relied on resources xacct only stands in for (placeholders)' };
    const out = detail(r);
    if (out) tc['system-out'] = out;
    return tc;
  });
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'xacct',
      '@_tests': s.total,
      '@_failures': s.failed,
      '@_errors': s.errors,
      '@_skipped': s.notProvable + s.notEmulated,
      testsuite: {
        '@_name': 'xacct scenarios',
        '@_tests': s.total,
        '@_failures': s.failed,
        '@_errors': s.errors,
        '@_skipped': s.notProvable + s.notEmulated,
        '@_time': seconds(results.reduce((a, r) => a + r.durationMs, 0)),
        testcase: testcases,
      },
    },
  };
  return builder.build(doc);
}
