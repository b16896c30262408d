/**
 * The `localstack` backend: LocalStack in Docker through @testcontainers/localstack (testcontainers 11.x; 12.x
 * needs Node 22), a fresh container per scenario because LocalStack cannot be reset to named accounts and the
 * scenarios use fixed names. LocalStack takes the access key as the account id
 * (https://docs.localstack.cloud/references/multi-account-setups/).
 *
 * Limits, stated in the report: LocalStack enforces IAM only with ENFORCE_IAM=1 and a licence
 * (https://docs.localstack.cloud/user-guide/security-testing/iam-enforcement/), so without them every negative
 * scenario is "not provable"; it cannot act as a service principal (see endpoint.ts) and explains no denial.
 * Without Docker it fails at once, naming the embedded backend as the alternative.
 *
 * With `endpoint` (`--backend localstack --endpoint URL`) it uses a LocalStack already running on the host instead
 * (e.g. `python -m localstack.runtime.main` from the localstack-core package, `npm run peers:install`): no Docker.
 * It is recognised by GET /_localstack/health. Each world first empties it with POST /_localstack/state/reset where
 * that exists (LocalStack Pro's state API); LocalStack Community 4.14 answers 404 there, and then, as for any endpoint,
 * only one scenario runs per fresh LocalStack (the second is an error saying so).
 */
import { requestJson, EndpointUnreachable } from './http-json.js';
import { BackendUnavailable, endpointBackend, compatibleWorld, configOf, connectEndpoint, type EndpointBackend, type EndpointTarget } from './endpoint.js';
import { probeEnforcement } from './probe.js';
import type { BackendWorld } from '../scenario.js';

export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';
export const LOCALSTACK_PORT = 4566;
/** Environment variables passed to the container when they are set where xacct runs. */
export const PASSED_THROUGH = ['LOCALSTACK_AUTH_TOKEN', 'ENFORCE_IAM'] as const;

export interface LocalStackContainerSpec {
  image: string;
  environment: Record<string, string>;
  exposedPorts: number[];
  wait: { logMessage: string; httpPath: string; port: number; statusCode: number };
  startupTimeoutMs: number;
}

export interface LocalStackOptions {
  /** Image to run; default XACCT_LOCALSTACK_IMAGE, else localstack/localstack:4.14.0. */
  image?: string;
  env?: NodeJS.ProcessEnv;
  /** Declared IAM enforcement; when absent it is probed on the first container if ENFORCE_IAM is set. */
  enforcesIam?: boolean;
  /** A LocalStack already running (e.g. on the host, http://127.0.0.1:4566): used instead of starting a container. */
  endpoint?: string;
}

/** The container xacct starts, as data (tested without Docker). */
export function localstackContainerSpec(o: LocalStackOptions = {}): LocalStackContainerSpec {
  const env = o.env ?? process.env;
  const environment: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = env[name];
    if (value !== undefined && value !== '') environment[name] = value;
  }
  return {
    image: o.image ?? (env['XACCT_LOCALSTACK_IMAGE'] || DEFAULT_LOCALSTACK_IMAGE),
    environment,
    exposedPorts: [LOCALSTACK_PORT],
    // LocalStack logs "Ready." once its gateway serves; /_localstack/health answers 200 from then on.
    wait: { logMessage: 'Ready.', httpPath: '/_localstack/health', port: LOCALSTACK_PORT, statusCode: 200 },
    startupTimeoutMs: 120_000,
  };
}

type Testcontainers = typeof import('testcontainers');

async function loadTestcontainers(): Promise<Testcontainers> {
  return import('testcontainers');
}

export const NO_DOCKER_HINT = 'start Docker (or set DOCKER_HOST), or run on the embedded emulator with --backend embedded (the default: no Docker, and it enforces IAM)';

/** Fails at once, with what to do instead, when no container runtime can be reached. */
export async function ensureDocker(tc?: Testcontainers): Promise<void> {
  const lib = tc ?? (await loadTestcontainers());
  try {
    await lib.getContainerRuntimeClient();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new BackendUnavailable(`--backend localstack needs Docker, and no container runtime was found (${reason}); ${NO_DOCKER_HINT}`);
  }
}

/** The testcontainers definition of the spec (nothing is started). */
export async function localstackContainer(spec: LocalStackContainerSpec) {
  const [{ LocalstackContainer }, { Wait }] = await Promise.all([import('@testcontainers/localstack'), loadTestcontainers()]);
  return new LocalstackContainer(spec.image)
    .withEnvironment(spec.environment)
    .withExposedPorts(...spec.exposedPorts)
    .withWaitStrategy(
      Wait.forAll([Wait.forLogMessage(spec.wait.logMessage), Wait.forHttp(spec.wait.httpPath, spec.wait.port).forStatusCode(spec.wait.statusCode)]),
    )
    .withStartupTimeout(spec.startupTimeoutMs);
}

/** Answers the reset of a LocalStack's state; anything else about it says it is not one. */
async function localstackRequest(url: string, method: 'GET' | 'POST'): Promise<{ status: number; text: string }> {
  try {
    return await requestJson(url, { method, body: method === 'POST' ? {} : undefined, timeoutMs: 30_000 });
  } catch (e) {
    if (e instanceof EndpointUnreachable) throw new BackendUnavailable(e.message);
    throw e;
  }
}

/** A LocalStack already running at `endpoint`: reset before each world, probed for IAM enforcement unless declared. */
export async function runningLocalstackBackend(endpoint: string, o: { enforcesIam?: boolean } = {}): Promise<EndpointBackend> {
  let health: URL;
  try {
    health = new URL('/_localstack/health', endpoint);
  } catch {
    throw new BackendUnavailable(`--endpoint "${endpoint}" is not a URL (expected e.g. http://127.0.0.1:4566)`);
  }
  const h = await localstackRequest(health.href, 'GET');
  if (h.status !== 200) {
    throw new BackendUnavailable(`${health.origin} is not LocalStack: GET /_localstack/health answered ${h.status}; use --backend endpoint for other AWS-compatible endpoints`);
  }
  // LocalStack Pro answers POST /_localstack/state/reset; Community 4.14 has no such route (404): there, as for any
  // endpoint, only the first scenario finds it empty.
  let resets: boolean | undefined;
  const reset = async () => {
    const r = await localstackRequest(new URL('/_localstack/state/reset', endpoint).href, 'POST');
    if (r.status === 200) return true;
    if (r.status === 404) return false;
    throw new Error(`POST /_localstack/state/reset on ${health.origin} answered ${r.status}: ${r.text}`);
  };
  // The probe's user and role are deleted by the probe; the reset below empties anything else left.
  const backend = await endpointBackend({ endpoint, enforcesIam: o.enforcesIam });
  backend.name = 'localstack';
  backend.notes.splice(0, backend.notes.length, ...backend.notes.filter((n) => !n.includes('cannot be reset')));
  backend.notes.unshift(`LocalStack running at ${backend.target.url}: each scenario resets it where it can (POST /_localstack/state/reset, LocalStack Pro)`);
  if (o.enforcesIam === false) backend.notes.push('declared not to enforce IAM: negative scenarios are not provable');
  let used = false;
  backend.newWorld = async () => {
    if (resets !== false) resets = await reset();
    if (!resets && used) {
      throw new Error(
        `the LocalStack at ${health.origin} cannot be reset (POST /_localstack/state/reset answered 404: LocalStack Community has no state reset) and still holds the previous scenario's roles, keys and buckets; run one scenario per fresh LocalStack`,
      );
    }
    used = true;
    return compatibleWorld(backend.target, backend.capabilities);
  };
  return backend;
}

export async function localstackBackend(o: LocalStackOptions = {}): Promise<EndpointBackend> {
  if (o.endpoint) return runningLocalstackBackend(o.endpoint, { enforcesIam: o.enforcesIam });
  await ensureDocker();
  const spec = localstackContainerSpec(o);
  const running = new Set<{ stop(): Promise<unknown> }>();
  const declared = o.enforcesIam ?? (spec.environment['ENFORCE_IAM'] ? undefined : false);
  let probed = declared !== undefined;
  const notes = [
    `LocalStack ${spec.image}: a fresh container per scenario${spec.environment['LOCALSTACK_AUTH_TOKEN'] ? ' (auth token passed)' : ''}`,
    declared === false && o.enforcesIam === undefined ? 'ENFORCE_IAM is not set: LocalStack does not enforce IAM, so negative scenarios are not provable' : '',
    'it cannot act as a service principal: the pipeline role is assumed by the root of its account instead',
  ].filter(Boolean);
  let current: EndpointTarget | undefined;
  const backend: EndpointBackend = {
    name: 'localstack',
    notes,
    get target() {
      if (!current) throw new Error('no LocalStack container is running yet');
      return current;
    },
    concurrent: false,
    capabilities: { enforcesIam: declared ?? true, cloudformation: true, codepipelineExecutions: false, runsBuilds: false, eventDeliveries: false },
    async newWorld(): Promise<BackendWorld> {
      const container = await (await localstackContainer(spec)).start();
      running.add(container);
      try {
        const target = await connectEndpoint(container.getConnectionUri());
        current = target;
        if (!probed) {
          const configFor = configOf(target);
          const probe = await probeEnforcement((id) => configFor({ accessKeyId: id, secretAccessKey: 'test' }), configFor);
          backend.capabilities.enforcesIam = probe.enforcesIam;
          probed = true;
        }
        const world = compatibleWorld(target, backend.capabilities);
        return {
          ...world,
          async dispose() {
            running.delete(container);
            await container.stop();
          },
        };
      } catch (e) {
        running.delete(container);
        await container.stop();
        throw e;
      }
    },
    async close() {
      await Promise.all([...running].map((c) => c.stop()));
      running.clear();
    },
  };
  return backend;
}
