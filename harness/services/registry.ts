/**
 * The services the emulator speaks, by SigV4 signing name. Adding a service is one folder plus one line here.
 * Each is loaded on first use, so `xacct serve` is ready without loading (say) CloudFormation's template engine.
 * What core needs from services beyond their definitions is registered here too: where principals' policies come
 * from (IAM), how a role session is started (STS AssumeRole), who delivers the events services emit (EventBridge),
 * and which service answers an unsigned request.
 */
import type { XRequest } from '../core/request.js';
import { iamPolicySource } from './iam/policy-source.js';
import type { ServiceCatalog as Catalog, ServiceDefinition } from './types.js';

export const SERVICE_LOADERS: Readonly<Record<string, () => Promise<ServiceDefinition>>> = {
  iam: async () => (await import('./iam/service.js')).iamService,
  sts: async () => (await import('./sts/service.js')).stsService,
  s3: async () => (await import('./s3/service.js')).s3Service,
  kms: async () => (await import('./kms/service.js')).kmsService,
  cloudformation: async () => (await import('./cloudformation/service.js')).cloudformationService,
  codepipeline: async () => (await import('./codepipeline/service.js')).codepipelineService,
  codecommit: async () => (await import('./codecommit/service.js')).codecommitService,
  events: async () => (await import('./events/service.js')).eventsService,
  codebuild: async () => (await import('./codebuild/service.js')).codebuildService,
  ssm: async () => (await import('./ssm/service.js')).ssmService,
  sns: async () => (await import('./sns/service.js')).snsService,
  logs: async () => (await import('./logs/service.js')).logsService,
  'codestar-connections': async () => (await import('./codestar-connections/service.js')).codestarConnectionsService,
  ecs: async () => (await import('./ecs/service.js')).ecsService,
  codedeploy: async () => (await import('./codedeploy/service.js')).codedeployService,
  lambda: async () => (await import('./lambda/service.js')).lambdaService,
};

/**
 * Who answers an unsigned request no service claims by its X-Amz-Target, by the marks its protocol left: a target
 * is a JSON request (KMS words the refusal), a form body a query request (STS words it), anything else a REST
 * request, where S3 alone allows anonymous access.
 */
const UNSIGNED_BY_PROTOCOL = { json: 'kms', query: 'sts', rest: 's3' } as const;

/** Loads each service once, however many emulators or requests ask for it at the same time. */
export class ServiceCatalog implements Catalog {
  private readonly loading = new Map<string, Promise<ServiceDefinition>>();

  /** `loaders`: the emulated services by signing name; a test may add one of its own (CONTRIBUTING.md's template). */
  constructor(private readonly loaders: Readonly<Record<string, () => Promise<ServiceDefinition>>> = SERVICE_LOADERS) {}

  readonly policies = iamPolicySource;
  readonly assumeRole = { service: 'sts', operation: 'AssumeRole' };
  /** EventBridge delivers what services emit (CodeCommit's commits) to the account's default bus. */
  readonly events = 'events';

  names(): string[] {
    return Object.keys(this.loaders);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.loaders, name);
  }

  get(name: string): Promise<ServiceDefinition> | undefined {
    if (!this.has(name)) return undefined;
    let pending = this.loading.get(name);
    if (!pending) {
      pending = this.loaders[name]!();
      this.loading.set(name, pending);
    }
    return pending;
  }

  async forUnsigned(req: XRequest): Promise<ServiceDefinition> {
    const target = req.headers['x-amz-target'];
    if (target) {
      const prefix = target.split('.')[0];
      for (const name of this.names()) {
        const s = await this.get(name)!;
        if (prefix && s.targetPrefix === prefix) return s;
      }
      return this.get(UNSIGNED_BY_PROTOCOL.json)!;
    }
    const form = (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    return this.get(form ? UNSIGNED_BY_PROTOCOL.query : UNSIGNED_BY_PROTOCOL.rest)!;
  }

  fallback(): Promise<ServiceDefinition> {
    return this.get(UNSIGNED_BY_PROTOCOL.query)!;
  }
}

const shared = new ServiceCatalog();

export function serviceCatalog(): ServiceCatalog {
  return shared;
}
