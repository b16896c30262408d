/**
 * The results a job worker reports: PutJobSuccessResult and PutJobFailureResult, as a Lambda function invoked by a
 * pipeline's Invoke action reports its job. https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PutJobSuccessResult.html,
 * API_PutJobFailureResult.html, https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html
 * Both are authorized as codepipeline:<Operation> on `*` (the service authorization reference lists no resource
 * type for them), so the reporting role's identity policy decides.
 * Known deviations: jobs are only those the Invoke action opens (actions/lambda-invoke.ts), kept in one store for
 * every account, so the function's role reports the job whichever account holds it; a second report of a job is
 * refused as InvalidJobStateException; continuation tokens and output variables are stored, not acted on. The
 * JobNotFoundException and InvalidJobStateException wordings are not recorded (errors.ts).
 */
import type {
  FailureDetails,
  PutJobFailureResultCommandInput,
  PutJobFailureResultCommandOutput,
  PutJobSuccessResultCommandInput,
  PutJobSuccessResultCommandOutput,
} from '@aws-sdk/client-codepipeline';
import type { World } from '../../world/world.js';
import type { Operation, Out } from '../types.js';
import { str } from '../params.js';
import { InvalidJobStateException, JobNotFoundException } from './errors.js';

export interface JobRecord {
  id: string;
  /** The account of the pipeline whose action opened the job. */
  account: string;
  result?: { status: 'Succeeded'; summary?: string } | { status: 'Failed'; failure: FailureDetails };
}

export function jobsOf(world: World): Map<string, JobRecord> {
  return world.global<Map<string, JobRecord>>('codepipeline:jobs', () => new Map());
}

function openJob(world: World, jobId: string): JobRecord {
  const job = jobsOf(world).get(jobId);
  if (!job) throw JobNotFoundException(jobId);
  if (job.result) throw InvalidJobStateException(jobId);
  return job;
}

export const jobResultOperations = {
  PutJobSuccessResult: {
    resolve: (ctx, input) => openJob(ctx.world, str('ValidationException', input, 'jobId', { required: true })),
    authorize: () => ({ action: 'codepipeline:PutJobSuccessResult', resource: '*' }),
    handler(_ctx, input, job: JobRecord) {
      job.result = { status: 'Succeeded', summary: input.executionDetails?.summary };
      return {};
    },
  } satisfies Operation<PutJobSuccessResultCommandInput, Out<PutJobSuccessResultCommandOutput>, JobRecord>,
  PutJobFailureResult: {
    resolve: (ctx, input) => openJob(ctx.world, str('ValidationException', input, 'jobId', { required: true })),
    authorize: () => ({ action: 'codepipeline:PutJobFailureResult', resource: '*' }),
    handler(_ctx, input, job: JobRecord) {
      job.result = { status: 'Failed', failure: input.failureDetails ?? { type: 'JobFailed', message: '' } };
      return {};
    },
  } satisfies Operation<PutJobFailureResultCommandInput, Out<PutJobFailureResultCommandOutput>, JobRecord>,
};
