/**
 * Test helper: sends one HTTP request whose body is produced as it is sent (never held whole by the test), as a
 * client uploading a large file does. Honours `Expect: 100-continue` (the body starts only when the server says
 * 100 Continue) and resolves with the server's answer even when the server answers before the body is all sent
 * and closes the connection, as S3 does when it refuses an upload. Not an AWS behaviour.
 */
import { request } from 'node:http';

export interface StreamedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server sent 100 Continue (only asked for with `expect: 100-continue`). */
  continued: boolean;
}

export interface StreamedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Chunks of the body; generated lazily. */
  body?: AsyncIterable<Buffer> | Iterable<Buffer>;
}

/** `total` bytes as repeats of one `chunk` (the last one cut), so a 256 MiB body costs one chunk of memory. */
export function* repeated(chunk: Buffer, total: number): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, total - sent));
}

export function streamedRequest(endpoint: string, r: StreamedRequest): Promise<StreamedResponse> & { abort(): void } {
  const url = new URL(endpoint);
  const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers });
  let continued = false;
  let answered = false;

  const pump = async () => {
    for await (const chunk of r.body ?? []) {
      if (answered || req.destroyed) return;
      if (!req.write(chunk)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            req.off('drain', go);
            req.off('close', go);
            resolve();
          };
          req.on('drain', go);
          req.on('close', go);
        });
      }
    }
    if (!answered && !req.destroyed) req.end();
  };

  const done = new Promise<StreamedResponse>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), continued });
        req.destroy();
      });
      res.on('error', reject);
    });
    // Writes that race with the server's early answer fail once it closes; only a missing answer is a failure.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
  });

  if (/^100-continue$/i.test(r.headers['expect'] ?? '')) {
    req.on('continue', () => {
      continued = true;
      void pump();
    });
    req.flushHeaders();
  } else {
    void pump();
  }
  return Object.assign(done, { abort: () => req.destroy() });
}
