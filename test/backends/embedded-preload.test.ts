/**
 * The embedded backend starts loading every service when it is created. A service that fails to load must fail
 * only the request that needs it, never the run (or a test file) with an unhandled rejection: CI once failed
 * because a test file ended while a preloaded service was still loading.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { SERVICE_LOADERS, serviceCatalog } from '../../harness/services/registry.js';
import type { ServiceDefinition } from '../../harness/services/types.js';

const loaders = SERVICE_LOADERS as Record<string, () => Promise<ServiceDefinition>>;

describe('the embedded backend preloading services', () => {
  afterEach(() => {
    delete loaders['xacct-test-broken'];
  });

  it('leaves a failed preload to the request that needs the service', async () => {
    loaders['xacct-test-broken'] = () => Promise.reject(new Error('the module could not be loaded'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      embeddedBackend();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      // Whoever needs the service still gets the failure.
      await expect(serviceCatalog().get('xacct-test-broken')).rejects.toThrow('the module could not be loaded');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
