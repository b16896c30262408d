/**
 * The default backend: the emulator in this process, a fresh world per scenario (a world costs microseconds).
 * It enforces IAM, so every negative scenario proves something, and it can explain each denial by request id.
 */
import type { Decision, PrincipalInfo } from '../../iam/types.js';
import { startEmulator, type ClientConfig } from '../../index.js';
import { decideInWords } from '../../core/worded-decision.js';
import { serviceCatalog } from '../../services/registry.js';
import type { Principal } from '../../world/principal.js';
import type { AccountSpec, World } from '../../world/world.js';
import type { BackendWorld, DecideInput, Explanation, WorldState } from '../scenario.js';
import { copyWorld } from '../../world/snapshot.js';
import { buildSettings } from '../../services/codebuild/store.js';
import type { Backend, NewWorldOptions } from './backend.js';
import { supplySource } from '../../services/codepipeline/supplied-sources.js';
import { eventDeliveries } from '../../services/events/delivery.js';

export function explanationOf(decision: Decision): Explanation {
  return {
    decision: decision.decision,
    policyType: decision.decidedBy?.policyType,
    resourceKind: decision.decidedBy?.resourceKind,
    policyName: decision.decidedBy?.policyName,
    statement: decision.decidedBy?.statement,
    explanation: decision.explanation,
    fix: decision.fix,
  };
}

interface EmbeddedState extends WorldState {
  world: World;
}

/** `runBuilds`: every world's CodeBuild builds run their buildspec commands (`xacct run --run-builds`). */
export function embeddedBackend(o: { runBuilds?: boolean } = {}): Backend {
  // Every scenario reaches most services: start loading them now, while the first setups synthesize. A service that
  // fails to load fails the request that needs it (the catalog keeps the same promise); a run that never needs it,
  // or ends before it has loaded, is not failed by it.
  const catalog = serviceCatalog();
  for (const name of catalog.names()) catalog.get(name)?.catch(() => undefined);
  return {
    name: 'embedded',
    capabilities: { enforcesIam: true, codepipelineExecutions: true, cloudformation: true, runsBuilds: true, eventDeliveries: true },
    concurrent: true,
    copiesWorlds: true,
    async newWorld(accounts: AccountSpec[], from?: WorldState, opts: NewWorldOptions = {}): Promise<BackendWorld> {
      const emu = await startEmulator({ accounts, runBuilds: o.runBuilds || opts.runBuilds, buildOutputs: opts.buildOutputs });
      // Each world gets its own copy: the state it was given stays as it was, for the next world. How its builds run
      // is this emulator's (its endpoint), not the copied world's.
      if (from) {
        const builds = { ...buildSettings(emu.emulator.world) };
        emu.emulator.world = copyWorld((from as EmbeddedState).world);
        Object.assign(buildSettings(emu.emulator.world), builds);
      }
      const principalOf = (config: ClientConfig): Principal => {
        const record = emu.emulator.world.credentials.get(config.credentials.accessKeyId);
        if (!record) throw new Error(`unknown credentials ${config.credentials.accessKeyId}`);
        return record.principal;
      };
      return {
        endpoint: emu.endpoint,
        region: emu.region,
        clientConfig: emu.clientConfig,
        configFor: emu.configFor,
        assumeRoleAsService: emu.assumeRoleAsService,
        async explain(requestId) {
          const record = emu.emulator.explain(requestId);
          return record ? explanationOf(record.decision) : undefined;
        },
        has: (service) => emu.emulator.services.has(service),
        async whoAmI(config) {
          const principal = principalOf(config);
          return { account: principal.account ?? '', principal };
        },
        async decide(principal: PrincipalInfo, check: DecideInput, service: string) {
          // An empty trustOf names no role: the check is then made without a trust policy.
          const worded = await decideInWords(emu.emulator, principal as Principal, { ...check, trustOf: check.trustOf || undefined }, service);
          if (!worded) throw new Error(`xacct does not emulate the service "${service}"`);
          return { decision: worded.decision.decision, message: worded.message, explanation: explanationOf(worded.decision) };
        },
        supplySource: async (source) => supplySource(emu.emulator.world, source),
        async eventDeliveries() {
          await emu.emulator.eventsDelivered();
          return [...eventDeliveries(emu.emulator.world)];
        },
        snapshot: async (): Promise<EmbeddedState> => ({ kind: 'world-state', world: copyWorld(emu.emulator.world) }),
        dispose: () => emu.dispose(),
      };
    },
    async close() {},
  };
}
