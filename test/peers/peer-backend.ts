/**
 * Test and bench helper: the endpoint backend (harness/runner/backends/endpoint.ts) pointed at a peer started by
 * peer-process.ts. The endpoint backend cannot reset an endpoint that is not xacct serve, so it runs one scenario
 * per fresh endpoint; here each world first empties the peer through the peer's own reset API (moto's
 * /moto-api/reset, LocalStack's /_localstack/state/reset), which makes the peer as fresh as a restart, and the whole
 * bundled suite can run on one process. Everything else (the IAM enforcement probe, the root of the role's account
 * standing in for a service principal, no explanations) is the endpoint backend's own.
 * Not an AWS behaviour.
 */
import { compatibleWorld, endpointBackend, type EndpointBackend } from '../../harness/runner/backends/endpoint.js';
import type { PeerProcess } from './peer-process.js';

export async function peerBackend(peer: PeerProcess, o: { enforcesIam?: boolean } = {}): Promise<EndpointBackend> {
  const backend = await endpointBackend({ endpoint: peer.endpoint, enforcesIam: o.enforcesIam });
  backend.newWorld = async () => {
    await peer.reset();
    return compatibleWorld(backend.target, backend.capabilities);
  };
  return backend;
}
