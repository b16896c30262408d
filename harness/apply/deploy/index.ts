/**
 * Deploy plans' public API: a CloudFormation deploy plan (xacct.deploy.yaml) or an AWS CDK cloud assembly (cdk.out)
 * read into one DeployDocument, and applied through the emulator's CloudFormation API.
 */
export { apply, planAll, type DeployApplyOptions } from './apply-plan.js';
export { readDeployPlan, PLAN_FILE } from './plan-file.js';
export { isDeployDocument, PlanError, type DeployDocument, type PlanStep } from './types.js';
export { readCloudAssembly, type CdkDeployOptions } from './cdk-assembly.js';
