// Temporal's codec server protocol, so that the Web UI and `temporal … --codec-endpoint` show decrypted payloads:
// POST /encode and /decode with a body `{ "payloads": [ { "metadata": { "<key>": "<base64>" }, "data": "<base64>" } ] }`
// (the proto3 JSON of Payloads) answered in the same shape, run through the EncryptionCodec. The Web UI calls it
// from the browser, on another origin: CORS for the origins given. Node's http module is enough for two routes and
// a preflight; a framework would add dependencies and start-up time for no gain.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from './encryption-codec';
import type { KeyRing } from './encryption-keys';
import { EncryptionKeyError } from './encryption-keys';
import { ServerUnavailableError } from './errors';

const Payloads = temporal.api.common.v1.Payloads;

/** The Web UI of `server` and of the Temporal CLI's dev server on its usual port, under both names of the host. */
export const DEFAULT_CODEC_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];
/** Bytes fields as base64 strings, as the proto3 JSON mapping has them. */
const JSON_BYTES = { bytes: String };
/** A history's payloads come a few at a time; this only refuses what no Web UI sends. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/**
 * Bytes do not bound the work: a few megabytes of empty payloads are hundreds of thousands of objects to decode.
 * A history page holds at most a few thousand payloads.
 */
export const MAX_PAYLOADS_PER_REQUEST = 10_000;
/** Requests handled at once; more are turned away (503) rather than queued in memory. */
export const MAX_CONCURRENT_REQUESTS = 16;
/** Whatever --ip the dev server gets, the codec server of its Web UI listens on this machine only. */
const LOOPBACK = '127.0.0.1';

export interface CodecServerOptions {
  keys: KeyRing;
  /** Default: 127.0.0.1. */
  ip?: string;
  /** Default: a free port. */
  port?: number;
  /** Origins (or URLs on them) whose pages, a Web UI, may call the codec server from the browser. */
  origins?: readonly string[];
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  authToken?: string;
}

export interface CodecServer {
  /** What --codec-endpoint and --ui-codec-endpoint take, e.g. http://127.0.0.1:8888. */
  url: string;
  /** The origins allowed to call it from the browser. */
  origins: readonly string[];
  close(): Promise<void>;
}

/** A refusal with the status and the one-line message the response carries. */
class CodecRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK_ALIASES = new Map([
  ['localhost', '127.0.0.1'],
  ['127.0.0.1', 'localhost'],
]);

/**
 * The origin of a URL (scheme, host and port, as a browser sends it in the Origin header), under both names of the
 * loopback host, as a person may type either in the browser.
 */
function withLoopbackAliases(urlOrOrigin: string): string[] {
  const url = new URL(urlOrOrigin);
  const alias = LOOPBACK_ALIASES.get(url.hostname);
  if (!alias) return [url.origin];
  const other = new URL(url.origin);
  other.hostname = alias;
  return [url.origin, other.origin];
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new CodecRequestError(413, `the body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parsePayloads(body: string): Payload[] {
  let parsed: { payloads?: unknown };
  try {
    parsed = JSON.parse(body) as { payloads?: unknown };
  } catch (error) {
    throw new CodecRequestError(400, `expected {"payloads": [...]}: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed.payloads) && parsed.payloads.length > MAX_PAYLOADS_PER_REQUEST) {
    throw new CodecRequestError(
      413,
      `${parsed.payloads.length} payloads in one request: at most ${MAX_PAYLOADS_PER_REQUEST}`,
    );
  }
  try {
    return Payloads.fromObject(parsed).payloads;
  } catch (error) {
    throw new CodecRequestError(
      400,
      `expected {"payloads": [{"metadata": {...}, "data": "<base64>"}]}: ${(error as Error).message}`,
    );
  }
}

/**
 * The codec server of an embedded Web UI (--ui --encrypt): on this machine only, whatever address the dev server
 * listens on, since it decrypts for anyone who can reach it; only the Web UI's own origin may call it.
 */
export function startWebUiCodecServer(keys: KeyRing, uiUrl: string): Promise<CodecServer> {
  return startCodecServer({ keys, ip: LOOPBACK, origins: [uiUrl] });
}

/** Starts the codec server; it runs until closed. A port in use is a ServerUnavailableError (exit 3). */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const codec = new EncryptionCodec(options.keys);
  const origins = new Set((options.origins ?? DEFAULT_CODEC_ORIGINS).flatMap(withLoopbackAliases));
  const ip = options.ip ?? LOOPBACK;

  function setCorsHeaders(request: IncomingMessage, response: ServerResponse): void {
    const origin = request.headers.origin;
    response.setHeader('Vary', 'Origin');
    if (!origin || !origins.has(origin)) return;
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace, authorization');
    // The Web UI's "include cross-origin credentials" setting sends cookies, which needs this.
    response.setHeader('Access-Control-Allow-Credentials', 'true');
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setCorsHeaders(request, response);
    const origin = request.headers.origin;
    if (origin && !origins.has(origin)) {
      throw new CodecRequestError(
        403,
        `origin ${origin} is not allowed: add it with --origin (allowed: ${[...origins].join(', ')})`,
      );
    }
    const operation = /^\/(encode|decode)\/?$/.exec(
      new URL(request.url ?? '/', 'http://codec').pathname,
    )?.[1];
    if (!operation) throw new CodecRequestError(404, 'not found: POST /encode or /decode');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST')
      throw new CodecRequestError(405, `${request.method} not allowed: use POST`);
    if (options.authToken !== undefined) {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (given === undefined || !sameSecret(given, options.authToken)) {
        throw new CodecRequestError(401, 'missing or wrong "Authorization: Bearer <token>"');
      }
    }
    const payloads = parsePayloads(await readBody(request));
    let converted: Payload[];
    try {
      converted = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    } catch (error) {
      if (error instanceof EncryptionKeyError) throw new CodecRequestError(422, error.message);
      throw error;
    }
    response
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify(Payloads.toObject(Payloads.create({ payloads: converted }), JSON_BYTES)));
  }

  let inFlight = 0;
  const server = createServer((request, response) => {
    const refuse = (error: unknown) => {
      const status = error instanceof CodecRequestError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message }));
    };
    if (inFlight >= MAX_CONCURRENT_REQUESTS) {
      response.setHeader('Retry-After', '1');
      refuse(new CodecRequestError(503, `busy: ${MAX_CONCURRENT_REQUESTS} requests at once at most`));
      return;
    }
    inFlight++;
    response.once('close', () => inFlight--);
    answer(request, response).catch(refuse);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
      reject(
        new ServerUnavailableError(
          `port ${options.port ?? 0} on ${ip} (--port) ${reason}: choose another port, or stop what holds it`,
        ),
      );
    });
    server.listen(options.port ?? 0, ip, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return {
    url: `http://${host}:${port}`,
    origins: [...origins],
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
