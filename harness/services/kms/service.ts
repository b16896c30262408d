/**
 * AWS KMS (JSON 1.1, X-Amz-Target prefix TrentService), per account and Region. Inputs are coerced by the SDK's
 * model, so handlers read `XCommandInput` values (blobs as Buffer, numbers as numbers).
 * https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html
 * Denials are HTTP 400 AccessDeniedException in KMS's words (kmsDenial: E001–E003, E006). Throttling is worded as
 * KMS words it: "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls."
 * (awsdocs/aws-kms-developer-guide doc_source/throttling.md).
 * Known deviations: no custom key stores, key material imports, multi-Region replicas or key agreement; automatic
 * rotation is recorded but never runs; ReEncrypt is symmetric only.
 */
import * as kmsSdk from '@aws-sdk/client-kms';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { aliasOperations } from './aliases.js';
import { cryptoOperations } from './cryptographic.js';
import { dataKeyPairOperations } from './data-key-pairs.js';
import { kmsDenial } from './errors.js';
import { grantOperations } from './grants.js';
import { keyPolicyOperations } from './key-policies.js';
import { keyOperations } from './keys.js';
import { macOperations } from './mac.js';
import { multiRegionOperations } from './multi-region.js';
import { randomOperations } from './random.js';
import { rotationOperations } from './rotation.js';
import { signingOperations } from './signing.js';
import type { KmsOperation, KmsOperationName } from './operation-names.js';

/**
 * Each operation typed by its own `XCommandInput`/`XCommandOutput`. What it resolves is its own: `R` is both returned
 * (resolve) and taken (authorize, handler), so only `any` fits every operation's own `R` here.
 */
type KmsOperations = { [N in KmsOperationName]: KmsOperation<N, any> };

const operations = {
  ...keyOperations,
  ...keyPolicyOperations,
  ...aliasOperations,
  ...cryptoOperations,
  ...grantOperations,
  ...randomOperations,
  ...rotationOperations,
  ...signingOperations,
  ...macOperations,
  ...dataKeyPairOperations,
  ...multiRegionOperations,
} satisfies KmsOperations;

export const kmsService: ServiceDefinition = {
  name: 'kms',
  targetPrefix: 'TrentService',
  protocol: jsonProtocol({ targetPrefix: 'TrentService' }),
  operations,
  model: sdkModel(kmsSdk),
  denial: (request, decision) => kmsDenial(request, decision),
  errors: jsonErrors({ throttleMessage: 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.' }),
};
