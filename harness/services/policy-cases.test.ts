/**
 * Runs every hand-written decision case in harness/iam/cases/*.json through the engine and, where a case says so,
 * through the denial wording of the named service (its definition's `denial`). Policies are validated in the
 * dialect of the service that would hold them. Each case names its AWS source (`source`: an errors.jsonl id or a doc URL) when it pins a wording
 * or a documented corner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../iam/evaluate.js';
import { requestFromInput } from '../iam/simulate-input.js';
import { POLICY_DIALECTS } from './policy-dialects.js';
import { serviceCatalog } from './registry.js';

interface Case {
  name: string;
  source?: string;
  /** Evaluate documents that validation would reject. */
  invalidPolicies?: boolean;
  request: unknown;
  expect: {
    decision: string;
    policyType?: string;
    resourceKind?: string;
    policyName?: string;
    statement?: string;
    fixContains?: string;
    render?: { service: string; code: string; status: number; message: string };
  };
}

const dir = join(import.meta.dirname, '..', 'iam', 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('policy decision cases', () => {
  it('has at least 100 cases', () => {
    const total = files.reduce((n, f) => n + (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Case[]).length, 0);
    expect(total).toBeGreaterThanOrEqual(100);
  });
  for (const file of files) {
    const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Case[];
    describe(file, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const req = requestFromInput(c.request, POLICY_DIALECTS, { validate: !c.invalidPolicies });
          const d = evaluate(req);
          expect(d.decision).toBe(c.expect.decision);
          expect(d.explanation.length).toBeGreaterThan(0);
          if (c.expect.policyType) expect(d.decidedBy?.policyType).toBe(c.expect.policyType);
          if (c.expect.resourceKind) expect(d.decidedBy?.resourceKind).toBe(c.expect.resourceKind);
          if (c.expect.policyName) expect(d.decidedBy?.policyName).toBe(c.expect.policyName);
          if (c.expect.statement) expect(d.decidedBy?.statement).toBe(c.expect.statement);
          if (c.expect.fixContains) expect(d.fix).toContain(c.expect.fixContains);
          if (d.decision !== 'allowed') expect(d.fix).toBeTruthy();
          if (c.expect.render) {
            const { service, ...want } = c.expect.render;
            const { code, status, message } = (await serviceCatalog().get(service))!.denial(req, d);
            expect({ code, status, message }).toEqual(want);
          }
        });
      }
    });
  }
});
