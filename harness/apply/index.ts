/**
 * The applier's public API: read a Terraform configuration (HCL or JSON) and apply it to the emulator (or any
 * AWS-compatible endpoint).
 * Deviations: see apply.ts (create only).
 */
export { apply, planAll, type ApplyOptions } from './apply.js';
export { ApplyConfigError, ApplyResourceError, type ConfigProblem } from './errors.js';
export { sdkClientFactory } from './clients.js';
export { endpointResolver, DEFAULT_ENDPOINT } from './endpoint.js';
export { loadTerraformJson, mergeTerraformJson, LoadError, type LoadedConfig } from './load.js';
export { loadTerraform, loadTerraformConfig, type LoadTerraformOptions } from './load-hcl.js';
export { renderPolicyDocument } from './policy-document.js';
export { terraformJsonEncode } from './evaluate.js';
export { RESOURCE_MAPPERS, DATA_SOURCE_MAPPERS } from './resources/registry.js';
export type {
  AccountCredentialsResolver,
  AppliedResource,
  ApplyEvent,
  ApplyResult,
  AwsClients,
  ClientFactory,
  ResourceMapper,
  DataSourceMapper,
} from './types.js';
