/**
 * `xacct check --html FILE`: one self-contained page (no script, font or image from anywhere) that draws the
 * hand-off as a graph — accounts as lanes, principals and resources as nodes, hops as arrows coloured by outcome —
 * and lists beside each hop the grants it needs, then every finding with its fix.
 */
import { grantLabel, summaryLine } from './report-text.js';
import type { CheckReport, HopResult } from './types.js';

const LANE_WIDTH = 320;
const NODE_WIDTH = 240;
const NODE_HEIGHT = 34;
const ROW = 58;
const TOP = 56;
const SERVICES = 'AWS services';

const COLOUR: Record<HopResult['outcome'], string> = { allowed: '#2e7d32', refused: '#c62828', blocked: '#9e9e9e' };

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A resource's node: an S3 object path is drawn as its bucket. */
function nodeName(arn: string): string {
  const bucket = /^arn:aws[\w-]*:s3:::([^/]+)/.exec(arn)?.[1];
  return bucket ? `s3://${bucket}` : arn;
}

function shortLabel(name: string): string {
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(name)?.[1];
  if (role) return `role ${role}`;
  const key = /:key\/([0-9a-f-]+)$/.exec(name)?.[1];
  if (key) return `key ${key.slice(0, 8)}…`;
  return name.length > 34 ? `${name.slice(0, 33)}…` : name;
}

interface Node {
  name: string;
  lane: number;
  row: number;
}

function layout(r: CheckReport): { lanes: string[]; nodes: Map<string, Node> } {
  const lanes = [SERVICES, ...r.accounts.filter((a) => r.hops.some((h) => h.principalAccount === a || h.resourceAccount === a || h.pipelineAccount === a))];
  const nodes = new Map<string, Node>();
  const rows = lanes.map(() => 0);
  const place = (name: string, account: string | undefined) => {
    if (nodes.has(name)) return;
    const lane = Math.max(0, account ? lanes.indexOf(account) : 0);
    nodes.set(name, { name, lane, row: rows[lane]!++ });
  };
  for (const h of r.hops) {
    place(h.principal, h.principalAccount);
    place(nodeName(h.resource), h.resourceAccount);
  }
  return { lanes, nodes };
}

function graph(r: CheckReport): string {
  const { lanes, nodes } = layout(r);
  const height = TOP + Math.max(1, ...[...nodes.values()].map((n) => n.row + 1)) * ROW + 20;
  const width = lanes.length * LANE_WIDTH;
  const x = (n: Node) => n.lane * LANE_WIDTH + (LANE_WIDTH - NODE_WIDTH) / 2;
  const y = (n: Node) => TOP + n.row * ROW;
  const parts: string[] = [];
  parts.push(
    `<defs>${Object.entries(COLOUR)
      .map(([k, c]) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`)
      .join('')}</defs>`,
  );
  lanes.forEach((lane, i) => {
    parts.push(`<rect class="lane" x="${i * LANE_WIDTH + 4}" y="4" width="${LANE_WIDTH - 8}" height="${height - 8}" rx="8"/>`);
    parts.push(`<text class="lane-title" x="${i * LANE_WIDTH + LANE_WIDTH / 2}" y="30" text-anchor="middle">${esc(lane === SERVICES ? lane : `account ${lane}`)}</text>`);
  });
  r.hops.forEach((h, i) => {
    const from = nodes.get(h.principal)!;
    const to = nodes.get(nodeName(h.resource))!;
    const spread = ((i % 5) - 2) * 4;
    const y1 = y(from) + NODE_HEIGHT / 2 + spread;
    const y2 = y(to) + NODE_HEIGHT / 2 + spread;
    let path: string;
    if (from.lane === to.lane) {
      // Within a lane: out of the right edge and back into it, bulging into the gap between lanes.
      const edge = x(from) + NODE_WIDTH;
      const bulge = 24 + (i % 3) * 8;
      path = `M${edge},${y1} C${edge + bulge},${y1} ${edge + bulge},${y2} ${edge + 2},${y2}`;
    } else {
      // Across lanes: from the edge facing the target to the target's facing edge.
      const rightward = to.lane > from.lane;
      const x1 = rightward ? x(from) + NODE_WIDTH : x(from);
      const x2 = rightward ? x(to) - 2 : x(to) + NODE_WIDTH + 2;
      const mid = (x1 + x2) / 2;
      path = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
    }
    parts.push(
      `<path class="hop ${h.outcome}" data-hop="${esc(h.id)}" d="${path}" stroke="${COLOUR[h.outcome]}" marker-end="url(#arrow-${h.outcome})"><title>${esc(`${h.title}: ${h.outcome}${h.error ? ` (${h.error.code})` : ''}`)}</title></path>`,
    );
  });
  for (const n of nodes.values()) {
    parts.push(
      `<g class="node"><rect x="${x(n)}" y="${y(n)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/><text x="${x(n) + NODE_WIDTH / 2}" y="${y(n) + 22}" text-anchor="middle">${esc(shortLabel(n.name))}</text><title>${esc(n.name)}</title></g>`,
    );
  }
  return `<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="the hand-off as a graph">${parts.join('')}</svg>`;
}

function hopRows(r: CheckReport): string {
  return r.hops
    .map((h) => {
      const grants = r.grants.filter((g) => g.neededBy.some((n) => n.hop === h.id));
      const detail = h.outcome === 'allowed' ? '' : `<div class="why">${esc(`${h.error?.code ?? ''}${h.error?.status ? ` (${h.error.status})` : ''}: ${h.error?.message ?? ''}`)}${h.explanation ? `<br>why: ${esc(h.explanation)}` : ''}${h.fix ? `<br><b>fix:</b> ${esc(h.fix)}` : ''}</div>`;
      return `<tr class="${h.outcome}"><td><span class="dot" style="background:${COLOUR[h.outcome]}"></span>${esc(h.outcome)}</td><td>${esc(h.title)}${detail}</td><td>${esc(h.principal)}</td><td>${esc(h.resource)}</td><td><ul>${grants.map((g) => `<li>${esc(grantLabel(g))}</li>`).join('')}</ul></td></tr>`;
    })
    .join('');
}

function findings(r: CheckReport): string {
  const items: string[] = [];
  for (const g of r.grants.filter((x) => x.verdict === 'not-needed')) items.push(`<li><b>not needed by any hop:</b> ${esc(grantLabel(g))} <i>(${esc(g.policyType)})</i><br>fix: remove it, or name the hop it is for</li>`);
  for (const p of r.mustRefuse.filter((x) => x.outcome === 'open')) items.push(`<li><b>open:</b> ${esc(p.title)}<br>fix: ${esc(p.fix ?? '')}</li>`);
  for (const g of r.grants.filter((x) => x.verdict === 'administration')) items.push(`<li><b>administration:</b> ${esc(grantLabel(g))}: ${esc(g.note ?? '')}</li>`);
  return items.length === 0 ? '<p>None.</p>' : `<ul class="findings">${items.join('')}</ul>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#212121}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.lane{fill:#f5f7fa;stroke:#cfd8dc}.lane-title{font-weight:600;fill:#455a64}.node rect{fill:#fff;stroke:#607d8b}.node text{font-size:12px}
.hop{fill:none;stroke-width:2}.hop.blocked{stroke-dasharray:5 4}table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border-bottom:1px solid #e0e0e0;padding:6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
td ul{margin:0;padding-left:16px}.dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px}.why{color:#b71c1c;margin-top:4px}
.summary{font-weight:600}.scroll{overflow-x:auto}`;

export function renderCheckHtml(r: CheckReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xacct check</title><style>${STYLE}</style></head>
<body>
<h1>xacct check: ${esc(r.pipelines.map((p) => `${p.name} (${p.account})`).join(', ') || 'no pipeline')}</h1>
<p class="summary">${esc(summaryLine(r))}</p>
<div class="scroll">${graph(r)}</div>
<h2>Hops, and the grants each needs</h2>
<table class="hops"><colgroup><col style="width:90px"><col style="width:28%"><col style="width:20%"><col style="width:22%"><col></colgroup><thead><tr><th>outcome</th><th>hop</th><th>principal</th><th>resource</th><th>grants it needs</th></tr></thead><tbody>${hopRows(r)}</tbody></table>
<h2>Findings</h2>
${findings(r)}
<h2>What must stay refused</h2>
<table><colgroup><col style="width:90px"><col style="width:50%"><col></colgroup><thead><tr><th>outcome</th><th>request</th><th>answer</th></tr></thead><tbody>${r.mustRefuse
    .map((p) => `<tr><td>${p.outcome === 'held' ? 'held' : '<b>OPEN</b>'}</td><td>${esc(p.title)}</td><td>${esc(p.error ? `${p.error.code}: ${p.error.message}` : `allowed; fix: ${p.fix ?? ''}`)}</td></tr>`)
    .join('')}</tbody></table>
</body></html>
`;
}
