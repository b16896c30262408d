/**
 * The CLI's side of deploy plans (apply/deploy): a CloudFormation deploy plan (xacct.deploy.yaml) or an AWS CDK
 * cloud assembly (cdk.out) read once so that a plan that does not read is one usage error naming the file and the
 * entry; the plan's steps as one line each (`xacct synth` and `xacct apply` print them).
 */
import type { CdkDeployOptions, DeployDocument, PlanStep } from '../apply/deploy/index.js';
import { UsageError } from './io.js';

export async function readDeployDocument(kind: 'cloudformation-plan' | 'cdk-assembly', path: string, what: string, cdk: CdkDeployOptions = {}): Promise<DeployDocument> {
  const { readDeployPlan, readCloudAssembly, PlanError } = await import('../apply/deploy/index.js');
  try {
    return kind === 'cdk-assembly' ? await readCloudAssembly(path, cdk) : readDeployPlan(path);
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(`${what}: ${e.message}`);
    throw e;
  }
}

/** One line per step, in the order they are made. */
export function describeSteps(doc: DeployDocument): string[] {
  return doc.steps.map((s: PlanStep, i) => {
    const n = `${String(i + 1).padStart(2)}.`;
    if (s.type === 'bootstrap') return `${n} bootstrap aws://${s.account}/${s.region}${s.trust.length ? ` --trust ${s.trust.join(',')}` : ''} --cloudformation-execution-policies ${s.executionPolicies.join(',')}`;
    if (s.type === 'file-asset') return `${n} publish ${s.path} to s3://${s.bucket}/${s.key}${s.as ? ` as ${s.as}` : ''}`;
    const params = Object.entries(s.parameters).map(([k, v]) => `${k}=${typeof v === 'string' ? v : `<${v.output.stack}.${v.output.key}>`}`);
    return `${n} deploy stack ${s.stackName} to aws://${s.account}/${s.region} from ${s.templateFile}${params.length ? ` with ${params.join(' ')}` : ''}${s.capabilities.length ? ` ${s.capabilities.join(',')}` : ''}${s.roleArn ? ` role ${s.roleArn}` : ''}${s.as ? ` as ${s.as}` : ''}`;
  });
}
