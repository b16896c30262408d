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
 */
import { BackendUnavailable, compatibleWorld, configOf, connectEndpoint, type EndpointBackend, type EndpointTarget } from './endpoint.js';
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

export async function localstackBackend(o: LocalStackOptions = {}): Promise<EndpointBackend> {
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
