/**
 * A self-signed certificate for the HTTPS endpoint, generated at start (selfsigned) and written to a temporary
 * file so clients can trust it (`AWS_CA_BUNDLE`, `--ca-bundle`, NODE_EXTRA_CA_CERTS).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tls {
  key: string;
  cert: string;
  caFile: string;
}

export async function generateTls(): Promise<Tls> {
  // Loaded on demand: selfsigned (with its crypto dependencies) takes hundreds of milliseconds to import, which
  // every `xacct serve` without --https-port would otherwise pay before it is ready (bench/serve.bench.ts).
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    days: 30,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  } as Parameters<typeof generate>[1]);
  const dir = mkdtempSync(join(tmpdir(), 'xacct-tls-'));
  const caFile = join(dir, 'xacct-ca.pem');
  writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile };
}
