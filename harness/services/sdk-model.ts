/**
 * A service's model as its AWS SDK for JavaScript v3 client package carries it: each operation's static schema is
 * exported as `<Operation>$`, and the protocols coerce wire values into the operation's input type by it
 * (harness/protocols/coerce.ts), so handlers see what `XCommandInput` says, never raw wire records.
 */
import type { SdkSchemaRef, ServiceModel } from '../core/service.js';

export function sdkModel(client: Readonly<Record<string, unknown>>): ServiceModel {
  return {
    inputOf(operation) {
      const schema = client[`${operation}$`];
      return Array.isArray(schema) ? (schema as SdkSchemaRef) : undefined;
    },
  };
}
