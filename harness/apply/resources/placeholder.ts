/**
 * "Not emulated" is a state, not a refusal, in the applier as in CloudFormation
 * (harness/services/cloudformation/resources/placeholder.ts): a managed resource type xacct does not model
 * (aws_codebuild_report_group, aws_s3_bucket_logging, …) is applied as a placeholder, with `id` and `arn` in AWS's
 * format and no call to AWS, so the rest of the configuration is still created and checked. Each placeholder
 * instance is marked (AppliedResource.notEmulated, with the CloudFormation mark's wording), and a note says so, which
 * `xacct run` reads to report a scenario that relied on one as "not emulated", never as passed.
 * A resource with `count = 0` or an empty `for_each` has no instance, so it is never applied nor marked.
 * https://developer.hashicorp.com/terraform/language/resources/behavior
 * Known deviations: any argument and any attribute name is accepted at plan time (the type's schema is not known);
 * only `id`, `arn` and the arguments have values. The ARN has the common shape
 * `arn:<partition>:<service>:<region>:<account>:<resource>/<id>`, with <service> the type's second word, not
 * necessarily the type's own pattern.
 */
import { randomUUID } from 'node:crypto';
import { NOT_EMULATED_PREFIX } from '../../services/cloudformation/resources/placeholder.js';
import type { ResourceMapper } from '../types.js';

/** The mark of a placeholder instance, worded as CloudFormation's. */
export function notEmulatedReason(type: string): string {
  return `${NOT_EMULATED_PREFIX} ${type} is a placeholder with AWS-shaped id and arn and no side effects`;
}

/** The mapper of a managed resource type the applier does not model. */
export function placeholderResource(type: string): ResourceMapper {
  const [, service = 'unknown', ...rest] = type.split('_');
  return {
    type,
    schema: {},
    required: [],
    computed: ['id', 'arn'],
    placeholder: true,
    async create(args, ctx) {
      const name = typeof args['name'] === 'string' && args['name'] !== '' ? args['name'] : randomUUID();
      return {
        id: name,
        arn: `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${rest.join('-') || 'resource'}/${name}`,
      };
    },
  };
}
