/**
 * The human report: a table of scenarios, then for each refusal AWS's error, the engine's explanation and the fix,
 * then for each failed scenario the diff between expected and actual.
 */
import Table from 'cli-table3';
import type { ScenarioResult } from '../scenario.js';
import { awsSaid, summarize, summaryLine } from './summary.js';

const STATUS: Record<ScenarioResult['status'], string> = { passed: 'pass', failed: 'FAIL', 'not-provable': 'not provable', 'not-emulated': 'not emulated', 'not-applicable': 'not applicable', error: 'ERROR' };

function outcome(r: ScenarioResult): string {
  if (r.status === 'error') return 'could not run (see below)';
  // Nothing of its kind in this setup: the scenario stopped before acting (its note says what was looked for).
  if (r.status === 'not-applicable') return 'nothing to act for (see below)';
  if (!r.stoppedAt) return 'hand-off completed';
  return `${r.error?.code ?? 'error'}${r.error?.status ? ` (${r.error.status})` : ''} at ${r.stoppedAt}`;
}

export function renderTable(results: ScenarioResult[], opts: { color?: boolean } = {}): string {
  const table = new Table({
    head: ['scenario', 'result', 'expected', 'actual'],
    style: { head: opts.color ? ['cyan'] : [], border: opts.color ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [46, 14, 34, 40],
  });
  for (const r of results) {
    const expected = r.expected.outcome === 'success' ? 'success' : `${r.expected.code}${r.expected.status ? ` (${r.expected.status})` : ''} at ${r.expected.step}`;
    table.push([r.name, STATUS[r.status], expected, outcome(r)]);
  }
  const lines: string[] = [table.toString(), ''];
  for (const r of results) {
    if (!r.error && r.diff.length === 0 && r.notes.length === 0) continue;
    lines.push(`${STATUS[r.status]}  ${r.name}: ${r.title}`);
    lines.push(`      source: ${r.source.title}${r.source.seed ? ` (seed ${r.source.seed})` : ''}${r.source.url ? ` ${r.source.url}` : ''}`);
    const said = awsSaid(r);
    if (said) lines.push(`      ${said}`);
    if (r.explanation) {
      const where = [r.explanation.policyType, r.explanation.policyName, r.explanation.statement && `statement ${r.explanation.statement}`].filter(Boolean).join(', ');
      lines.push(`      why:      ${r.explanation.explanation}${where ? ` [${where}]` : ''}`);
      if (r.explanation.fix) lines.push(`      fix:      ${r.explanation.fix}`);
    }
    for (const n of r.notes) lines.push(`      note:     ${n}`);
    if (r.diff.length > 0) {
      lines.push('      expectation not met:');
      for (const d of r.diff) lines.push(`        ${d}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(summarize(results)));
  return lines.join('\n');
}
