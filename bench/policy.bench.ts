/**
 * Decisions per second for a typical cross-account request (two identity policies + a bucket policy with
 * conditions), for this engine and for @cloud-copilot/iam-simulate (AGPL; benchmark-only dependency), in one run.
 * Run alone: `node --import tsx bench/policy.bench.ts`.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { pathToFileURL } from 'node:url';
import { evaluate } from '../harness/iam/evaluate.js';
import type { AuthorizationRequest } from '../harness/iam/types.js';

const A = '111111111111';
const B = '222222222222';
const session = `arn:aws:sts::${B}:assumed-role/deploy/pipeline`;
const object = 'arn:aws:s3:::artifacts-a/pipe/build.zip';

const identity1 = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: 'arn:aws:s3:::artifacts-a/*' },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: `arn:aws:kms:us-east-1:${A}:key/*` },
  ],
};
const identity2 = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
  ],
};
const bucketPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::artifacts-a/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    {
      Sid: 'AllowDeploy',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B}:role/deploy` },
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      Resource: 'arn:aws:s3:::artifacts-a/*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': B }, StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy' } },
    },
  ],
};
const context = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1', 'aws:SourceIp': '203.0.113.7' };

const request: AuthorizationRequest = {
  principal: { arn: session, type: 'AssumedRole', account: B, roleArn: `arn:aws:iam::${B}:role/deploy` },
  action: 's3:GetObject',
  resource: object,
  resourceAccount: A,
  context,
  identityPolicies: [
    { name: 'identity-1', document: identity1 },
    { name: 'identity-2', document: identity2 },
  ],
  resourcePolicy: { name: 'bucket-policy', kind: 'bucket', document: bucketPolicy },
};

const simulation: Simulation = {
  request: {
    principal: session,
    action: 's3:GetObject',
    resource: { resource: object, accountId: A },
    contextVariables: { ...context, 'aws:PrincipalAccount': B, 'aws:PrincipalArn': `arn:aws:iam::${B}:role/deploy` },
  },
  identityPolicies: [
    { name: 'identity-1', policy: identity1 },
    { name: 'identity-2', policy: identity2 },
  ],
  serviceControlPolicies: [],
  resourceControlPolicies: [],
  resourcePolicy: bucketPolicy,
};

async function rate(run: () => unknown, minMs: number): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) await run();
    n += 100;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

export async function benchPolicy(): Promise<Record<string, unknown>> {
  const ours = evaluate(request);
  const theirs = await runSimulation(simulation, {});
  const oracleResult = theirs.resultType === 'error' ? 'error' : theirs.overallResult;
  const xacct = await rate(() => evaluate(request), 1500);
  const oracle = await rate(() => runSimulation(simulation, {}), 1500);
  return {
    benchmark: 'policy decision, cross-account s3:GetObject (2 identity policies + bucket policy with conditions)',
    xacctDecision: ours.decision,
    iamSimulateDecision: oracleResult,
    xacctDecisionsPerSecond: Math.round(xacct),
    iamSimulateDecisionsPerSecond: Math.round(oracle),
    xacctMicrosPerDecision: Number((1e6 / xacct).toFixed(2)),
    iamSimulateMicrosPerDecision: Number((1e6 / oracle).toFixed(2)),
    ratio: Number((xacct / oracle).toFixed(1)),
    target: '>= 20x',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchPolicy(), null, 2));
}
