/**
 * AWS CloudFormation (query protocol, version 2010-05-15), per account and Region.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
 * Denials are 403 AccessDenied in IAM's wording (renderDenial('cloudformation', …), errors.jsonl E066).
 * Known deviations: see README.md (one resource at a time, a subset of resource types, no transforms, no
 * stack sets, drift detection, nested stacks or resource import).
 */
import { AwsError } from '../../core/errors.js';
import { renderDenial } from '../../iam/index.js';
import { queryProtocol } from '../../protocols/query.js';
import { toXml } from '../../protocols/xml.js';
import type { Protocol, ServiceDefinition } from '../types.js';
import { changeSetOperations } from './change-set-operations.js';
import { describeOperations } from './describe-operations.js';
import { stackOperations } from './stack-operations.js';

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const query = queryProtocol({ xmlns: XMLNS, version: '2010-05-15' });

/**
 * Operations whose output shape has a result wrapper but no members: AWS still sends the empty
 * `<XResult/>` element, and botocore (the AWS CLI) fails with KeyError without it.
 */
const EMPTY_RESULT_WRAPPERS = new Set(['ExecuteChangeSet', 'DeleteChangeSet']);

const protocol: Protocol = {
  ...query,
  encode(operation, output, ctx) {
    const empty = output === undefined || output === null || Object.keys(output as object).length === 0;
    if (!empty || !EMPTY_RESULT_WRAPPERS.has(operation)) return query.encode(operation, output, ctx);
    const body = toXml(`${operation}Response`, { [`${operation}Result`]: '', ResponseMetadata: { RequestId: ctx.requestId } }, { xmlns: XMLNS });
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId }, body };
  },
};

export const cloudformationService: ServiceDefinition = {
  name: 'cloudformation',
  protocol,
  operations: { ...stackOperations, ...describeOperations, ...changeSetOperations },
  denial(request, decision) {
    const r = renderDenial('cloudformation', request, decision);
    return new AwsError(r.code, r.status, r.message, { explanation: decision });
  },
};
