/**
 * `xacct policy simulate FILE... [--json]`: evaluate request files offline with the policy engine.
 * Mirrors IAM's policy evaluation (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
 * and the AccessDenied wording of the service that owns the action (its definition's `denial`; an action of a service
 * the emulator does not speak gets IAM's 403 AccessDenied wording, harness/iam/render.ts).
 * Exit code: 2 when any file is unreadable or invalid; otherwise 1 when any decision is a deny (explicit or implicit),
 * so a CI step fails on it, and 0 when every request is allowed. `--no-fail-on-deny` exits 0 whatever the verdicts.
 */
import { readFile } from 'node:fs/promises';
import { evaluate } from '../iam/evaluate.js';
import type { ServiceCatalog } from '../core/service.js';
import { notAuthorizedMessage, type RenderedDenial } from '../iam/render.js';
import { requestFromInput, SimulateInputError } from '../iam/simulate-input.js';
import type { AuthorizationRequest, Decision } from '../iam/types.js';
import { POLICY_DIALECTS } from '../services/policy-dialects.js';
import { serviceCatalog } from '../services/registry.js';

export interface SimulateIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The denial as the service owning the action words it (its action prefix is its signing name). */
async function awsMessage(catalog: ServiceCatalog, req: AuthorizationRequest, d: Decision): Promise<RenderedDenial | undefined> {
  if (d.decision === 'allowed') return undefined;
  const service = await catalog.get(req.action.split(':')[0]?.toLowerCase() ?? '');
  if (!service) return { code: 'AccessDenied', status: 403, message: notAuthorizedMessage(req, d) };
  const { code, status, message } = service.denial(req, d);
  return { code, status, message };
}

async function load(file: string): Promise<AuthorizationRequest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SimulateInputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SimulateInputError(`not valid JSON: ${(e as Error).message}`);
  }
  return requestFromInput(raw, POLICY_DIALECTS);
}

function human(file: string, req: AuthorizationRequest, d: Decision, aws: RenderedDenial | undefined): string {
  const verdict = d.decision === 'allowed' ? 'ALLOWED' : d.decision === 'explicitDeny' ? 'DENIED (explicit deny)' : 'DENIED (implicit deny)';
  const lines = [`${file}: ${verdict}`, `  ${req.principal.arn} -> ${req.action} on ${req.resource}`];
  const by = d.decidedBy;
  if (by) {
    const where = [by.policyType, by.resourceKind, by.policyName, by.statement && `statement ${by.statement}`].filter(Boolean);
    lines.push(`  decided by: ${where.join(' / ')}`);
  }
  lines.push(`  why: ${d.explanation}`);
  if (aws) lines.push(`  AWS would answer: ${aws.status} ${aws.code}: ${aws.message}`);
  if (d.fix) lines.push(`  fix: ${d.fix}`);
  return lines.join('\n');
}

export interface SimulateOptions {
  json?: boolean;
  /** false with --no-fail-on-deny. */
  failOnDeny?: boolean;
}

export async function policySimulateCommand(
  files: string[],
  opts: SimulateOptions,
  io: SimulateIo,
  catalog: ServiceCatalog = serviceCatalog(),
): Promise<number> {
  if (files.length === 0) {
    io.err('policy simulate: give at least one request file');
    return 2;
  }
  let failed = false;
  let denied = false;
  for (const file of files) {
    let req: AuthorizationRequest;
    try {
      req = await load(file);
    } catch (e) {
      if (!(e instanceof SimulateInputError)) throw e;
      io.err(`${file}: ${e.message}`);
      failed = true;
      continue;
    }
    const d = evaluate(req);
    if (d.decision !== 'allowed') denied = true;
    const aws = await awsMessage(catalog, req, d);
    if (opts.json) {
      io.out(
        JSON.stringify({
          file,
          decision: d.decision,
          decidedBy: d.decidedBy,
          explanation: d.explanation,
          ...(d.fix ? { fix: d.fix } : {}),
          ...(aws ? { error: aws } : {}),
        }),
      );
    } else io.out(human(file, req, d, aws));
  }
  if (failed) return 2;
  return denied && opts.failOnDeny !== false ? 1 : 0;
}
