/**
 * Invoke/AWS/Lambda: the action calls lambda:InvokeFunction as its principal (its roleArn's session, so a function
 * in another account is reached with that account's role) with AWS's CodePipeline job event, and the function
 * reports the job with PutJobSuccessResult or PutJobFailureResult (../job-results.ts).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html (the event's JSON,
 * and the function's role needing codepipeline:PutJobSuccessResult / PutJobFailureResult on "*").
 * Uploaded code never runs. A scenario may supply the function's code as a TypeScript handler
 * (lambda/handlers.ts): it receives the event and reports as the function's execution role, and the action ends as
 * it reported. Without a supplied handler the action succeeds once the invocation is authorized, and its summary
 * says that the function's code did not run.
 * Known deviations: the event carries no artifactCredentials; a supplied handler that reports nothing fails the
 * action at once (AWS waits for the action's timeout); a refused invocation fails the action with Lambda's error
 * message (no recorded console wording of that failure was found).
 */
import type { InvokeCommandInput, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { ActionFailure } from '../failures.js';
import { jobsOf } from '../job-results.js';
import type { ActionHandler } from './types.js';

export const lambdaInvoke: ActionHandler = async (env) => {
  const configuration = env.declaration.configuration ?? {};
  const functionName = configuration['FunctionName']!;
  const jobId = randomUUID();
  const jobs = jobsOf(env.world);
  // The job belongs to the pipeline's account, the account of its role.
  const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(env.execution.declaration.roleArn ?? '')?.[1] ?? '';
  jobs.set(jobId, { id: jobId, account });
  const event = {
    'CodePipeline.job': {
      id: jobId,
      accountId: account,
      data: {
        actionConfiguration: { configuration: { FunctionName: functionName, ...(configuration['UserParameters'] !== undefined ? { UserParameters: configuration['UserParameters'] } : {}) } },
        inputArtifacts: (env.declaration.inputArtifacts ?? []).map((a) => {
          const location = env.inputs.get(a.name!)!;
          return { name: a.name, revision: null, location: { type: 'S3', s3Location: { bucketName: location.bucket, objectKey: location.key } } };
        }),
        outputArtifacts: [],
        ...(env.artifactStore.encryptionKey ? { encryptionKey: { id: env.artifactStore.encryptionKey.id, type: env.artifactStore.encryptionKey.type } } : {}),
      },
    },
  };
  const input: InvokeCommandInput = { FunctionName: functionName, InvocationType: 'RequestResponse', LogType: 'Tail', Payload: JSON.stringify(event) };
  try {
    const out = await env.invoke<InvokeCommandOutput>('lambda', 'Invoke', input, { as: env.principal, region: env.region });
    const job = jobs.get(jobId)!;
    if (job.result?.status === 'Succeeded') return { summary: job.result.summary, externalExecutionId: jobId };
    if (job.result?.status === 'Failed') throw new ActionFailure(job.result.failure.message ?? '', job.result.failure.type ?? 'JobFailed');
    if (out.FunctionError !== undefined) throw new ActionFailure(`The Lambda function ${functionName} failed: ${Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8')}`);
    // Code that ran leaves a log (LogResult); Lambda has none for code it did not run (lambda/invoke.ts).
    if (out.LogResult !== undefined) {
      throw new ActionFailure(`The Lambda function ${functionName} did not report the job's result (PutJobSuccessResult or PutJobFailureResult)`);
    }
    return { summary: `Invoked ${functionName}; the function's code did not run (xacct runs only code a scenario supplies), so the job was not reported by it` };
  } finally {
    jobs.delete(jobId);
  }
};

