/**
 * What started an execution, when the StartPipelineExecution call that starts it cannot say. EventBridge starts a
 * pipeline by calling StartPipelineExecution as the target's role, yet AWS records that execution's trigger as the
 * rule, not the call: `{ triggerType: 'CloudWatchEvent', triggerDetail: <the rule's ARN> }`, where a call made by
 * hand records `{ triggerType: 'StartPipelineExecution', triggerDetail: <the caller's ARN> }`.
 * - The values: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ExecutionTrigger.html (triggerType
 *   CloudWatchEvent; triggerDetail "such as ... the user ARN for a user-initiated start-pipeline-execution").
 * - Recorded from AWS: `aws codepipeline list-pipeline-executions` after a CodeCommit event, in a public DOP-C02 lab
 *   write-up found with the search tool's find_string ("triggerType": "CloudWatchEvent"; its repository was not
 *   named by the index): `"triggerType": "CloudWatchEvent", "triggerDetail": "arn:aws:events:us-east-1:<ACCOUNT_ID>:
 *   rule/dop-c02-pr-trigger"` beside a manual run's `"triggerType": "StartPipelineExecution", "triggerDetail":
 *   "arn:aws:sts::<ACCOUNT_ID>:assumed-role/AWSReservedSSO_AdministratorAccess_.../jflores"`; and a Lambda test
 *   fixture of GetPipelineExecution with `"triggerType": "CloudWatchEvent", "triggerDetail":
 *   "arn:aws:events:ap-southeast-2:111111111111:rule/DeploymentWatch"`.
 * EventBridge's delivery (events/delivery.ts) registers its start before the call, keyed by the pipeline and the role
 * session it calls as (a session per event); StartPipelineExecution takes it. The same hand-off as events/forwarding.ts.
 */
import type { World } from '../../world/world.js';

export interface ExecutionTrigger {
  triggerType: 'StartPipelineExecution' | 'CreatePipeline' | 'CloudWatchEvent' | 'PollForSourceChanges';
  triggerDetail: string;
}

function pending(world: World): Map<string, string> {
  return world.global<Map<string, string>>('codepipeline:rule-starts', () => new Map());
}

const key = (pipelineArn: string, callerArn: string) => `${pipelineArn} ${callerArn}`;

/** EventBridge is about to start `pipelineArn` as `callerArn` for `ruleArn`; the returned function withdraws it. */
export function registerRuleStart(world: World, pipelineArn: string, callerArn: string, ruleArn: string): () => void {
  const starts = pending(world);
  starts.set(key(pipelineArn, callerArn), ruleArn);
  return () => starts.delete(key(pipelineArn, callerArn));
}

/** The trigger of an execution StartPipelineExecution starts on `pipelineArn`, called as `callerArn`. */
export function startTrigger(world: World, pipelineArn: string, callerArn: string): ExecutionTrigger {
  const starts = pending(world);
  const rule = starts.get(key(pipelineArn, callerArn));
  if (rule === undefined) return { triggerType: 'StartPipelineExecution', triggerDetail: callerArn };
  starts.delete(key(pipelineArn, callerArn));
  return { triggerType: 'CloudWatchEvent', triggerDetail: rule };
}
