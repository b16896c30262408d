/**
 * EventBridge event buses and their resource policies: CreateEventBus, DeleteEventBus, DescribeEventBus,
 * ListEventBuses, PutPermission, RemovePermission.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 * PutPermission's statement has the shape AWS writes (LocalStack's AWS-validated snapshot test_put_permission:
 * Sid, Effect Allow, Principal `{"AWS": "arn:aws:iam::<account>:root"}` or `*`, Action, Resource the bus ARN); its
 * Policy form replaces the whole policy; RemovePermission of an unknown statement (or with no policy at all) is
 * "Statement with the provided id does not exist.", and removing the last statement removes the policy.
 * Known deviations: partner event buses, dead-letter configs, KMS keys and tags of buses are not emulated; a Policy
 * that is not a JSON object is refused with "Parameter Policy is not valid." (not recorded).
 */
import type * as sdk from '@aws-sdk/client-eventbridge';
import { str } from '../params.js';
import { InvalidParameter, ResourceAlreadyExistsException, ResourceNotFoundException, ValidationException } from './errors.js';
import { busFor, busPolicy, callerAccount, ownStore, page } from './lookup.js';
import type { EventBusOperationName, EventsOperations } from './operation-names.js';
import { busArn, DEFAULT_BUS, SERVICE, type EventBus, type PolicyDocument, type PolicyStatement } from './store.js';

const BUS_NAME = { required: true, min: 1, max: 256, pattern: /^[/.\-_A-Za-z0-9]+$/, patternText: '[/\\.\\-_A-Za-z0-9]+' } as const;

const check = (action: string, bus: EventBus) => ({ action: `${SERVICE}:${action}`, resource: bus.Arn, resourceAccount: bus.account, resourcePolicy: busPolicy(bus) });

function describe(bus: EventBus) {
  return {
    Name: bus.Name,
    Arn: bus.Arn,
    ...(bus.Description !== undefined ? { Description: bus.Description } : {}),
    ...(bus.policy ? { Policy: JSON.stringify(bus.policy) } : {}),
    CreationTime: bus.CreationTime,
    LastModifiedTime: bus.LastModifiedTime,
  };
}

function statementFor(bus: EventBus, input: sdk.PutPermissionCommandInput): PolicyStatement {
  const principal = input.Principal === '*' ? '*' : { AWS: `arn:aws:iam::${input.Principal}:root` };
  const c = input.Condition;
  return {
    Sid: input.StatementId!,
    Effect: 'Allow',
    Principal: principal,
    Action: input.Action!,
    Resource: bus.Arn,
    ...(c ? { Condition: { [c.Type ?? 'StringEquals']: { [c.Key!]: c.Value } } } : {}),
  };
}

export const busOperations: EventsOperations<EventBusOperationName> = {
  CreateEventBus: {
    resolve(ctx, input) {
      const name = str('ValidationException', input, 'Name', BUS_NAME);
      if (ownStore(ctx).buses.has(name)) throw ResourceAlreadyExistsException.bus(name);
      const account = callerAccount(ctx);
      const now = ctx.now();
      const bus: EventBus = { Name: name, Arn: busArn(ctx.region, account, name), account, region: ctx.region, CreationTime: now, LastModifiedTime: now };
      if (input.Description !== undefined) bus.Description = input.Description;
      return bus;
    },
    authorize: (_ctx, _input, bus: EventBus) => ({ action: `${SERVICE}:CreateEventBus`, resource: bus.Arn }),
    handler(ctx, _input, bus: EventBus) {
      ownStore(ctx).buses.set(bus.Name, bus);
      return { EventBusArn: bus.Arn, ...(bus.Description !== undefined ? { Description: bus.Description } : {}) };
    },
  },

  DeleteEventBus: {
    resolve(ctx, input) {
      const name = str('ValidationException', input, 'Name', BUS_NAME);
      if (name === DEFAULT_BUS) throw ValidationException.deleteDefaultBus();
      const bus = ownStore(ctx).buses.get(name);
      if (!bus) throw ResourceNotFoundException.bus(name);
      return bus;
    },
    authorize: (_ctx, _input, bus: EventBus) => check('DeleteEventBus', bus),
    handler(ctx, _input, bus: EventBus) {
      const store = ownStore(ctx);
      store.buses.delete(bus.Name);
      store.rules.delete(bus.Name);
      return {};
    },
  },

  DescribeEventBus: {
    resolve: (ctx, input) => busFor(ctx, input.Name),
    authorize: (_ctx, _input, bus: EventBus) => check('DescribeEventBus', bus),
    handler: (_ctx, _input, bus: EventBus) => describe(bus),
  },

  ListEventBuses: {
    authorize: () => ({ action: `${SERVICE}:ListEventBuses`, resource: '*' }),
    handler(ctx, input) {
      const all = [...ownStore(ctx).buses.values()].filter((b) => !input.NamePrefix || b.Name.startsWith(input.NamePrefix)).sort((a, b) => a.Name.localeCompare(b.Name));
      const { items, NextToken } = page(all, input.Limit, input.NextToken);
      return { EventBuses: items.map(describe), ...(NextToken ? { NextToken } : {}) };
    },
  },

  PutPermission: {
    resolve(ctx, input) {
      const bus = busFor(ctx, input.EventBusName);
      if (input.Policy !== undefined) {
        let policy: unknown;
        try {
          policy = JSON.parse(input.Policy);
        } catch {
          throw InvalidParameter('Policy');
        }
        if (typeof policy !== 'object' || policy === null || !Array.isArray((policy as PolicyDocument).Statement)) throw InvalidParameter('Policy');
        return { bus, policy: policy as PolicyDocument };
      }
      str('ValidationException', input, 'StatementId', { required: true, min: 1, max: 64, pattern: /^[a-zA-Z0-9-_]+$/, patternText: '[a-zA-Z0-9-_]+' });
      str('ValidationException', input, 'Principal', { required: true, min: 1, max: 12, pattern: /^(\d{12}|\*)$/, patternText: '(\\d{12}|\\*)' });
      str('ValidationException', input, 'Action', { required: true, min: 1, max: 64, pattern: /^events:[a-zA-Z]+$/, patternText: 'events:[a-zA-Z]+' });
      const statement = statementFor(bus, input);
      const kept = (bus.policy?.Statement ?? []).filter((s) => s.Sid !== statement.Sid);
      return { bus, policy: { Version: '2012-10-17', Statement: [...kept, statement] } };
    },
    authorize: (_ctx, _input, { bus }: { bus: EventBus }) => check('PutPermission', bus),
    handler(ctx, _input, { bus, policy }: { bus: EventBus; policy: PolicyDocument }) {
      bus.policy = policy;
      bus.LastModifiedTime = ctx.now();
      return {};
    },
  },

  RemovePermission: {
    resolve(ctx, input) {
      const bus = busFor(ctx, input.EventBusName);
      if (input.RemoveAllPermissions) return { bus, statements: [] };
      const statements = bus.policy?.Statement ?? [];
      if (!statements.some((s) => s.Sid === input.StatementId)) throw ResourceNotFoundException.statement();
      return { bus, statements: statements.filter((s) => s.Sid !== input.StatementId) };
    },
    authorize: (_ctx, _input, { bus }: { bus: EventBus }) => check('RemovePermission', bus),
    handler(ctx, _input, { bus, statements }: { bus: EventBus; statements: PolicyStatement[] }) {
      if (statements.length === 0) delete bus.policy;
      else bus.policy = { ...bus.policy!, Statement: statements };
      bus.LastModifiedTime = ctx.now();
      return {};
    },
  },
};
