/**
 * `xacct run --backend endpoint` against a real `xacct serve` started without --https-port (issue 21): TLS is
 * demanded only of a setup whose policies test aws:SecureTransport. A user's stacks with no such rule run over plain
 * HTTP and give their expected results (a success and an S3 "Access Denied", worded as S3 words a cross-account
 * denial: errors.jsonl); the reference setup, whose bucket policy denies insecure transport, is refused before any
 * scenario runs with what to start the server with (xacct's own wording, not AWS's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runXacct, startServe, type ServeProcess } from '../helpers/serve-process.js';

describe('the endpoint backend against xacct serve without HTTPS', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--quiet'], 2);
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('runs a setup without an aws:SecureTransport rule over plain HTTP', async () => {
    const r = await runXacct(
      ['run', 'test/fixtures/user-stacks/scenarios', '--stacks', 'test/fixtures/plain-http-stacks/main.ts', '--backend', 'endpoint', '--endpoint', serve.endpoint],
      120_000,
    );
    expect(r.stderr).toContain(
      'xacct: it serves no HTTPS that xacct can trust, so every request is plain HTTP (aws:SecureTransport false): a setup whose policies test aws:SecureTransport is refused\n',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed');
    expect(r.code).toBe(0);
  }, 150_000);

  it('refuses the reference setup, whose bucket policy denies insecure transport, before any scenario (exit 2)', async () => {
    const r = await runXacct(['run', 'scenarios/s3-deploy.scenario.ts', '--backend', 'endpoint', '--endpoint', serve.endpoint], 60_000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      `xacct: the setup's policies test aws:SecureTransport (the reference bucket policy refuses requests without TLS), and the xacct serve at ${serve.endpoint} serves no HTTPS that xacct can trust: ` +
        'start it with --https-port and pass its https URL with --endpoint-ca <its CA file> (both are printed by xacct serve)',
    );
  }, 90_000);
});
