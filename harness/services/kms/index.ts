/**
 * What other services (S3 for SSE-KMS) and tests use from the emulated KMS. See README.md in this folder.
 */
export { kmsService } from './service.js';
export { awsManagedKey, type ManagedAlias } from './managed-keys.js';
export { resolveKey, parseKeyRef, ANY_KEY, type ResolvedKey } from './identifiers.js';
export type { KeyRecord } from './store.js';
