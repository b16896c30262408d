/**
 * The template service (JSON 1.1, X-Amz-Target prefix XacctTemplate): copy this folder to add a service
 * (CONTRIBUTING.md, "Add a service"). template.test.ts registers it in a catalog and drives it through the real
 * request path, so the template keeps working as the framework changes.
 * Not an AWS service: a real definition's header names the service and its protocol with a link to its API
 * reference (https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html), how its denials and throttling
 * are worded, and its known deviations (what it does not emulate).
 */
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import type { Operation, ServiceDefinition } from '../types.js';
import { templateDenial } from './errors.js';
import { GetNote, PutNote } from './notes.js';
import type { TemplateOperationName } from './operation-names.js';
import { SERVICE } from './store.js';

const TARGET_PREFIX = 'XacctTemplate';

const operations = { PutNote, GetNote } satisfies Record<TemplateOperationName, Operation<never, unknown, any>>;

export const templateService: ServiceDefinition = {
  name: SERVICE,
  protocol: jsonProtocol({ targetPrefix: TARGET_PREFIX }),
  targetPrefix: TARGET_PREFIX,
  operations,
  // Here a service that mirrors an SDK client declares that client's model (`sdkModel` of the package's exports,
  // ../sdk-model.ts), so its handlers receive the SDK's input types; without one they get the JSON as sent.
  denial: templateDenial,
  errors: jsonErrors(),
};
