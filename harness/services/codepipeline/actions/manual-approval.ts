/**
 * Approval/AWS/Manual: the action waits with a token until PutApprovalResult approves or rejects it.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html
 * A rejection fails the action with the reviewer's summary, as the console shows it.
 */
import { randomUUID } from 'node:crypto';
import { ActionFailure } from '../failures.js';
import type { ActionHandler } from './types.js';

export const manualApproval: ActionHandler = (env) =>
  new Promise((resolve, reject) => {
    env.run.approval = {
      token: randomUUID(),
      settle: (result) => {
        if (result.status === 'Approved') resolve({ summary: result.summary });
        else reject(new ActionFailure(result.summary || `Rejected by ${result.by}`, 'JobFailed'));
      },
    };
  });
