/**
 * The shared corpus' CloudFormation configurations (../shared/corpus/real-configs, read in place) deployed into
 * `xacct serve` with four accounts exactly as their authors deploy them: Debian's AWS CLI v2 (/usr/bin/aws, a client
 * nobody here wrote) running `aws cloudformation deploy` in the order of the authors' README or script, with the
 * parameters they pass. Each stack completes, or fails where and how AWS fails it; resources xacct does not model
 * stand in as placeholders marked "Not emulated by xacct" (DescribeStackResources' reason), never as refusals.
 * Authors' deployment steps (their repositories, at the commits named in each SOURCE.txt):
 * - awslabs/aws-refarch-cross-account-pipeline single-click-cross-account-pipeline.sh and README.md (the CodeCommit
 *   repository sample-lambda in the dev account, then pre-reqs, the three role stacks, the pipeline, and pre-reqs and
 *   the pipeline again with CodeBuildCondition=true and CrossAccountCondition=true);
 * - adcreare/cloudformation code-pipeline-cross-account/README.md ("deployed in the order listed here": the deploy
 *   account's kms-cross-account.yml, code-build.yml, code-pipeline.yml, then the production account's
 *   iam-codepipeline-cross-account-deploy.yml; parameters the author edits as defaults are passed as overrides);
 * - davidkelley/cross-account-codepipeline README.md (one template in the deployer account and in every target
 *   account, with the target accounts' ids comma-joined in TargetAccountIds).
 * Where AWS fails them, per the records cited in each block: adcreare's pipeline at CreatePipeline (its action roles
 * cannot be assumed: first the production roles do not exist yet, then the execute action names the author's own
 * account), never at its execute action; davidkelley's deployer account at its change set (a String parameter as
 * Fn::Join's list), its target accounts at IAM (the comma-joined principal, MalformedPolicyDocument).
 * The aws-samples service-catalog configuration is deployed by its author with the SAM CLI (`sam package`,
 * `sam deploy`): test/corpus-sam-deploy.test.ts deploys it so.
 * The refarch's pipeline is then run as its README says it starts: a commit to sample-lambda's master branch in the
 * development account, which the pipeline polls (its source sets no PollForSourceChanges); the run is driven through
 * the SDK (the CLI's waiter is slow) and each action's outcome asserted.
 * The CLI's waiter polls DescribeStacks every 30 seconds (awscli/customizations/cloudformation/deployer.py), so each
 * deployment takes about half a minute; the three configurations run side by side, each in its own server.
 */
import { CodeCommitClient, CreateCommitCommand } from '@aws-sdk/client-codecommit';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import { describe, expect, it } from 'vitest';
import { classicSuffix, cli, deployFailed, deployTemplate, escape, json, NOT_EMULATED, succeeded, view } from './helpers/cloudformation-cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

const CORPUS = '/work/shared/corpus/real-configs';
const TOOLS = '111111111111';
const DEV = '222222222222';
const TEST = '333333333333';
const PROD = '444444444444';
const ACCOUNTS = `tools=${TOOLS},dev=${DEV},test=${TEST},prod=${PROD}`;
/** Escapes a pattern's text but keeps its `\\S+` and `\\w+` (the parts AWS generates). */
const escapeAround = (pattern: string) => pattern.split(/(\\S\+|\\w\+)/).map((part, i) => (i % 2 ? part : escape(part))).join('');

/** `aws cloudformation deploy` of a corpus file (a path under CORPUS) as `account`. */
const deploy = (serve: ServeProcess, account: string, stack: string, file: string, ...rest: string[]) => deployTemplate(serve, account, stack, `${CORPUS}/${file}`, ...rest);

async function withServe(body: (serve: ServeProcess) => Promise<void>): Promise<void> {
  const serve = await startServe(['--port', '0', '--accounts', ACCOUNTS], 4);
  try {
    await body(serve);
  } finally {
    await serve.stop();
  }
}


/**
 * The refarch's app as the README makes it: `sam init` (Quick Start, Python 3.7, sample-lambda), committed to the
 * master branch. The pipeline's CodeBuild runs `sam package` (code-pipeline.yaml's buildspec), whose output
 * packaged-template.yml the Deploy stages read; xacct does not run buildspec commands by default, so the commit also
 * carries packaged-template.yml as `sam package` writes it (CodeUri replaced by the uploaded zip's S3 URI).
 */
function samApp(bucket: string): Record<string, string> {
  const template = (codeUri: string) =>
    [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::Serverless-2016-10-31',
      'Description: sample-lambda',
      'Globals:',
      '  Function:',
      '    Timeout: 3',
      'Resources:',
      '  HelloWorldFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: ${codeUri}`,
      '      Handler: app.lambda_handler',
      '      Runtime: python3.7',
      '      Events:',
      '        HelloWorld:',
      '          Type: Api',
      '          Properties:',
      '            Path: /hello',
      '            Method: get',
      'Outputs:',
      '  HelloWorldFunction:',
      '    Value: !GetAtt HelloWorldFunction.Arn',
      '',
    ].join('\n');
  return {
    'template.yaml': template('hello_world/'),
    'packaged-template.yml': template(`s3://${bucket}/0c8e3c7a4f7b2f1e9d6a5b4c3d2e1f00`),
    'hello_world/app.py': 'import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({"message": "hello world"})}\n',
    'hello_world/requirements.txt': 'requests\n',
  };
}

const sdkConfig = (serve: ServeProcess, account: string) => ({ endpoint: serve.endpoint, region: 'us-east-1', credentials: { accessKeyId: account, secretAccessKey: 'test' }, maxAttempts: 1 });

interface PipelineRun {
  trigger?: { triggerType?: string; triggerDetail?: string };
  status?: string;
  /** Each action's status and summary (ListActionExecutions), with its error for a failed one (GetPipelineState). */
  actions: Record<string, { status?: string; summary?: string; error?: string }>;
}

/** Commits the app, finds the execution the poll started (through the SDK: the CLI's waiter is slow), approves prod, and reads each action's outcome. */
async function runAfterCommit(serve: ServeProcess, bucket: string): Promise<PipelineRun> {
  const cc = new CodeCommitClient(sdkConfig(serve, DEV));
  const files = samApp(bucket);
  await cc.send(
    new CreateCommitCommand({
      repositoryName: 'sample-lambda',
      branchName: 'master',
      commitMessage: 'First push of my SAM app!',
      putFiles: Object.entries(files).map(([filePath, content]) => ({ filePath, fileContent: new TextEncoder().encode(content) })),
    }),
  );
  const cp = new CodePipelineClient(sdkConfig(serve, TOOLS));
  const name = 'sample-lambda-pipeline';
  const deadline = Date.now() + 60_000;
  const sleep = () => new Promise((r) => setTimeout(r, 250));
  let id: string | undefined;
  while (!(id = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries?.find((e) => e.trigger?.triggerType === 'PollForSourceChanges')?.pipelineExecutionId)) {
    if (Date.now() > deadline) throw new Error('the commit started no execution');
    await sleep();
  }
  for (;;) {
    const exec = (await cp.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }))).pipelineExecution!;
    if (exec.status !== 'InProgress' || Date.now() > deadline) break;
    const state = await cp.send(new GetPipelineStateCommand({ name }));
    const approval = state.stageStates?.find((s) => s.stageName === 'ApproveDeployProd')?.actionStates?.[0]?.latestExecution;
    if (approval?.status === 'InProgress' && approval.token) {
      // "Log into the TEST account and test out your changes before approving": approved.
      await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'ApproveDeployProd', actionName: 'ApproveDeployProd', token: approval.token, result: { status: 'Approved', summary: 'tested' } }));
    }
    await sleep();
  }
  const exec = (await cp.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }))).pipelineExecution!;
  const details = (await cp.send(new ListActionExecutionsCommand({ pipelineName: name, filter: { pipelineExecutionId: id } }))).actionExecutionDetails ?? [];
  const states = (await cp.send(new GetPipelineStateCommand({ name }))).stageStates ?? [];
  const errorOf = (action: string) => states.flatMap((st) => st.actionStates ?? []).find((a) => a.actionName === action && a.latestExecution?.actionExecutionId)?.latestExecution?.errorDetails?.message;
  return {
    trigger: (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries?.find((e) => e.pipelineExecutionId === id)?.trigger,
    status: exec.status,
    actions: Object.fromEntries(
      details.map((d) => {
        const summary = d.output?.executionResult?.externalExecutionSummary;
        const error = d.status === 'Failed' ? errorOf(d.actionName!) : undefined;
        return [d.actionName!, { status: d.status, ...(summary ? { summary } : {}), ...(error ? { error } : {}) }];
      }),
    ),
  };
}

describe.concurrent('the corpus deployed as its authors deploy it', () => {
  describe('awslabs/aws-refarch-cross-account-pipeline (single-click-cross-account-pipeline.sh)', () => {
    const R = 'aws-refarch-cross-account-pipeline';
    it("every stack completes, the phased redeployments included; a commit then runs the pipeline until the test account's deploy, refused iam:TagRole", async () => {
      await withServe(async (serve) => {
        // README step 2: the CodeCommit repository in the development account.
        await json(serve, DEV, ['codecommit', 'create-repository', '--repository-name', 'sample-lambda', '--repository-description', 'Sample Lambda Function']);

        const pre = await deploy(serve, TOOLS, 'pre-reqs', `${R}/ToolsAcct/pre-reqs.yaml`, '--parameter-overrides', `DevAccount=${DEV}`, `TestAccount=${TEST}`, `ProductionAccount=${PROD}`);
        expect(pre).toMatchObject({ cli: succeeded('pre-reqs'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });
        // "Enter S3 Bucket created from above" / "Enter CMK ARN created from above": the stack's outputs.
        const { CMK: cmk, ArtifactBucket: bucket } = pre.outputs;
        expect(cmk).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${TOOLS}:key/[0-9a-f-]{36}$`));
        expect(bucket).toMatch(/^pre-reqs-artifactbucket-[a-z0-9]+$/);

        const dev = await deploy(serve, DEV, 'toolsacct-codepipeline-role', `${R}/DevAccount/toolsacct-codepipeline-codecommit.yaml`, '--capabilities', 'CAPABILITY_NAMED_IAM', '--parameter-overrides', `ToolsAccount=${TOOLS}`, `CMKARN=${cmk}`);
        expect(dev).toMatchObject({ cli: succeeded('toolsacct-codepipeline-role'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });
        for (const account of [TEST, PROD]) {
          const target = await deploy(serve, account, 'toolsacct-codepipeline-cloudformation-role', `${R}/TestAccount/toolsacct-codepipeline-cloudformation-deployer.yaml`, '--capabilities', 'CAPABILITY_NAMED_IAM', '--parameter-overrides', `ToolsAccount=${TOOLS}`, `CMKARN=${cmk}`, `S3Bucket=${bucket}`);
          expect(target).toMatchObject({ cli: succeeded('toolsacct-codepipeline-cloudformation-role'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });
        }

        // The pipeline first with CrossAccountCondition=false: CHANGE_SET_REPLACE actions without RoleArn are accepted at CreatePipeline.
        const pipeline = await deploy(serve, TOOLS, 'sample-lambda-pipeline', `${R}/ToolsAcct/code-pipeline.yaml`, '--parameter-overrides', `DevAccount=${DEV}`, `TestAccount=${TEST}`, `ProductionAccount=${PROD}`, `CMKARN=${cmk}`, `S3Bucket=${bucket}`, '--capabilities', 'CAPABILITY_NAMED_IAM');
        expect(pipeline).toMatchObject({ cli: succeeded('sample-lambda-pipeline'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });

        const preAgain = await deploy(serve, TOOLS, 'pre-reqs', `${R}/ToolsAcct/pre-reqs.yaml`, '--parameter-overrides', 'CodeBuildCondition=true');
        expect(preAgain).toMatchObject({ cli: succeeded('pre-reqs'), status: 'UPDATE_COMPLETE', failed: [], notEmulated: [], outputs: { CMK: cmk, ArtifactBucket: bucket } });

        const pipelineAgain = await deploy(serve, TOOLS, 'sample-lambda-pipeline', `${R}/ToolsAcct/code-pipeline.yaml`, '--parameter-overrides', 'CrossAccountCondition=true', '--capabilities', 'CAPABILITY_NAMED_IAM');
        expect(pipelineAgain).toMatchObject({ cli: succeeded('sample-lambda-pipeline'), status: 'UPDATE_COMPLETE', failed: [], notEmulated: [] });

        // README step 4 and 5: the SAM app pushed to sample-lambda's master branch in the development account, then
        // "log in to your tools AWS account to ensure your codepipeline execution has kicked off" (it polls: the
        // authors' source action sets no PollForSourceChanges, which is then true, codepipeline/polling.ts).
        const run = await runAfterCommit(serve, bucket!);
        expect(run.trigger).toEqual({ triggerType: 'PollForSourceChanges', triggerDetail: 'App' });
        // The source (as the development account's role), the build (its commands not run) and the test account's change
        // set succeed; executing it fails, as it does in AWS today: SAM gives the function's generated role the tag
        // lambda:createdBy=SAM (aws/serverless-application-model, "Serverless::Function does not propagate its tags",
        // #1160, and its translator since), and the authors' cloudformationdeployer-role may iam:CreateRole but not
        // iam:TagRole. CloudFormation retried such a role without its tags until 2025
        // (aws-cloudformation/cloudformation-coverage-roadmap#1859: "Retrying request without including tags"); since,
        // it fails (brefphp/bref#2028, 2025-11: "Encountered a permissions error performing a tagging operation, …
        // not authorized to perform: iam:TagRole …"). A real defect of the authors' deployer policy as AWS now
        // behaves: the execution stops there, before the approval and the production account.
        const tagRole = (account: string, stack: string) =>
          `Resource handler returned message: "Encountered a permissions error performing a tagging operation, please add required tag permissions. See https://repost.aws/knowledge-center/cloudformation-tagging-permission-error for how to resolve. ` +
          `Resource handler returned message: "User: arn:aws:sts::${account}:assumed-role/cloudformationdeployer-role/\\S+ is not authorized to perform: iam:TagRole on resource: arn:aws:iam::${account}:role/${stack}-HelloWorldFunctionRole-\\w+ because no identity-based policy allows the iam:TagRole action""`;
        const reason = tagRole(TEST, 'sample-lambda-test');
        expect(run).toEqual({
          trigger: expect.anything(),
          status: 'Failed',
          actions: {
            App: { status: 'Succeeded', summary: 'First push of my SAM app!' },
            Build: { status: 'Succeeded' },
            CreateChangeSetTest: { status: 'Succeeded', summary: 'Stack sample-lambda-test deployed' },
            DeployChangeSetTest: { status: 'Failed', error: expect.stringMatching(new RegExp(`^${escape('Failed to create stack. Current status: ROLLBACK_COMPLETE. Status reason: ')}${escapeAround(reason)}$`)) },
          },
        });
        const testStack = await view(serve, TEST, 'sample-lambda-test');
        expect(testStack.status).toBe('ROLLBACK_COMPLETE');
        expect(testStack.failed[0]).toMatch(new RegExp(`^HelloWorldFunctionRole: ${escapeAround(reason)}$`));
      });
    }, 600_000);
  });

  describe('adcreare/cloudformation code-pipeline-cross-account (README order)', () => {
    const AD = 'adcreare-cloudformation/code-pipeline-cross-account';
    const BUCKET = `codepipeline-us-east-1-${TOOLS}`;
    it("the deploy account's pipeline fails at CreatePipeline as AWS fails it, before and after the production roles exist", async () => {
      await withServe(async (serve) => {
        const kms = await deploy(serve, TOOLS, 'kms-cross-account', `${AD}/deploy-account/kms-cross-account.yml`, '--parameter-overrides', `ProductionAccount=${PROD}`);
        expect(kms).toMatchObject({ cli: succeeded('kms-cross-account'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });
        const key = kms.outputs['KMSKeyArn']!;
        const build = await deploy(serve, TOOLS, 'code-build', `${AD}/deploy-account/code-build.yml`, '--capabilities', 'CAPABILITY_IAM', '--parameter-overrides', `KMSKeyArn=${key}`);
        expect(build).toMatchObject({ cli: succeeded('code-build'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });

        // "bucket must already exist" (CodePipeLineBucket's description); the source repository is RepoName's default.
        await json(serve, TOOLS, ['s3api', 'create-bucket', '--bucket', BUCKET]);
        await json(serve, TOOLS, ['codecommit', 'create-repository', '--repository-name', 'Test2']);
        const pipelineArgs = ['--capabilities', 'CAPABILITY_IAM', '--parameter-overrides', `CodePipeLineBucket=${BUCKET}`, `ProdAccNumber=${PROD}`, `KMSKeyArn=${key}`];
        // CreatePipeline checks that the pipeline role may assume each action's role, an action role in another
        // account included: nelly2k/demo_cicd_crossaccount README.md (CloudFormation's "UPDATE_FAILED |
        // AWS::CodePipeline::Pipeline | … arn:aws:iam::562845778379:role/…-Pipeli-… is not authorized to perform
        // AssumeRole on role arn:aws:iam::991589444784:role/cdk-hnb659fds-deploy-role-991589444784-ap-southeast-2
        // (Service: AWSCodePipeline; Status Code: 400; Error Code: InvalidStructureException; Request ID: …; Proxy:
        // null)"), E092 (aws/aws-cdk#11353, same account); the CDK deploys the stack holding a cross-account action
        // role "before the stack containing the pipeline" (aws/aws-cdk@8df4b7e, README). The
        // production account's CodePipeline-Cross-Account-Role-Access does not exist yet in the README's order.
        const pipelineRole = `arn:aws:iam::${TOOLS}:role/code-pipeline-CodePipeLineRole-[A-Z0-9]{12}`;
        const notAssumable = (actionRole: string) =>
          new RegExp(`^AppPipeline: ${pipelineRole} is not authorized to perform AssumeRole on role ${escape(actionRole)} ${classicSuffix('AWSCodePipeline', 'InvalidStructureException')}$`);
        const first = await deploy(serve, TOOLS, 'code-pipeline', `${AD}/deploy-account/code-pipeline.yml`, ...pipelineArgs);
        expect(first).toMatchObject({ cli: deployFailed('code-pipeline'), status: 'ROLLBACK_COMPLETE', failed: [expect.stringMatching(notAssumable(`arn:aws:iam::${PROD}:role/CodePipeline-Cross-Account-Role-Access`))] });

        const prod = await deploy(serve, PROD, 'iam-codepipeline-cross-account-deploy', `${AD}/production-account/iam-codepipeline-cross-account-deploy.yml`, '--capabilities', 'CAPABILITY_NAMED_IAM', '--parameter-overrides', `S3BucketCloudFormationFiles=${BUCKET}`, `DeployAccount=${TOOLS}`, `KMSKeyArn=${key}`);
        expect(prod).toMatchObject({ cli: succeeded('iam-codepipeline-cross-account-deploy'), status: 'CREATE_COMPLETE', failed: [], notEmulated: [] });

        // Deploying again onto the rolled-back stack is refused as CloudFormation refuses it (stack-operations.ts' cited wording).
        const again = await cli(serve, TOOLS, ['cloudformation', 'deploy', '--stack-name', 'code-pipeline', '--template-file', `${CORPUS}/${AD}/deploy-account/code-pipeline.yml`, ...pipelineArgs]);
        // Exit code 254: the CLI's code for an error the service returned; "(reached max retries: 0)" is the CLI's note under AWS_MAX_ATTEMPTS=1.
        expect(again).toMatchObject({ code: 254, stderr: expect.stringMatching(/An error occurred \(ValidationError\) when calling the CreateChangeSet operation \(reached max retries: 0\): Stack:arn:aws:cloudformation:us-east-1:111111111111:stack\/code-pipeline\/[0-9a-f-]{36} is in ROLLBACK_COMPLETE state and can not be updated\.\n$/) });

        // Deleted and deployed again, the pipeline now fails on the execute action's role, which the author left
        // naming a role of his own account (945437139977) that trusts nobody here: the same CreatePipeline check, so
        // no execution reaches that action and the expected "Cross-account pass role is not allowed." for it
        // cannot occur with the template as published. Users saw the pipeline created in 2019, before that check was
        // recorded: "at the cfnExecuteChangeSet, it is complaining about IAM role not allowed to AssumeRole"
        // (adcreare/cloudformation#2) and "Action execution failed Cross-account pass role is not allowed (Service:
        // AmazonCloudFormation; Status Code: 403; Error Code: AccessDenied; …)" (adcreare/cloudformation#3, E086), the
        // latter when a CloudFormation action runs as a role of one account with a RoleArn of another
        // (awsdocs/aws-codepipeline-user-guide#50, errors.jsonl E067). A CHANGE_SET_EXECUTE action passes no role
        // (ExecuteChangeSet has no RoleARN parameter: API_ExecuteChangeSet.html), so in this pipeline only
        // cfnCreateChangeSet could meet that check, and its role and RoleArn are both the production account's.
        // xacct produces that run-time failure where a role is passed, through CloudFormation's own check
        // (harness/services/cloudformation/service-role.ts), proved by scenarios/pipeline-run-cloudformation-role-other-account.scenario.ts.
        await json(serve, TOOLS, ['cloudformation', 'delete-stack', '--stack-name', 'code-pipeline']);
        // Until DescribeStacks answers "does not exist" (the CLI's exit code 254).
        for (let i = 0; i < 40 && (await cli(serve, TOOLS, ['cloudformation', 'describe-stacks', '--stack-name', 'code-pipeline'])).code !== 254; i++) {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        const second = await deploy(serve, TOOLS, 'code-pipeline', `${AD}/deploy-account/code-pipeline.yml`, ...pipelineArgs);
        expect(second).toMatchObject({ cli: deployFailed('code-pipeline'), status: 'ROLLBACK_COMPLETE', failed: [expect.stringMatching(notAssumable('arn:aws:iam::945437139977:role/CP-Cross-Account-Access'))] });
      });
    }, 600_000);
  });

  describe('davidkelley/cross-account-codepipeline (one template, deployer account then targets)', () => {
    const DK = 'davidkelley-cross-account-codepipeline/template.yml';
    const TARGETS = `${DEV},${TEST},${PROD}`;
    const args = ['--capabilities', 'CAPABILITY_NAMED_IAM', '--parameter-overrides', `DeployerAccountId=${TOOLS}`, `TargetAccountIds=${TARGETS}`, `AccountAliasesJSON=${JSON.stringify({ Development: DEV, Staging: TEST, Production: PROD })}`];
    it("the deployer account's change set fails on Fn::Join before any resource; IAM refuses the comma-joined principal in every target account", async () => {
      await withServe(async (serve) => {
        const deployer = await deploy(serve, TOOLS, 'cross-account-codepipeline', DK, ...args);
        // `!Join [',', !Ref TargetAccountIds]` (ArtifactACLModifierFunction, kept in the deployer account by its
        // condition) takes a String parameter as its list. CloudFormation types a parameter Ref by its declared type
        // before creating anything (recorded for Fn::Split of a list parameter: aws-cloudformation/cfn-language-discussion#106,
        // awslabs/goformation#282; a list-typed value in Fn::Join's list refused at CreateStack: cloudtools/troposphere#1469),
        // and for a template with a transform reports it as the change set's FAILED reason, which the CLI prints
        // (aws/aws-sam-cli#2887: "Waiter ChangeSetCreateComplete failed: … Status: FAILED. Reason: Template error: every
        // Fn::Join object requires two parameters, …"). So the deployer account never reaches IAM, contrary to the
        // issue's expectation for this account; the target accounts, where that resource's condition is false, do.
        // GAP (in doubt): no record shows this exact case (a String parameter as Fn::Join's list); see
        // harness/services/cloudformation/template/list-arguments.ts.
        expect(deployer).toMatchObject({
          cli: {
            code: 255,
            stderr: expect.stringContaining(
              'Failed to create the changeset: Waiter ChangeSetCreateComplete failed: Waiter encountered a terminal failure state: For expression "Status" we matched expected path: "FAILED" Status: FAILED. Reason: Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
            ),
          },
          status: 'REVIEW_IN_PROGRESS',
          failed: [],
          placeholderEvents: [],
        });
        // IAM's words for a principal that is neither an ARN nor an account id, as CloudFormation reports a classic
        // handler's failure: aws-samples/aws-iam-access-key-auto-rotation#26 ("Invalid principal in policy:
        // "AWS":"arn:aws:iam::…" (Service: AmazonIdentityManagement; Status Code: 400; Error Code:
        // MalformedPolicyDocument; Request ID: …; Proxy: null)"), aws-cloudformation/cfn-lint#4287 (a malformed ARN).
        const malformed = new RegExp(`^CodePipelineExecutionRole: Invalid principal in policy: "AWS":"${TARGETS}" ${classicSuffix('AmazonIdentityManagement', 'MalformedPolicyDocument')}$`);
        for (const account of [DEV, TEST, PROD]) {
          const target = await deploy(serve, account, 'cross-account-codepipeline', DK, ...args);
          expect(target).toMatchObject({ cli: deployFailed('cross-account-codepipeline'), status: 'ROLLBACK_COMPLETE', failed: [expect.stringMatching(malformed)] });
        }
      });
    }, 600_000);
  });
});
