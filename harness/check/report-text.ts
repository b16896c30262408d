/**
 * `xacct check`'s reports for people and CI: the table (hops, then grants, then what must stay refused, then the
 * details of every finding with AWS's error and the fix) and JUnit XML (one testsuite per part; a refused hop or an
 * open must-refuse is a <failure>, an unneeded grant is a <failure> only under --fail-on-unneeded).
 */
import Table from 'cli-table3';
import { XMLBuilder } from 'fast-xml-parser';
import type { CheckReport, Grant, GrantResult, HopResult, ProbeResult } from './types.js';

export function grantLabel(g: Grant): string {
  const unit = g.principal ? ` › principal ${g.principal.replace(/^AWS:/, '')}` : g.action ? ` › action ${g.action}` : '';
  return `${g.policy} › ${g.statement}${unit}`;
}

function said(e: HopResult['error']): string {
  return e ? `${e.code}${e.status ? ` (${e.status})` : ''}: ${e.message}` : '';
}

const HOP_MARK: Record<HopResult['outcome'], string> = { allowed: 'allowed', refused: 'REFUSED', blocked: 'blocked' };
const GRANT_MARK: Record<GrantResult['verdict'], string> = { needed: 'needed', 'not-needed': 'NOT NEEDED', administration: 'administration' };

export function summaryLine(r: CheckReport): string {
  const count = <T>(list: T[], f: (x: T) => boolean) => list.filter(f).length;
  return [
    `${r.hops.length} hops: ${count(r.hops, (h) => h.outcome === 'allowed')} allowed, ${count(r.hops, (h) => h.outcome === 'refused')} refused, ${count(r.hops, (h) => h.outcome === 'blocked')} blocked`,
    `${r.grants.length} grants: ${count(r.grants, (g) => g.verdict === 'needed')} needed, ${count(r.grants, (g) => g.verdict === 'not-needed')} not needed, ${count(r.grants, (g) => g.verdict === 'administration')} administration`,
    `${r.mustRefuse.length} must-refuse: ${count(r.mustRefuse, (p) => p.outcome === 'held')} held, ${count(r.mustRefuse, (p) => p.outcome === 'open')} open`,
  ].join(' · ');
}

export function renderCheckTable(r: CheckReport): string {
  const table = (head: string[], colWidths: number[]) => new Table({ head, style: { head: [], border: [] }, wordWrap: true, wrapOnWordBoundary: false, colWidths });
  const hops = table(['hop', 'principal', 'resource', 'outcome'], [44, 34, 34, 28]);
  for (const h of r.hops) hops.push([h.title, h.principal, h.resource, h.outcome === 'allowed' ? 'allowed' : `${HOP_MARK[h.outcome]}: ${h.error?.code ?? ''}`]);
  const grants = table(['grant', 'kind', 'verdict', 'needed by'], [60, 12, 16, 52]);
  for (const g of r.grants) grants.push([grantLabel(g), g.policyType, GRANT_MARK[g.verdict], g.neededBy.map((n) => n.title).join('\n') || (g.note ?? '')]);
  const probes = table(['must stay refused', 'outcome'], [100, 40]);
  for (const p of r.mustRefuse) probes.push([p.title, p.outcome === 'held' ? `held: ${p.error?.code ?? ''}` : 'OPEN: it was allowed']);

  const lines = [`pipelines: ${r.pipelines.map((p) => `${p.name} (${p.account})`).join(', ') || 'none'}`, '', 'Hops', hops.toString(), '', 'Grants', grants.toString(), '', 'What must stay refused', probes.toString(), ''];
  for (const h of r.hops.filter((x) => x.outcome !== 'allowed')) {
    lines.push(`${HOP_MARK[h.outcome]}  ${h.title}`, `      hop:      ${h.id}`, `      aws said: ${said(h.error)}`);
    if (h.explanation) lines.push(`      why:      ${h.explanation}`);
    if (h.fix) lines.push(`      fix:      ${h.fix}`);
    lines.push('');
  }
  for (const g of r.grants.filter((x) => x.verdict === 'not-needed')) {
    lines.push(`NOT NEEDED  ${grantLabel(g)}`, `      no hop fails without it: remove it (least privilege), or say which hop it is for`, '');
  }
  for (const p of r.mustRefuse.filter((x) => x.outcome === 'open')) {
    lines.push(`OPEN  ${p.title}`, `      ${p.principal} -> ${p.resource} was allowed`);
    if (p.fix) lines.push(`      fix:      ${p.fix}`);
    lines.push('');
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(summaryLine(r));
  return lines.join('\n');
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

export function renderCheckJunit(r: CheckReport, opts: { failOnUnneeded?: boolean } = {}): string {
  const hopCase = (h: HopResult) => ({
    '@_name': h.title,
    '@_classname': `xacct.check.hops.${h.pipeline}`,
    ...(h.outcome === 'allowed' ? {} : { failure: { '@_message': said(h.error), '@_type': h.outcome, '#text': [h.id, h.explanation && `why: ${h.explanation}`, h.fix && `fix: ${h.fix}`].filter(Boolean).join('\n') } }),
  });
  const grantCase = (g: GrantResult) => ({
    '@_name': grantLabel(g),
    '@_classname': `xacct.check.grants`,
    ...(g.verdict === 'not-needed' && opts.failOnUnneeded ? { failure: { '@_message': 'not needed by any hop', '@_type': 'NotNeeded' } } : {}),
    'system-out': g.verdict === 'needed' ? `needed by: ${g.neededBy.map((n) => n.hop).join(', ')}` : g.verdict === 'administration' ? `administration: ${g.note}` : 'not needed by any hop',
  });
  const probeCase = (p: ProbeResult) => ({
    '@_name': p.title,
    '@_classname': 'xacct.check.must-refuse',
    ...(p.outcome === 'open' ? { failure: { '@_message': `${p.principal} -> ${p.resource} was allowed`, '@_type': 'Open', '#text': p.fix ?? '' } } : {}),
  });
  const suite = (name: string, cases: Array<Record<string, unknown>>) => ({
    '@_name': name,
    '@_tests': cases.length,
    '@_failures': cases.filter((c) => 'failure' in c).length,
    '@_errors': 0,
    testcase: cases,
  });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'xacct check',
      testsuite: [suite('hops', r.hops.map(hopCase)), suite('grants', r.grants.map(grantCase)), suite('must-refuse', r.mustRefuse.map(probeCase))],
    },
  }) as string;
}
