/**
 * A deploy plan: what xacct deploys through the emulator's CloudFormation API, in order, for a CloudFormation deploy
 * plan (`xacct.deploy.yaml`, plan-file.ts) and for an AWS CDK cloud assembly (`cdk.out`, cdk-assembly.ts). Both read
 * into this one shape, so the runner, `xacct check` and `xacct apply` apply them with one applier (apply-plan.ts).
 */

/** A parameter value: a literal, or an output of a stack deployed earlier in the plan (the most recent of that name). */
export type PlanValue = string | { output: { stack: string; key: string } };

/** One `aws cloudformation deploy`-like deployment (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/deploy/). */
export interface StackStep {
  type: 'stack';
  /** How messages name the deployment: `xacct.deploy.yaml deployment 3 (pre-reqs in 111111111111)`. */
  label: string;
  account: string;
  region: string;
  stackName: string;
  /** The template file (absolute path). */
  templateFile: string;
  parameters: Record<string, PlanValue>;
  capabilities: string[];
  /** CloudFormation's service role (RoleARN). */
  roleArn?: string;
  /** The role the deployer assumes to deploy; without it, an administrator of the account deploys. */
  as?: string;
  tags?: Record<string, string>;
  /** The template as published to S3 by an earlier step: deployed from there (TemplateURL), as the CDK CLI does. */
  templateObject?: { bucket: string; key: string };
  /** A stack that is already as its template says (no changes) is a success, not a failure. */
  noChangeIsSuccess?: boolean;
}

/** `cdk bootstrap --trust ...` in one environment (cdk-bootstrap.ts). */
export interface BootstrapStep {
  type: 'bootstrap';
  label: string;
  account: string;
  region: string;
  trust: string[];
  executionPolicies: string[];
}

/** A file asset published to the bootstrap bucket as the file-publishing role (cdk-assets). */
export interface FileAssetStep {
  type: 'file-asset';
  label: string;
  account: string;
  region: string;
  /** The file or directory (zipped) to upload. */
  path: string;
  packaging: 'file' | 'zip';
  bucket: string;
  key: string;
  /** The role to publish as (cdk-hnb659fds-file-publishing-role-...). */
  as?: string;
}

export type PlanStep = StackStep | BootstrapStep | FileAssetStep;

/** The document the runner's setup cache holds for a deploy plan or a cloud assembly. */
export interface DeployDocument {
  kind: 'xacct-deploy';
  /** What was read (the plan file or the cdk.out directory). */
  source: string;
  /** Accounts the plan deploys to, in the order first named. */
  accounts: string[];
  steps: PlanStep[];
  /** Things the reader did not model, to tell the user once per run. */
  notes: string[];
}

export function isDeployDocument(doc: unknown): doc is DeployDocument {
  return typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === 'xacct-deploy';
}

/** A plan that does not read: the file (and entry) and what is wrong, one line each. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
}
