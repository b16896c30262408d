/**
 * Issue 20's done-when, against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws, no config file) and an
 * HTTP emulator. The CodeDeploy role carries AWS's own AWSCodeDeployRoleForECS document (test-fixtures.ts); a task
 * definition is registered, a CODE_DEPLOY service created, and `aws deploy create-deployment` with an AppSpec runs a
 * blue/green deployment as that role (its ECS calls authorized as the role's AWSCodeDeploy session) until
 * `aws deploy get-deployment` says Succeeded and the service's only task set is the new revision's.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/create-blue-green.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsJson } from '../../../test/helpers/aws-cli.js';
import { trust } from '../codepipeline/test-fixtures.js';
import { awsManagedDocument } from './test-fixtures.js';

const A = '111111111111';
const root = { accessKeyId: A, secretAccessKey: 'test' };
const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;

describe('an ECS blue/green deployment with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  const cli = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(emu.endpoint, root, args);

  // About fifteen CLI processes, each a Python start-up: the time limit is generous for a shared machine.
  it('deploys a registered task definition as the CodeDeploy role until get-deployment says Succeeded', async () => {
    await cli('iam', 'create-role', '--role-name', 'ecsCodeDeployRole', '--assume-role-policy-document', trust({ Service: 'codedeploy.amazonaws.com' }));
    await cli('iam', 'put-role-policy', '--role-name', 'ecsCodeDeployRole', '--policy-name', 'AWSCodeDeployRoleForECS', '--policy-document', awsManagedDocument('AWSCodeDeployRoleForECS'));
    await cli('iam', 'create-role', '--role-name', 'app-task-execution', '--assume-role-policy-document', trust({ Service: 'ecs-tasks.amazonaws.com' }));
    await cli('ecs', 'create-cluster', '--cluster-name', 'apps');
    const containers = JSON.stringify([{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', memory: 512, portMappings: [{ containerPort: 80 }] }]);
    const register = () => cli<{ taskDefinition: { taskDefinitionArn: string } }>('ecs', 'register-task-definition', '--family', 'web', '--execution-role-arn', role('app-task-execution'), '--container-definitions', containers);
    const blue = (await register()).taskDefinition.taskDefinitionArn;
    const green = (await register()).taskDefinition.taskDefinitionArn;
    expect(green).toBe(`arn:aws:ecs:us-east-1:${A}:task-definition/web:2`);
    await cli('ecs', 'create-service', '--cluster', 'apps', '--service-name', 'web', '--task-definition', blue, '--desired-count', '2', '--deployment-controller', 'type=CODE_DEPLOY');
    await cli('deploy', 'create-application', '--application-name', 'web', '--compute-platform', 'ECS');
    await cli(
      'deploy',
      'create-deployment-group',
      '--application-name', 'web',
      '--deployment-group-name', 'web-bg',
      '--service-role-arn', role('ecsCodeDeployRole'),
      '--deployment-style', 'deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL',
      '--ecs-services', 'clusterName=apps,serviceName=web',
    );
    const appSpec = JSON.stringify({ version: 0.0, Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: green, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 } } } }] });
    const revision = JSON.stringify({ revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } });
    const { deploymentId } = await cli<{ deploymentId: string }>('deploy', 'create-deployment', '--application-name', 'web', '--deployment-group-name', 'web-bg', '--revision', revision);

    let status = '';
    for (let i = 0; i < 50 && !['Succeeded', 'Failed', 'Stopped'].includes(status); i++) {
      const info = (await cli<{ deploymentInfo: { status: string; errorInformation?: unknown } }>('deploy', 'get-deployment', '--deployment-id', deploymentId)).deploymentInfo;
      status = info.status;
      expect(info.errorInformation).toBeUndefined();
    }
    expect(status).toBe('Succeeded');
    const service = (await cli<{ services: Array<{ taskDefinition: string; taskSets: Array<{ status: string; taskDefinition: string; externalId: string }> }> }>('ecs', 'describe-services', '--cluster', 'apps', '--services', 'web')).services[0]!;
    expect(service.taskDefinition).toBe(green);
    expect(service.taskSets).toMatchObject([{ status: 'PRIMARY', taskDefinition: green, externalId: deploymentId }]);
  }, 180_000);
});
