/**
 * The LocalStack container xacct starts, checked as data and as the testcontainers definition built from it, with
 * no Docker: image pinned to localstack/localstack:4.14.0 unless overridden, LOCALSTACK_AUTH_TOKEN and ENFORCE_IAM
 * passed through only when set (https://docs.localstack.cloud/user-guide/security-testing/iam-enforcement/), the
 * gateway port 4566, and the wait for "Ready." and /_localstack/health. Without a container runtime the backend
 * fails at once with a message naming --backend embedded.
 */
import { describe, expect, it } from 'vitest';
import { BackendUnavailable } from './endpoint.js';
import { DEFAULT_LOCALSTACK_IMAGE, ensureDocker, localstackContainer, localstackContainerSpec } from './localstack.js';

describe('localstackContainerSpec', () => {
  it('pins localstack/localstack:4.14.0, exposes 4566, waits for Ready. and a 200 health, and passes nothing when nothing is set', () => {
    expect(DEFAULT_LOCALSTACK_IMAGE).toBe('localstack/localstack:4.14.0');
    expect(localstackContainerSpec({ env: {} })).toEqual({
      image: 'localstack/localstack:4.14.0',
      environment: {},
      exposedPorts: [4566],
      wait: { logMessage: 'Ready.', httpPath: '/_localstack/health', port: 4566, statusCode: 200 },
      startupTimeoutMs: 120_000,
    });
  });

  it('passes LOCALSTACK_AUTH_TOKEN and ENFORCE_IAM through when set, and nothing else from the environment', () => {
    const spec = localstackContainerSpec({ env: { LOCALSTACK_AUTH_TOKEN: 'ls-token', ENFORCE_IAM: '1', AWS_SECRET_ACCESS_KEY: 'never', HOME: '/root' } });
    expect(spec.environment).toEqual({ LOCALSTACK_AUTH_TOKEN: 'ls-token', ENFORCE_IAM: '1' });
  });

  it('ignores variables set to the empty string', () => {
    expect(localstackContainerSpec({ env: { LOCALSTACK_AUTH_TOKEN: '', ENFORCE_IAM: '' } }).environment).toEqual({});
  });

  it('takes the image from the option first, then XACCT_LOCALSTACK_IMAGE', () => {
    expect(localstackContainerSpec({ env: { XACCT_LOCALSTACK_IMAGE: 'localstack/localstack-pro:4.14.0' } }).image).toBe('localstack/localstack-pro:4.14.0');
    expect(localstackContainerSpec({ image: 'localstack/localstack:4.13.1', env: { XACCT_LOCALSTACK_IMAGE: 'other:1' } }).image).toBe('localstack/localstack:4.13.1');
  });
});

describe('localstackContainer (the testcontainers definition, nothing started)', () => {
  it('carries the spec: image, environment, exposed port, wait strategies and startup timeout', async () => {
    const spec = localstackContainerSpec({ env: { ENFORCE_IAM: '1' } });
    const container = (await localstackContainer(spec)) as unknown as {
      imageName: { string: string };
      environment: Record<string, string>;
      exposedPorts: unknown[];
      waitStrategy: { waitStrategies?: Array<{ constructor: { name: string }; path?: string; port?: number; message?: unknown }> };
      startupTimeoutMs?: number;
    };
    expect(container.imageName.string).toBe('localstack/localstack:4.14.0');
    expect(container.environment).toMatchObject({ ENFORCE_IAM: '1' });
    expect(container.exposedPorts).toContain(4566);
    const strategies = container.waitStrategy.waitStrategies ?? [];
    expect(strategies.map((s) => s.constructor.name)).toEqual(['LogWaitStrategy', 'HttpWaitStrategy']);
    expect(strategies[0]!.message).toBe('Ready.');
    expect(strategies[1]).toMatchObject({ path: '/_localstack/health', port: 4566 });
    expect(container.startupTimeoutMs).toBe(120_000);
  });
});

describe('ensureDocker', () => {
  it('fails at once with a message naming --backend embedded when no container runtime answers', async () => {
    const noRuntime = { getContainerRuntimeClient: () => Promise.reject(new Error('Could not find a working container runtime strategy')) };
    const failure = await ensureDocker(noRuntime as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(BackendUnavailable);
    expect((failure as Error).message).toBe(
      '--backend localstack needs Docker, and no container runtime was found (Could not find a working container runtime strategy); ' +
        'start Docker (or set DOCKER_HOST), or run on the embedded emulator with --backend embedded (the default: no Docker, and it enforces IAM)',
    );
  });

  it('passes when the runtime answers', async () => {
    await expect(ensureDocker({ getContainerRuntimeClient: () => Promise.resolve({}) } as never)).resolves.toBeUndefined();
  });
});
