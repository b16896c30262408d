/**
 * AWS CodeStar connections (JSON 1.0, X-Amz-Target prefix CodeStar_connections_20191201, signing name
 * codestar-connections, as the JavaScript SDK's model declares them; botocore's model, and so the AWS CLI, sends the
 * fully qualified com.amazonaws.codestar.connections.CodeStar_connections_20191201, which is accepted too).
 * https://docs.aws.amazon.com/codestar-connections/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (errors.ts).
 * CodeConnections, the renamed service (signing name codeconnections, target prefix CodeConnections_20231201), is
 * not served: no JavaScript SDK client of it is published in the packages this project may use, so no model types
 * its operations, and its API is the same as this one. Its ARNs are accepted where a connection is used: a
 * CodePipeline source action naming arn:aws:codeconnections:… finds the connection of that id here and is authorized
 * with `codeconnections:UseConnection` (connections.ts). A request signed for codeconnections answers that the
 * service is not emulated.
 * Known deviations: responses carry the JSON 1.0 content type over the shared JSON protocol (which is 1.1's
 * framing: the two differ only in that header); see connections.ts for the operations' own.
 */
import * as sdk from '@aws-sdk/client-codestar-connections';
import { jsonErrors } from '../../core/auth-errors.js';
import type { XResponse } from '../../core/request.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { Protocol, ServiceDefinition } from '../types.js';
import { connectionOperations, UseConnection } from './connections.js';
import { connectionsDenial } from './errors.js';
import { SERVICE } from './store.js';

const TARGET_PREFIX = 'CodeStar_connections_20191201';
/** The namespace botocore's model puts before the target prefix (service-2.json metadata.targetPrefix). */
const QUALIFIED_PREFIX = `com.amazonaws.codestar.connections.${TARGET_PREFIX}`;
const JSON_1_0 = 'application/x-amz-json-1.0';

function json10(res: XResponse): XResponse {
  return { ...res, headers: { ...res.headers, 'content-type': JSON_1_0 } };
}

/**
 * The JSON protocol routing only the API's operations: UseConnection, in the table for internal calls, is refused
 * on the wire as an operation the service does not have.
 */
function wireProtocol(): Protocol {
  // Both forms of the target name one operation: each of AWS's own SDKs sends one of them.
  const json = jsonProtocol({ targetPrefix: TARGET_PREFIX });
  return {
    decode(req, service) {
      const target = req.headers['x-amz-target'];
      const unqualified = target?.startsWith(`${QUALIFIED_PREFIX}.`) ? { ...req, headers: { ...req.headers, 'x-amz-target': target.slice(QUALIFIED_PREFIX.length - TARGET_PREFIX.length) } } : req;
      return json.decode(unqualified, { ...service, operations: connectionOperations });
    },
    encode: (operation, output, ctx) => json10(json.encode(operation, output, ctx)),
    encodeError: (err, ctx) => json10(json.encodeError(err, ctx)),
  };
}

export const codestarConnectionsService: ServiceDefinition = {
  name: SERVICE,
  protocol: wireProtocol(),
  targetPrefix: TARGET_PREFIX,
  operations: { ...connectionOperations, UseConnection },
  model: sdkModel(sdk),
  errors: jsonErrors(),
  denial: connectionsDenial,
};
