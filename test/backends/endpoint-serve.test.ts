/**
 * Issue 9's Done-when for the endpoint backend: `xacct run --backend endpoint --endpoint <url of a running xacct
 * serve>` passes the bundled suite. A real `xacct serve --https-port 0` runs as a separate process; the runner
 * reaches it over HTTPS trusting the CA the server printed (the reference bucket policy denies insecure transport),
 * resets it per scenario, acts as CodePipeline through /_xacct/assume-role-as-service, asks the engine through
 * /_xacct/decide for ECS's iam:PassRole, explains denials through /_xacct/explain, and reads EventBridge's delivery
 * log through /_xacct/views/events/deliveries (the repository-account scenarios read each hop's outcome from it).
 *
 * The whole bundled suite must give the same result per scenario on the endpoint as on the embedded backend (same
 * status, step, error code, HTTP status, message and explanation, generated ids aside): scenarios that fail on the
 * embedded backend too are other rooms' open work, not the backend's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { endpointBackend, type EndpointBackend } from '../../harness/runner/backends/endpoint.js';
import { BUNDLED_SCENARIOS, findScenarioFiles, loadScenarios } from '../../harness/runner/load.js';
import { runScenarios } from '../../harness/runner/runner.js';
import type { ScenarioResult } from '../../harness/runner/scenario.js';
import { REPO, runXacct, startServe, type ServeProcess } from '../helpers/serve-process.js';

/** Session names (epoch ms, or an event's id), key ids, artifact keys and the request ids quoted in pipeline failures differ between two runs; nothing else may. */
function normalized(r: ScenarioResult) {
  const scrub = (v: unknown) =>
    v === undefined
      ? undefined
      : JSON.parse(
          JSON.stringify(v)
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
            .replace(/\/\d{13}\b/g, '/<session>')
            // EventBridge names a rule role's session after the event's id, without its dashes.
            .replace(/\/[0-9a-f]{32}\b/g, '/<session>')
            .replace(/(S3 Extended Request ID|Request ID): [^;)]+/g, '$1: <id>')
            .replace(/request id: [^,]+, host id: \S+/g, 'request id: <id>, host id: <id>')
            .replace(/(xacct-pipeline\/[^/\s"]+\/)[A-Za-z0-9]{7}\b/g, '$1<key>'),
        );
  return {
    name: r.name,
    status: r.status,
    stoppedAt: r.stoppedAt,
    error: scrub(r.error && { code: r.error.code, status: r.error.status, message: r.error.message }),
    explanation: scrub(r.explanation),
    notes: scrub(r.notes),
    steps: r.steps.map((s) => `${s.id}:${s.status}`),
  };
}

describe('the endpoint backend against a running xacct serve', () => {
  let serve: ServeProcess;
  let ca: string;

  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--https-port', '0'], 2);
    ca = readFileSync(serve.caFile!, 'utf8');
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('recognises xacct serve, sends SDK traffic over HTTPS and insecure requests over HTTP, one scenario at a time', async () => {
    const backend = await endpointBackend({ endpoint: serve.httpsEndpoint!, ca });
    try {
      expect(backend.name).toBe('endpoint');
      expect(backend.target).toMatchObject({ kind: 'xacct', sdkEndpoint: serve.httpsEndpoint, insecureEndpoint: serve.endpoint, region: 'us-east-1' });
      expect(backend.concurrent).toBe(false);
      expect(backend.capabilities).toEqual({ enforcesIam: true, cloudformation: true, codepipelineExecutions: true, runsBuilds: false, eventDeliveries: true });
    } finally {
      await backend.close();
    }
  });

  it('runs the whole bundled suite with the same result per scenario as the embedded backend', async () => {
    const loaded = await loadScenarios(await findScenarioFiles([BUNDLED_SCENARIOS]));
    const embedded = await runScenarios(loaded, { backend: embeddedBackend() });
    let backend: EndpointBackend | undefined;
    let remote: ScenarioResult[];
    const worlds = { applied: 0, restored: 0 };
    try {
      backend = await endpointBackend({ endpoint: serve.httpsEndpoint!, ca });
      expect(backend.copiesWorlds).toBe(true);
      const newWorld = backend.newWorld;
      // Counts the setups applied and the worlds reset to a server snapshot instead.
      backend.newWorld = (accounts, from) => {
        worlds[from ? 'restored' : 'applied']++;
        return newWorld(accounts, from);
      };
      remote = await runScenarios(loaded, { backend });
    } finally {
      await backend?.close();
    }
    // A scenario that runs buildspec commands proves nothing where builds cannot run them: not provable there.
    const runsBuilds = new Set(loaded.filter((l) => l.scenario.runBuilds).map((l) => l.scenario.name));
    expect([...runsBuilds]).toEqual(['pipeline-run-codebuild-assume-role-refused']);
    // The scenarios that read EventBridge's delivery log read it through the server's admin view: compared like the rest.
    const readsDeliveries = loaded.filter((l) => l.scenario.needs?.includes('eventDeliveries')).map((l) => l.scenario.name);
    expect(readsDeliveries.sort()).toEqual(['repository-account-source', 'repository-bus-policy-missing', 'repository-key-policy-missing', 'repository-rule-role-missing-start']);
    expect(remote.filter((r) => readsDeliveries.includes(r.name)).map((r) => `${r.name} ${r.status}`)).toEqual(readsDeliveries.map((n) => `${n} passed`));
    const skipped = runsBuilds;
    const comparable = (list: ScenarioResult[]) => list.filter((r) => !skipped.has(r.name)).map(normalized);
    expect(comparable(remote)).toEqual(comparable(embedded));
    for (const r of remote.filter((x) => runsBuilds.has(x.name))) {
      expect(r.status).toBe('not-provable');
      expect(r.notes).toContain("not provable on the endpoint backend: it cannot run buildspec commands (the embedded backend's --run-builds), so the builds proved nothing");
    }
    // Each distinct setup was applied once and restored for the other scenarios that share it (the bundled suite has
    // 48 scenarios, all run there, on two setups: every negative variant is a mutation of the applied world, none a
    // variant of the stacks; the reference setup, and the repository-account one the 4 repository scenarios share).
    expect(worlds).toEqual({ applied: 2, restored: 46 });
    const passing = embedded.filter((r) => r.status === 'passed').map((r) => r.name);
    expect(passing.length).toBeGreaterThan(loaded.length / 2);
    expect(remote.filter((r) => r.status === 'passed').map((r) => r.name)).toEqual(passing.filter((name) => !skipped.has(name)));
    // The hand-off used every admin path: the service principal and the explanations (the ECS scenario's through CodeDeploy).
    expect(remote.find((r) => r.name === 'ecs-codedeploy-missing-pass-role')?.status).toBe('passed');
    // The Lambda invoke scenarios run through Lambda over the wire: each passes there as on the embedded backend.
    expect(remote.filter((r) => r.name.startsWith('lambda-')).map((r) => `${r.name} ${r.status}`).sort()).toEqual(
      ['lambda-invoke-action', 'lambda-invoke-action-role-missing-grant', 'lambda-invoke-function-policy-granted', 'lambda-invoke-function-policy-missing'].map((n) => `${n} passed`),
    );
    expect(remote.find((r) => r.name === 'pipeline-role-missing-s3')?.explanation?.explanation).toBeTruthy();
  }, 180_000);

  it('`xacct run --backend endpoint` passes positive and negative scenarios and writes JUnit', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xacct-endpoint-')), 'reports/xacct.xml');
    const names = ['s3-deploy', 'cloudformation-deploy', 'pipeline-role-missing-s3', 'bucket-policy-denies-insecure-transport', 'ecs-codedeploy-missing-pass-role'];
    const r = await runXacct(
      ['run', ...names.map((n) => `scenarios/${n}.scenario.ts`), '--backend', 'endpoint', '--endpoint', serve.httpsEndpoint!, '--endpoint-ca', serve.caFile!, '--reporter', 'junit', '--out', out],
      120_000,
    );
    expect(r.stderr).toContain(`xacct: running 5 scenarios on the endpoint backend`);
    expect(r.stdout.trim()).toBe('5 passed, 0 failed');
    expect(r.code).toBe(0);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(out, 'utf8')) as {
      testsuites: { tests: string; failures: string; errors: string; skipped: string };
    };
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '0', errors: '0', skipped: '0' });
  }, 150_000);

  it('`xacct run --backend endpoint` passes the repository-account scenarios, reading the delivery log as the admin token holder', async () => {
    // The whole-suite run above signs its admin requests as each account root (and merges what each may see); this one
    // sends the token `xacct serve` printed, as a user following its output does.
    const names = ['repository-account-source', 'repository-bus-policy-missing', 'repository-key-policy-missing', 'repository-rule-role-missing-start'];
    const before = process.env['XACCT_ADMIN_TOKEN'];
    process.env['XACCT_ADMIN_TOKEN'] = serve.adminToken;
    let r: Awaited<ReturnType<typeof runXacct>>;
    try {
      r = await runXacct(['run', ...names.map((n) => `scenarios/${n}.scenario.ts`), '--backend', 'endpoint', '--endpoint', serve.httpsEndpoint!, '--endpoint-ca', serve.caFile!], 120_000);
    } finally {
      if (before === undefined) delete process.env['XACCT_ADMIN_TOKEN'];
      else process.env['XACCT_ADMIN_TOKEN'] = before;
    }
    for (const name of names) expect(r.stdout).toMatch(new RegExp(`│ ${name} +│ pass +│`));
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('4 passed, 0 failed');
    expect(r.code).toBe(0);
  }, 150_000);

  it('`--no-enforcement` declares the backend blind to IAM: the negative scenario is not provable, the positive one passes', async () => {
    const r = await runXacct(
      ['run', 'scenarios/s3-deploy.scenario.ts', 'scenarios/pipeline-role-missing-s3.scenario.ts', '--backend', 'endpoint', '--endpoint', serve.httpsEndpoint!, '--endpoint-ca', serve.caFile!, '--no-enforcement'],
      120_000,
    );
    expect(r.stderr).toContain('xacct: the endpoint backend does not enforce IAM: negative scenarios will be reported as not provable');
    expect(r.stdout).toMatch(/│ pipeline-role-missing-s3 +│ not provable +│/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 1 not provable');
    expect(r.code).toBe(0);
  }, 150_000);

  it('without --endpoint-ca the self-signed certificate is refused (never trusted blindly), with what to pass', async () => {
    const r = await runXacct(['run', 'scenarios/s3-deploy.scenario.ts', '--backend', 'endpoint', '--endpoint', serve.httpsEndpoint!]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^xacct: cannot reach https:\/\/127\.0\.0\.1:\d+: \S+ .*certificate.*; pass the CA that signed the endpoint's certificate with --endpoint-ca <pem file> \(xacct serve prints it as "trust <file>"\)$/,
    );
  });
});

describe('`xacct run --backend endpoint` usage errors', () => {
  it('needs --endpoint', async () => {
    const r = await runXacct(['run', 'scenarios/s3-deploy.scenario.ts', '--backend', 'endpoint']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.trim()).toBe('xacct: --backend endpoint needs --endpoint <url> (e.g. the https URL of a running `xacct serve --https-port 4567`)');
  });

  it('says when nothing listens at the endpoint, in one line', async () => {
    const r = await runXacct(['run', 'scenarios/s3-deploy.scenario.ts', '--backend', 'endpoint', '--endpoint', 'http://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('xacct: cannot reach http://127.0.0.1:1: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1');
  });

  it('refuses a URL that is not http(s)', async () => {
    const r = await runXacct(['run', 'scenarios/s3-deploy.scenario.ts', '--backend', 'endpoint', '--endpoint', 'ftp://127.0.0.1:21']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('xacct: --endpoint must be an http: or https: URL, got "ftp://127.0.0.1:21"');
  });
});

describe('`xacct run --backend localstack` without Docker', () => {
  it('fails at once naming --backend embedded, one line, no stack trace, exit 2', () => {
    // An address where no Docker engine answers, so the result does not depend on the machine having Docker.
    const r = spawnSync(process.execPath, ['bin/xacct.js', 'run', 'scenarios/s3-deploy.scenario.ts', '--backend', 'localstack'], {
      cwd: REPO,
      env: { ...process.env, DOCKER_HOST: 'tcp://127.0.0.1:1', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      'xacct: --backend localstack needs Docker, and no container runtime was found (Could not find a working container runtime strategy); ' +
        'start Docker (or set DOCKER_HOST), or run on the embedded emulator with --backend embedded (the default: no Docker, and it enforces IAM)',
    );
  });
});
