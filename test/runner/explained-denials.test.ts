/**
 * A denial that S3 makes beside the policies (object ownership and ACLs) reaches the reports with its explanation
 * and fix, as a policy denial does (issue 14: `xacct run object-writer-owner-cannot-read --reporter json` reported
 * `explanation: null`).
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { loadScenarios } from '../../harness/runner/load.js';
import { runScenarios } from '../../harness/runner/runner.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('explained denials', () => {
  it('object-writer-owner-cannot-read reports why the bucket owner is refused and the two fixes', async () => {
    const loaded = await loadScenarios([join(ROOT, 'scenarios/object-writer-owner-cannot-read.scenario.ts')]);
    const [result] = await runScenarios(loaded, { backend: embeddedBackend() });
    expect(result?.status).toBe('passed');
    expect(result?.error).toMatchObject({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    expect(result?.explanation?.explanation).toMatch(/^The object index\.html in bucket \S+ is owned by account 111111111111, not by the bucket owner 222222222222, and its ACL does not grant the caller's account 222222222222 READ\.$/);
    expect(result?.explanation?.fix).toMatch(/grant account 222222222222 READ in the object's ACL .*, or set the bucket's Object Ownership to BucketOwnerEnforced/);
  }, 60_000);
});
