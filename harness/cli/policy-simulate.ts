/**
 * `xacct policy simulate FILE... [--json]`: evaluate request files offline with the policy engine.
 * Mirrors IAM's policy evaluation (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
 * and the AccessDenied wording of the service that owns the action (harness/iam/render.ts).
 * Exit code: 2 when any file is unreadable or invalid; otherwise 1 when any decision is a deny (explicit or implicit),
 * so a CI step fails on it, and 0 when every request is allowed. `--no-fail-on-deny` exits 0 whatever the verdicts.
 */
import { readFile } from 'node:fs/promises';
import { evaluate } from '../iam/evaluate.js';
import { renderDenial, type DenyingService } from '../iam/render.js';
import { requestFromInput, SimulateInputError } from '../iam/simulate-input.js';
import type { AuthorizationRequest, Decision } from '../iam/types.js';

export interface SimulateIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const SERVICES: readonly DenyingService[] = ['iam', 'sts', 's3', 'kms', 'cloudformation', 'codepipeline'];

function serviceOf(action: string): DenyingService {
  const svc = action.split(':')[0]?.toLowerCase() as DenyingService;
  return SERVICES.includes(svc) ? svc : 'iam';
}

function awsMessage(req: AuthorizationRequest, d: Decision): { code: string; status: number; message: string } | undefined {
  return d.decision === 'allowed' ? undefined : renderDenial(serviceOf(req.action), req, d);
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
  return requestFromInput(raw);
}

function human(file: string, req: AuthorizationRequest, d: Decision): string {
  const verdict = d.decision === 'allowed' ? 'ALLOWED' : d.decision === 'explicitDeny' ? 'DENIED (explicit deny)' : 'DENIED (implicit deny)';
  const lines = [`${file}: ${verdict}`, `  ${req.principal.arn} -> ${req.action} on ${req.resource}`];
  const by = d.decidedBy;
  if (by) {
    const where = [by.policyType, by.resourceKind, by.policyName, by.statement && `statement ${by.statement}`].filter(Boolean);
    lines.push(`  decided by: ${where.join(' / ')}`);
  }
  lines.push(`  why: ${d.explanation}`);
  const aws = awsMessage(req, d);
  if (aws) lines.push(`  AWS would answer: ${aws.status} ${aws.code}: ${aws.message}`);
  if (d.fix) lines.push(`  fix: ${d.fix}`);
  return lines.join('\n');
}

export interface SimulateOptions {
  json?: boolean;
  /** false with --no-fail-on-deny. */
  failOnDeny?: boolean;
}

export async function policySimulateCommand(files: string[], opts: SimulateOptions, io: SimulateIo): Promise<number> {
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
    if (opts.json) {
      const aws = awsMessage(req, d);
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
    } else io.out(human(file, req, d));
  }
  if (failed) return 2;
  return denied && opts.failOnDeny !== false ? 1 : 0;
}
