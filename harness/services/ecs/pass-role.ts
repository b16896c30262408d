/**
 * The roles a task definition passes to ECS: its task role and its task execution role. Whoever registers the task
 * definition, or starts tasks from it (a service, a task set), must be allowed iam:PassRole on each, with
 * iam:PassedToService ecs-tasks.amazonaws.com, as AWS asks:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html and, for CodeDeploy's
 * CreateTaskSet, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html.
 */
import type { AuthCheck } from '../types.js';
import { ECS_TASKS_PRINCIPAL } from './store.js';

const ROLE_ACCOUNT = /^arn:aws[\w-]*:iam::(\d{12}):role\//;

export function passRoleChecks(roles: { executionRoleArn?: string; taskRoleArn?: string } | undefined): AuthCheck[] {
  const arns = [roles?.executionRoleArn, roles?.taskRoleArn].filter((a): a is string => !!a);
  return [...new Set(arns)].map((arn) => ({
    action: 'iam:PassRole',
    resource: arn,
    resourceAccount: ROLE_ACCOUNT.exec(arn)?.[1],
    context: { 'iam:PassedToService': ECS_TASKS_PRINCIPAL },
  }));
}
