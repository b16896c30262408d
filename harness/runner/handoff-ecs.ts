/**
 * The steps of an ECS blue/green deployment through CodeDeploy, each a real SDK call to the backend's ECS and
 * CodeDeploy (no policy-engine shortcut): the target account creates a CODE_DEPLOY service and a deployment group
 * whose service role CodeDeploy assumes, registers the next task definition revision, and CodeDeploy deploys it as
 * that role: ECS CreateTaskSet (which passes the task definition's task execution role, iam:PassRole checked as the
 * CodeDeploy role), then the traffic shift and the removal of the original task set.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html
 * A failed deployment is reported at the step where it stopped, with the refused ECS call's error as CodeDeploy's
 * errorInformation carries it ("<message> (Service: AmazonECS; Status Code: <status>; Error Code: <code>; …)") and
 * the backend's explanation of the denial, recorded under the CreateDeployment request's id.
 * `codeDeployToEcsPipeline` runs the same deployment from the pipeline account: a pipeline whose CodeDeployToECS action
 * runs as the target account's action role (taskdef.json, appspec.yaml and imageDetail.json in the source artifact).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
 */
import { CodePipelineClient, CreatePipelineCommand, GetPipelineExecutionCommand, GetPipelineStateCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand, type Service } from '@aws-sdk/client-ecs';
import { requireS3Source, StepFailure } from './handoff.js';
import type { HandoffNames } from './names.js';
import type { Step, StepContext } from './scenario.js';

export interface EcsBlueGreenOptions {
  /** The CodeDeploy service role's name, in the target account. */
  codeDeployRole: string;
  /** The task execution role's name, in the target account. */
  taskExecutionRole: string;
  cluster?: string;
  service?: string;
  application?: string;
}

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
const CONTAINERS = [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:stable', memory: 512, portMappings: [{ containerPort: 80 }] }];

function names(o: EcsBlueGreenOptions) {
  return { cluster: o.cluster ?? 'xacct-cluster', service: o.service ?? 'xacct-service', application: o.application ?? 'xacct-ecs-app', family: 'xacct-app' };
}

function needsServices(ctx: StepContext): void {
  for (const service of ['ecs', 'codedeploy']) if (!ctx.world.has(service)) throw new Error(`the backend does not emulate ${service}`);
}

const target = (ctx: StepContext) => ctx.world.clientConfig(ctx.names.targetAccount);
const role = (n: HandoffNames, name: string) => `arn:aws:iam::${n.targetAccount}:role/${name}`;

/** The service the deployment updates: a cluster and a CODE_DEPLOY service running revision 1. */
export function createBlueGreenService(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'create-ecs-service',
    title: `The target account creates the ECS service ${n.service} with the CODE_DEPLOY deployment controller`,
    principal: (h) => `arn:aws:iam::${h.targetAccount}:root`,
    async run(ctx) {
      needsServices(ctx);
      const ecs = new ECSClient(target(ctx));
      await ecs.send(new CreateClusterCommand({ clusterName: n.cluster }));
      const td = await ecs.send(new RegisterTaskDefinitionCommand({ family: n.family, executionRoleArn: role(ctx.names, o.taskExecutionRole), containerDefinitions: CONTAINERS }));
      await ecs.send(
        new CreateServiceCommand({ cluster: n.cluster, serviceName: n.service, taskDefinition: td.taskDefinition!.taskDefinitionArn, desiredCount: 1, deploymentController: { type: 'CODE_DEPLOY' } }),
      );
    },
  };
}

/** The CodeDeploy application and deployment group, whose service role the caller passes to CodeDeploy. */
export function createDeploymentGroup(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'create-deployment-group',
    title: `The target account creates the CodeDeploy deployment group with the service role ${o.codeDeployRole}`,
    principal: (h) => `arn:aws:iam::${h.targetAccount}:root`,
    async run(ctx) {
      const cd = new CodeDeployClient(target(ctx));
      await cd.send(new CreateApplicationCommand({ applicationName: n.application, computePlatform: 'ECS' }));
      await cd.send(
        new CreateDeploymentGroupCommand({
          applicationName: n.application,
          deploymentGroupName: n.service,
          serviceRoleArn: role(ctx.names, o.codeDeployRole),
          deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
          ecsServices: [{ clusterName: n.cluster, serviceName: n.service }],
        }),
      );
    },
  };
}

export function registerRevision(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'register-task-definition',
    title: `The target account registers the next revision of ${n.family} with the task execution role ${o.taskExecutionRole}`,
    principal: (h) => `arn:aws:iam::${h.targetAccount}:root`,
    async run(ctx) {
      const td = await new ECSClient(target(ctx)).send(new RegisterTaskDefinitionCommand({ family: n.family, executionRoleArn: role(ctx.names, o.taskExecutionRole), containerDefinitions: CONTAINERS }));
      ctx.state.set('ecs.taskDefinition', td.taskDefinition!.taskDefinitionArn);
    },
  };
}

/** The refused call's error, as CodeDeploy's errorInformation carries it, with the backend's explanation. */
async function deploymentFailure(ctx: StepContext, info: DeploymentInfo, requestId: string | undefined): Promise<StepFailure> {
  const message = info.errorInformation?.message ?? '';
  const m = /^(.*) \(Service: \w+; Status Code: (\d+); Error Code: (\w+); Request ID: [^)]*\)$/s.exec(message);
  const explanation = requestId ? await ctx.world.explain(requestId) : undefined;
  if (!m) return new StepFailure(info.errorInformation?.code ?? 'Failed', undefined, message, explanation);
  return new StepFailure(m[3]!, Number(m[2]), m[1]!, explanation);
}

async function service(ctx: StepContext, n: ReturnType<typeof names>): Promise<Service> {
  return (await new ECSClient(target(ctx)).send(new DescribeServicesCommand({ cluster: n.cluster, services: [n.service] }))).services![0]!;
}

/**
 * CodeDeploy deploys the registered revision as its service role. The deployment stops here when the replacement
 * task set was never created (ECS refused CreateTaskSet); a failure after it is reported by `shiftTraffic`.
 */
export function createTaskSet(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'create-task-set',
    title: `CodeDeploy, as ${o.codeDeployRole}, creates the replacement task set (ECS CreateTaskSet passes ${o.taskExecutionRole} to ecs-tasks.amazonaws.com)`,
    principal: (h) => `arn:aws:iam::${h.targetAccount}:role/${o.codeDeployRole} (session of codedeploy.amazonaws.com)`,
    async run(ctx) {
      const cd = new CodeDeployClient(target(ctx));
      const appSpec = JSON.stringify({
        version: 0.0,
        Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: ctx.state.get('ecs.taskDefinition'), LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 80 } } } }],
      });
      const created = await cd.send(
        new CreateDeploymentCommand({ applicationName: n.application, deploymentGroupName: n.service, revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } } }),
      );
      let info: DeploymentInfo = {};
      for (let i = 0; i < 1000 && !FINAL.has(info.status ?? ''); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 10));
        info = (await cd.send(new GetDeploymentCommand({ deploymentId: created.deploymentId }))).deploymentInfo!;
      }
      ctx.state.set('ecs.deployment', info);
      if (info.status === 'Succeeded') return;
      const replaced = (await service(ctx, n)).taskSets?.some((s) => s.externalId === created.deploymentId);
      const failure = await deploymentFailure(ctx, info, created.$metadata.requestId);
      if (!replaced) throw failure;
      ctx.state.set('ecs.failure', failure);
    },
  };
}

/** The traffic shift and the removal of the original task set: the service then runs only the new revision. */
export function shiftTraffic(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'shift-traffic',
    title: 'CodeDeploy shifts all traffic to the replacement task set and removes the original one',
    principal: (h) => `arn:aws:iam::${h.targetAccount}:role/${o.codeDeployRole} (session of codedeploy.amazonaws.com)`,
    async run(ctx) {
      const failure = ctx.state.get('ecs.failure');
      if (failure) throw failure;
      const info = ctx.state.get('ecs.deployment') as DeploymentInfo;
      const sets = (await service(ctx, n)).taskSets ?? [];
      const wanted = ctx.state.get('ecs.taskDefinition');
      if (sets.length !== 1 || sets[0]!.status !== 'PRIMARY' || sets[0]!.taskDefinition !== wanted) {
        throw new StepFailure('DeploymentNotComplete', undefined, `deployment ${info.deploymentId} is ${info.status}, and the service runs ${sets.map((s) => `${s.taskDefinition} (${s.status})`).join(', ')}`);
      }
    },
  };
}

/** The whole blue/green hand-off, in order. */
export function blueGreenDeployment(o: EcsBlueGreenOptions): Step[] {
  return [createBlueGreenService(o), createDeploymentGroup(o), registerRevision(o), createTaskSet(o), shiftTraffic(o)];
}

const PIPELINE_NAME = 'xacct-ecs-pipeline';
const IMAGE = 'public.ecr.aws/nginx/nginx:1.27-alpine';

/** The source artifact of the ECS pipeline: the task definition and AppSpec templates, and the image to deploy. */
function ecsSource(n: HandoffNames, o: EcsBlueGreenOptions): Buffer {
  const taskdef = { family: names(o).family, executionRoleArn: role(n, o.taskExecutionRole), containerDefinitions: [{ ...CONTAINERS[0], image: '<IMAGE1_NAME>' }] };
  const appspec = 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: app\n          ContainerPort: 80\n';
  const files = { 'taskdef.json': strToU8(JSON.stringify(taskdef)), 'appspec.yaml': strToU8(appspec), 'imageDetail.json': strToU8(JSON.stringify({ ImageURI: IMAGE })) };
  return Buffer.from(zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') }));
}

/** The pipeline account's root creates a pipeline whose CodeDeployToECS action runs as the target's action role. */
export function createEcsPipeline(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'create-ecs-pipeline',
    title: 'The pipeline account creates a pipeline: S3 source, then CodeDeployToECS as the target account\'s action role',
    principal: (h) => `arn:aws:iam::${h.pipelineAccount}:root`,
    async run(ctx) {
      const h = ctx.names;
      // Its pipeline's source is the setup's S3 source bucket, which a pipeline with another source does not have.
      requireS3Source(h, 'create-ecs-pipeline');
      await new CodePipelineClient(ctx.world.clientConfig(h.pipelineAccount)).send(
        new CreatePipelineCommand({
          pipeline: {
            name: PIPELINE_NAME,
            roleArn: h.pipelineRoleArn,
            artifactStore: { type: 'S3', location: h.artifactBucket, ...(h.keyArn ? { encryptionKey: { type: 'KMS', id: h.keyArn } } : {}) },
            stages: [
              {
                name: 'Source',
                actions: [
                  {
                    name: 'Source',
                    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
                    configuration: { S3Bucket: h.sourceBucket, S3ObjectKey: h.sourceObjectKey, PollForSourceChanges: 'false' },
                    outputArtifacts: [{ name: 'SourceArtifact' }],
                  },
                ],
              },
              {
                name: 'Deploy',
                actions: [
                  {
                    name: 'BlueGreen',
                    actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' },
                    roleArn: h.actionRoleArn,
                    configuration: {
                      ApplicationName: n.application,
                      DeploymentGroupName: n.service,
                      TaskDefinitionTemplateArtifact: 'SourceArtifact',
                      AppSpecTemplateArtifact: 'SourceArtifact',
                      Image1ArtifactName: 'SourceArtifact',
                      Image1ContainerName: 'IMAGE1_NAME',
                    },
                    inputArtifacts: [{ name: 'SourceArtifact' }],
                  },
                ],
              },
            ],
          },
        }),
      );
    },
  };
}

/** The pipeline runs; its deploy action's failure is the step's, else the service must run the image it deployed. */
export function runEcsPipeline(o: EcsBlueGreenOptions): Step {
  const n = names(o);
  return {
    id: 'run-ecs-pipeline',
    title: 'The pipeline runs: the action role registers the task definition and CodeDeploy deploys it blue/green in the target account',
    principal: (h) => `arn:aws:iam::${h.pipelineAccount}:root (starts the execution)`,
    async run(ctx) {
      const h = ctx.names;
      const root = ctx.world.clientConfig(h.pipelineAccount);
      await new S3Client(root).send(
        new PutObjectCommand({ Bucket: h.sourceBucket, Key: h.sourceObjectKey, Body: ecsSource(h, o), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: h.keyArn || undefined }),
      );
      const cp = new CodePipelineClient(root);
      const started = await cp.send(new StartPipelineExecutionCommand({ name: PIPELINE_NAME }));
      let status = 'InProgress';
      for (let i = 0; i < 3000 && ['InProgress', 'Stopping'].includes(status); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 10));
        status = (await cp.send(new GetPipelineExecutionCommand({ pipelineName: PIPELINE_NAME, pipelineExecutionId: started.pipelineExecutionId }))).pipelineExecution?.status ?? 'Unknown';
      }
      if (status !== 'Succeeded') {
        const state = await cp.send(new GetPipelineStateCommand({ name: PIPELINE_NAME }));
        const failed = state.stageStates?.flatMap((s) => s.actionStates ?? []).find((a) => a.latestExecution?.status === 'Failed')?.latestExecution;
        const explanation = started.$metadata.requestId ? await ctx.world.explain(started.$metadata.requestId) : undefined;
        throw new StepFailure(failed?.errorDetails?.code ?? 'JobFailed', undefined, failed?.errorDetails?.message ?? `the execution ended ${status}`, explanation);
      }
      const running = await service(ctx, n);
      const td = (await new ECSClient(target(ctx)).send(new DescribeTaskDefinitionCommand({ taskDefinition: running.taskDefinition }))).taskDefinition;
      if (td?.containerDefinitions?.[0]?.image !== IMAGE || running.taskSets?.length !== 1) {
        throw new StepFailure('DeploymentNotComplete', undefined, `the service runs ${running.taskDefinition} (${td?.containerDefinitions?.[0]?.image}), not ${IMAGE}`);
      }
    },
  };
}

/** The cross-account ECS delivery: the target's service and deployment group, then the pipeline account's pipeline. */
export function codeDeployToEcsPipeline(o: EcsBlueGreenOptions): Step[] {
  return [createBlueGreenService(o), createDeploymentGroup(o), createEcsPipeline(o), runEcsPipeline(o)];
}
