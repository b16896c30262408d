/**
 * A fake client layer for applier tests: records every command (account, service, command name, input) and
 * answers with the fields the mappers read, shaped like the real SDK outputs (KeyMetadata, Role, Policy, ...).
 * Deviations: it is not AWS; it never rejects unless told to with `failOn`.
 */
import type { AwsClients, ClientFactory } from '../types.js';

export interface RecordedCall {
  account: string;
  region: string;
  service: keyof AwsClients;
  command: string;
  input: Record<string, any>;
}

export interface RecordingClients {
  factory: ClientFactory;
  calls: RecordedCall[];
}

/** An error shaped like an SDK v3 ServiceException. */
export function serviceError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

export function recordingClients(failOn?: (call: RecordedCall) => Error | undefined): RecordingClients {
  const calls: RecordedCall[] = [];
  let keys = 0;
  const answer = (c: RecordedCall): unknown => {
    const i = c.input;
    switch (c.command) {
      case 'CreateKeyCommand': {
        const id = `0000000${++keys}-aaaa-bbbb-cccc-000000000000`;
        return { KeyMetadata: { KeyId: id, Arn: `arn:aws:kms:${c.region}:${c.account}:key/${id}` } };
      }
      case 'CreateRoleCommand':
        return { Role: { Arn: `arn:aws:iam::${c.account}:role${i.Path ?? '/'}${i.RoleName}`, RoleId: `AROA${c.account}`, CreateDate: new Date(0) } };
      case 'CreatePolicyCommand':
        return { Policy: { Arn: `arn:aws:iam::${c.account}:policy${i.Path ?? '/'}${i.PolicyName}`, PolicyId: `ANPA${c.account}` } };
      case 'CreateUserCommand':
        return { User: { Arn: `arn:aws:iam::${c.account}:user${i.Path ?? '/'}${i.UserName}`, UserId: `AIDA${c.account}` } };
      case 'CreatePipelineCommand':
        return { pipeline: i.pipeline };
      case 'GetCallerIdentityCommand':
        return { Account: c.account, Arn: `arn:aws:iam::${c.account}:root`, UserId: c.account };
      case 'PutObjectCommand':
        return { ETag: '"etag"', VersionId: 'v1' };
      default:
        return {};
    }
  };
  const factory: ClientFactory = (account, region) => {
    const client = (service: keyof AwsClients) => ({
      async send(command: unknown) {
        const call: RecordedCall = {
          account,
          region,
          service,
          command: (command as object).constructor.name,
          input: (command as { input: Record<string, any> }).input,
        };
        calls.push(call);
        const err = failOn?.(call);
        if (err) throw err;
        return answer(call);
      },
    });
    return {
      iam: client('iam'),
      kms: client('kms'),
      s3: client('s3'),
      codepipeline: client('codepipeline'),
      codebuild: client('codebuild'),
      sts: client('sts'),
      codecommit: client('codecommit'),
      eventbridge: client('eventbridge'),
      codestarConnections: client('codestarConnections'),
      ecs: client('ecs'),
      codedeploy: client('codedeploy'),
      lambda: client('lambda'),
      logs: client('logs'),
    };
  };
  return { factory, calls };
}
