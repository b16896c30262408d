/**
 * Input coercion benchmark (not a test): microseconds per decode of a typical STS AssumeRole (query), KMS Encrypt
 * (JSON 1.1) and S3 PutObject (REST-XML bindings) input into the SDK's XCommandInput shape, with the plan cached
 * (steady state) and for the first request of an operation (plan built from the schema).
 * Run alone: node --import tsx bench/coerce.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { AssumeRole$ } from '@aws-sdk/client-sts';
import { Encrypt$ } from '@aws-sdk/client-kms';
import { PutObject$ } from '@aws-sdk/client-s3';
import { AwsError } from '../harness/core/errors.js';
import { coerceInput } from '../harness/protocols/coerce.js';
import { jsonTypeError, queryTypeError } from '../harness/protocols/coerce-errors.js';
import { restXmlInput, type RestRequestParts } from '../harness/protocols/coerce-rest.js';
import { decodeQueryParams } from '../harness/protocols/query.js';

const ITERATIONS = 100_000;

const assumeRole = decodeQueryParams([
  ['RoleArn', 'arn:aws:iam::111111111111:role/deploy'],
  ['RoleSessionName', 'pipeline'],
  ['DurationSeconds', '3600'],
  ['PolicyArns.member.1.arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ['Tags.member.1.Key', 'team'],
  ['Tags.member.1.Value', 'build'],
  ['ExternalId', 'abc'],
]);

const encrypt = JSON.parse(
  JSON.stringify({
    KeyId: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    Plaintext: Buffer.alloc(256, 7).toString('base64'),
    EncryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::artifacts/pipe/build.zip' },
    GrantTokens: ['token'],
  }),
) as unknown;

const putObject: RestRequestParts = {
  headers: {
    host: 'artifacts.s3.us-east-1.amazonaws.com',
    'content-length': '1024',
    'content-type': 'application/zip',
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'x-amz-date': '20300101T000000Z',
    'x-amz-server-side-encryption': 'aws:kms',
    'x-amz-server-side-encryption-aws-kms-key-id': 'alias/artifacts',
    'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    'x-amz-meta-pipeline': 'deploy',
    authorization: 'AWS4-HMAC-SHA256 Credential=…',
  },
  query: [],
  labels: { Bucket: 'artifacts', Key: 'pipe/build.zip' },
  body: Buffer.alloc(1024),
};

function perCall(fn: () => unknown): string {
  const t0 = performance.now();
  fn();
  const first = (performance.now() - t0) * 1000;
  for (let i = 0; i < 10_000; i++) fn();
  const t1 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) fn();
  const steady = ((performance.now() - t1) * 1000) / ITERATIONS;
  return `${steady.toFixed(2)} µs per decode (first call, building the plan: ${Math.round(first)} µs)`;
}

export function benchCoerce(): Record<string, unknown> {
  return {
    sts_AssumeRole_query: perCall(() => coerceInput(AssumeRole$, assumeRole, { wire: 'query', typeError: queryTypeError })),
    kms_Encrypt_json: perCall(() => coerceInput(Encrypt$, encrypt, { wire: 'json', typeError: jsonTypeError })),
    s3_PutObject_rest_xml: perCall(() => restXmlInput(PutObject$, putObject, () => new AwsError('InvalidArgument', 400, 'unexpected'))),
    iterations: ITERATIONS,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(benchCoerce(), null, 2));
}
