/**
 * The services the emulator speaks, by SigV4 signing name. Adding a service is one folder plus one line here.
 * Each is loaded on first use, so `xacct serve` is ready without loading (say) CloudFormation's template engine.
 */
import type { ServiceDefinition } from './types.js';

export const SERVICE_LOADERS: Readonly<Record<string, () => Promise<ServiceDefinition>>> = {
  sts: async () => (await import('./sts/service.js')).stsService,
  iam: async () => (await import('./iam/service.js')).iamService,
  kms: async () => (await import('./kms/service.js')).kmsService,
  s3: async () => (await import('./s3/service.js')).s3Service,
  cloudformation: async () => (await import('./cloudformation/service.js')).cloudformationService,
  codepipeline: async () => (await import('./codepipeline/service.js')).codepipelineService,
};

/** Loads each service once, however many emulators or requests ask for it at the same time. */
export class ServiceCatalog {
  private readonly loading = new Map<string, Promise<ServiceDefinition>>();

  names(): string[] {
    return Object.keys(SERVICE_LOADERS);
  }

  has(name: string): boolean {
    return Object.hasOwn(SERVICE_LOADERS, name);
  }

  get(name: string): Promise<ServiceDefinition> | undefined {
    if (!this.has(name)) return undefined;
    let pending = this.loading.get(name);
    if (!pending) {
      pending = SERVICE_LOADERS[name]!();
      this.loading.set(name, pending);
    }
    return pending;
  }
}

const shared = new ServiceCatalog();

export function serviceCatalog(): ServiceCatalog {
  return shared;
}
