/**
 * The services the emulator speaks, by SigV4 signing name. Adding a service is one folder plus one line here.
 */
import type { ServiceDefinition } from './types.js';
import { cloudformationService } from './cloudformation/service.js';
import { codepipelineService } from './codepipeline/service.js';
import { iamService } from './iam/service.js';
import { kmsService } from './kms/service.js';
import { s3Service } from './s3/service.js';
import { stsService } from './sts/service.js';

export function serviceRegistry(): ReadonlyMap<string, ServiceDefinition> {
  const services: ServiceDefinition[] = [stsService, iamService, kmsService, codepipelineService, s3Service, cloudformationService];
  return new Map(services.map((s) => [s.name, s]));
}
