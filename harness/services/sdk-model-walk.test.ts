/**
 * Every operation of the SDK's S3, KMS, STS, IAM, CloudFormation and CodePipeline models, sent through the real
 * client with placeholder values in its required members: an operation in the service's table is served (whatever
 * it answers, it is not the protocol's "no such operation"), and any other is refused with the protocol's answer for
 * an operation the service does not have, leaving the world as it was.
 * Refusals: S3 501 NotImplemented (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html, wording as
 * recorded in https://github.com/aws/aws-sdk-js/issues/15); JSON 1.1 services 400 UnknownOperationException with an
 * empty message; query services 400 InvalidAction "Could not find operation <Op> for version <v>" (wordings asserted
 * in test/bad-input.test.ts).
 */
import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as codecommit from '@aws-sdk/client-codecommit';
import * as codebuild from '@aws-sdk/client-codebuild';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as codedeploy from '@aws-sdk/client-codedeploy';
import * as codepipeline from '@aws-sdk/client-codepipeline';
import * as ecs from '@aws-sdk/client-ecs';
import * as events from '@aws-sdk/client-eventbridge';
import * as codestarConnections from '@aws-sdk/client-codestar-connections';
import * as iam from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import * as s3 from '@aws-sdk/client-s3';
import * as sns from '@aws-sdk/client-sns';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { deref, sdkOperations, structure, type SdkOperation, type SdkStructure } from '../protocols/sdk-model.js';
import { awsError, type CaughtAwsError } from '../testing/errors.js';
import { copyWorld } from '../world/snapshot.js';
import { serviceCatalog } from './registry.js';

const A = '111111111111';
const TEXT = 'walk-placeholder';

interface SdkClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
type ClientClass = new (config: object) => SdkClient;
type CommandClass = new (input: object) => unknown;

interface Walked {
  /** SigV4 signing name, as the emulator's registry knows the service. */
  service: string;
  model: Readonly<Record<string, unknown>>;
  client: string;
  refusal: (operation: string) => CaughtAwsError;
  /**
   * Operations the client does not send to this service, with the answer they get instead: the SDK signs S3's
   * ListDirectoryBuckets for s3express (the directory-bucket control plane) and WriteGetObjectResponse for
   * s3-object-lambda, which xacct does not emulate. (STS's AssumeRoleWithSAML and AssumeRoleWithWebIdentity are sent
   * unsigned and walked like the rest: the query protocol names an unknown action before it asks for credentials.)
   */
  elsewhere?: Readonly<Record<string, CaughtAwsError>>;
}

const unknownService = (name: string): CaughtAwsError => ({ code: 'UnknownService', status: 404, message: `xacct does not emulate the service "${name}"` });

const WALKED: Walked[] = [
  {
    service: 's3',
    model: s3,
    client: 'S3Client',
    refusal: () => ({ code: 'NotImplemented', status: 501, message: 'A header you provided implies functionality that is not implemented' }),
    elsewhere: { ListDirectoryBuckets: unknownService('s3express'), WriteGetObjectResponse: unknownService('s3-object-lambda') },
  },
  { service: 'kms', model: kms, client: 'KMSClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  { service: 'codecommit', model: codecommit, client: 'CodeCommitClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  {
    service: 'codepipeline',
    model: codepipeline,
    client: 'CodePipelineClient',
    refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }),
  },
  { service: 'lambda', model: lambda, client: 'LambdaClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  { service: 'events', model: events, client: 'EventBridgeClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  { service: 'ecs', model: ecs, client: 'ECSClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  { service: 'codedeploy', model: codedeploy, client: 'CodeDeployClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  {
    service: 'codestar-connections',
    model: codestarConnections,
    client: 'CodeStarConnectionsClient',
    refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }),
  },
  {
    service: 'sts',
    model: sts,
    client: 'STSClient',
    refusal: (op) => invalidAction(op, '2011-06-15'),
  },
  { service: 'iam', model: iam, client: 'IAMClient', refusal: (op) => invalidAction(op, '2010-05-08') },
  { service: 'cloudformation', model: cloudformation, client: 'CloudFormationClient', refusal: (op) => invalidAction(op, '2010-05-15') },
  { service: 'codebuild', model: codebuild, client: 'CodeBuildClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  { service: 'logs', model: logs, client: 'CloudWatchLogsClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
  { service: 'sns', model: sns, client: 'SNSClient', refusal: (op) => invalidAction(op, '2010-03-31') },
  { service: 'ssm', model: ssm, client: 'SSMClient', refusal: () => ({ code: 'UnknownOperationException', status: 400, message: 'UnknownError' }) },
];

function invalidAction(operation: string, version: string): CaughtAwsError {
  return { code: 'InvalidAction', status: 400, message: `Could not find operation ${operation} for version ${version}` };
}

/** The protocols' answers for an operation a service does not have, which a served operation never gives. */
const NOT_FOUND_CODES = new Set(['NotImplemented', 'UnknownOperationException', 'InvalidAction', 'MethodNotAllowed']);

/** A value of the schema's kind: required members filled, optional ones left out. */
function placeholder(ref: unknown, depth = 0): unknown {
  let value = ref;
  while (typeof value === 'function') value = (value as () => unknown)();
  if (value === 'unit' || depth > 6) return undefined;
  const s = deref(value);
  if (typeof s === 'number') return simple(s);
  switch (s[0]) {
    case 0:
      return placeholder(s[4], depth + 1);
    case 1:
      return [];
    case 2:
      return {};
    case 4: {
      // A union needs exactly one member set.
      const u = structure([3, ...s.slice(1)]);
      const first = u.members[0];
      return first ? { [first.name]: placeholder(first.schema, depth + 1) } : {};
    }
    default:
      return requiredMembers(structure(s), depth);
  }
}

function requiredMembers(s: SdkStructure, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of s.members) if (m.required) out[m.name] = placeholder(m.schema, depth + 1);
  return out;
}

/** Simple-type codes of @smithy/core's schema: 64 and 128 flag lists and maps of the rest. */
function simple(code: number): unknown {
  if (code & 128) return {};
  if (code & 64) return [];
  if (code === 1 || code === 17) return 1;
  if (code === 2) return false;
  if (code >= 4 && code <= 7) return new Date(0);
  if (code === 15) return {};
  if (code === 21 || code === 42) return new TextEncoder().encode(TEXT);
  return TEXT;
}

/** A comparable view of the world (accounts, stores, credentials): equal before and after means nothing changed. */
function digest(emu: RunningEmulator): unknown {
  return copyWorld(emu.emulator.world);
}

async function send(client: SdkClient, model: Walked['model'], op: SdkOperation): Promise<CaughtAwsError | 'ok'> {
  const Command = model[`${op.name}Command`] as CommandClass;
  try {
    await client.send(new Command(requiredMembers(op.input)));
    return 'ok';
  } catch (e) {
    const caught = await awsError(Promise.reject(e));
    // The emulator's own answer for a signing name it does not speak is JSON, which an XML client cannot parse.
    const text = (e as { $responseBodyText?: string }).$responseBodyText;
    if (text?.startsWith('{')) {
      const body = JSON.parse(text) as { __type?: string; message?: string };
      return { code: body.__type ?? caught.code, status: caught.status, message: body.message ?? caught.message };
    }
    return caught;
  }
}

describe('SDK model walk', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
  });
  afterAll(() => emu.dispose());

  describe.each(WALKED)('$service', (walked) => {
    const ops = sdkOperations(walked.model);

    it('has a Command class for every operation of the model', () => {
      expect(ops.length).toBeGreaterThan(0);
      expect(ops.filter((op) => typeof walked.model[`${op.name}Command`] !== 'function').map((op) => op.name)).toEqual([]);
    });

    it('serves each implemented operation and refuses every other one without changing the world', async () => {
      const service = (await serviceCatalog().get(walked.service))!;
      const client = new (walked.model[walked.client] as ClientClass)(emu.clientConfig(A));
      const wrong: string[] = [];
      try {
        for (const op of ops) {
          const implemented = Object.hasOwn(service.operations, op.name);
          const before = implemented ? undefined : digest(emu);
          const answer = await send(client, walked.model, op);
          if (implemented) {
            if (answer !== 'ok' && NOT_FOUND_CODES.has(answer.code)) wrong.push(`${op.name} is implemented but answered ${JSON.stringify(answer)}`);
            continue;
          }
          const expected = walked.elsewhere?.[op.name] ?? walked.refusal(op.name);
          if (JSON.stringify(answer) !== JSON.stringify(expected)) wrong.push(`${op.name} answered ${JSON.stringify(answer)}, not ${JSON.stringify(expected)}`);
          try {
            expect(digest(emu)).toEqual(before);
          } catch {
            wrong.push(`${op.name} changed the world`);
          }
        }
      } finally {
        client.destroy();
      }
      expect(wrong).toEqual([]);
    });
  });
});
