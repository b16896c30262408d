/**
 * Types shared by the applier: how a Terraform resource type maps to AWS API calls, the clients it calls, and
 * what an apply reports. Mirrors Terraform's split of arguments (configuration) and attributes (computed after
 * create): https://developer.hashicorp.com/terraform/language/resources/behavior.
 * Deviations: create only (no read/update/delete/state).
 */
import type { Value } from './expressions.js';

/** Where and as whom to call AWS for one account. The emulator's `clientConfig(accountId)` fits this shape. */
export interface AccountCredentialsResolver {
  clientConfig(accountId: string): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    forcePathStyle: true;
    requestHandler?: unknown;
  };
}

/** The part of an SDK v3 client the mappers use; tests may pass fakes that record commands. */
export interface Sender {
  send(command: unknown): Promise<any>;
}

export interface AwsClients {
  iam: Sender;
  kms: Sender;
  s3: Sender;
  codepipeline: Sender;
  codebuild: Sender;
  codestarConnections: Sender;
  sts: Sender;
  codecommit: Sender;
  eventbridge: Sender;
  ecs: Sender;
  codedeploy: Sender;
  lambda: Sender;
  logs: Sender;
}

/** Builds the clients for one account in one region. */
export type ClientFactory = (accountId: string, region: string) => AwsClients;

/** Arguments as evaluated from the configuration (JSON values, blocks as arrays of objects or objects). */
export type Args = Record<string, Value>;
export type Attributes = Record<string, Value>;

/** One argument: a plain value, an ignored value (accepted, no effect on create), or a nested block. */
export type ArgSpec = 'value' | 'ignored' | { block: Schema };
export type Schema = Record<string, ArgSpec>;

export interface MapperContext {
  address: string;
  account: string;
  region: string;
  partition: string;
  clients: AwsClients;
  /** Directory relative paths in arguments (aws_s3_object.source) are read from. */
  baseDir: string;
}

export interface ResourceMapper {
  type: string;
  schema: Schema;
  required: string[];
  /** Attributes known only after create (arguments are always referenceable too). */
  computed: string[];
  /** A type xacct does not model: applied as a placeholder, marked "not emulated" (resources/placeholder.ts). */
  placeholder?: true;
  create(args: Args, ctx: MapperContext): Promise<Attributes>;
}

export interface DataSourceMapper {
  type: string;
  schema: Schema;
  required: string[];
  computed: string[];
  /** Computed locally without calling AWS: usable even when its provider's account is unknown. */
  local?: boolean;
  read(args: Args, ctx: MapperContext): Promise<Attributes>;
}

export interface AppliedResource {
  /** `aws_kms_key.artifact_key` or `data.aws_region.current`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** cdktf stack name, when the JSON came from cdktf. */
  stack?: string;
  provider: string;
  account: string;
  region: string;
  /** Arguments merged with computed attributes (arn, id, name, key_id, ...). */
  attributes: Attributes;
  /** Set on a placeholder of a type xacct does not model: why it is "not emulated". */
  notEmulated?: string;
}

export interface ApplyResult {
  /** Managed resources in creation order. */
  resources: AppliedResource[];
  /** Data sources in read order. */
  data: AppliedResource[];
  /** `output` blocks, per stack when there are several. */
  outputs: Record<string, Value>;
}

export type ApplyEvent =
  | { type: 'planned'; stack?: string; resources: number; data: number }
  | { type: 'start'; stack?: string; address: string; account: string }
  | { type: 'done'; resource: AppliedResource }
  /** Something the user should know: a Terraform warning, a role xacct created for a provider's assume_role. */
  | { type: 'note'; message: string };
