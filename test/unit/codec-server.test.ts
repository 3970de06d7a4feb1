// The codec server as the Web UI and `temporal --codec-endpoint` call it: proto3 JSON payloads in and out, CORS for
// the Web UI's origin, the bearer token, and a clear 4xx for a payload it cannot decrypt.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { expect } from 'chai';
import type { CodecServer } from '../../src/temporal/codec-server';
import {
  MAX_CONCURRENT_REQUESTS,
  MAX_PAYLOADS_PER_REQUEST,
  startCodecServer,
  startWebUiCodecServer,
} from '../../src/temporal/codec-server';
import { EncryptionCodec } from '../../src/temporal/encryption-codec';
import { KeyRing } from '../../src/temporal/encryption-keys';
import { ServerUnavailableError } from '../../src/temporal/errors';

const Payloads = temporal.api.common.v1.Payloads;
const order = { order_id: 'order-1', item: 'widget', credit_card_expiry: '12/30' };
const keyRing = (id: string) => new KeyRing({ id, key: randomBytes(32) }, [], 'test');

const asJson = (payloads: Payload[]) => Payloads.toObject(Payloads.create({ payloads }), { bytes: String });
const fromJson = (body: unknown) => Payloads.fromObject(body as object).payloads;

describe('codec server', () => {
  const keys = keyRing('k1');
  let server: CodecServer;

  before(async () => {
    server = await startCodecServer({ keys, origins: ['http://localhost:8233'], authToken: 'secret' });
  });
  after(() => server.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret', ...headers },
      body: JSON.stringify(body),
    });

  it('decodes what EncryptionCodec encoded into the plain payload JSON', async () => {
    const plain = defaultPayloadConverter.toPayload(order);
    const encrypted = await new EncryptionCodec(keys).encode([plain]);
    const response = await post('/decode', asJson(encrypted));
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/json');
    const body = (await response.json()) as unknown;
    expect(body).to.deep.equal(asJson([plain]));
    expect(defaultPayloadConverter.fromPayload(fromJson(body)[0])).to.deep.equal(order);
  });

  it('encodes into ciphertext that decodes back', async () => {
    const plain = asJson([defaultPayloadConverter.toPayload(order)]);
    const encoded = (await (await post('/encode', plain)).json()) as unknown;
    expect(JSON.stringify(encoded)).not.to.include(Buffer.from(JSON.stringify(order)).toString('base64'));
    const [payload] = await new EncryptionCodec(keys).decode(fromJson(encoded));
    expect(defaultPayloadConverter.fromPayload(payload)).to.deep.equal(order);
    expect((await (await post('/decode', encoded)).json()) as unknown).to.deep.equal(plain);
  });

  it('answers the Web UI’s preflight with the CORS headers for its origin, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-namespace',
        },
      });
    for (const origin of ['http://localhost:8233', 'http://127.0.0.1:8233']) {
      const response = await preflight(origin);
      expect(response.status).to.equal(204);
      expect(response.headers.get('access-control-allow-origin')).to.equal(origin);
      expect(response.headers.get('access-control-allow-methods')).to.equal('POST, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).to.equal(
        'content-type, x-namespace, authorization',
      );
      expect(response.headers.get('access-control-allow-credentials')).to.equal('true');
    }
    const stranger = await preflight('http://evil.example');
    expect(stranger.status).to.equal(403);
    expect(stranger.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('refuses a request without the bearer token with 401', async () => {
    const body = asJson([defaultPayloadConverter.toPayload(order)]);
    expect((await post('/decode', body, { Authorization: '' })).status).to.equal(401);
    expect((await post('/decode', body, { Authorization: 'Bearer wrong' })).status).to.equal(401);
  });

  it('answers a payload encrypted with a key it does not have with a 4xx naming the key ID', async () => {
    const foreign = await new EncryptionCodec(keyRing('k-elsewhere')).encode([
      defaultPayloadConverter.toPayload(order),
    ]);
    const response = await post('/decode', asJson(foreign));
    expect(response.status).to.equal(422);
    expect(((await response.json()) as { message: string }).message).to.include('"k-elsewhere"');
    expect((await post('/decode', asJson([defaultPayloadConverter.toPayload(order)]))).status).to.equal(200);
  });

  it('answers a body that is not payloads, or another route, with a 4xx and a message', async () => {
    const notJson = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { Authorization: 'Bearer secret' },
      body: 'nope',
    });
    expect(notJson.status).to.equal(400);
    expect(((await notJson.json()) as { message: string }).message).to.include('payloads');
    expect((await post('/elsewhere', {})).status).to.equal(404);
    expect((await fetch(`${server.url}/decode`)).status).to.equal(405);
  });

  it('refuses a port in use as a server problem (exit 3)', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const error = await startCodecServer({ keys, port }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).to.be.instanceOf(ServerUnavailableError);
      expect((error as Error).message).to.include(`port ${port}`);
    } finally {
      holder.close();
    }
  });

  it('refuses more payloads in one request than a history page holds (bytes alone do not bound the work)', async () => {
    const response = await post('/decode', {
      payloads: Array.from({ length: MAX_PAYLOADS_PER_REQUEST + 1 }, () => ({})),
    });
    expect(response.status).to.equal(413);
    expect(((await response.json()) as { message: string }).message).to.match(
      /payloads in one request: at most/,
    );
  });

  it('turns away requests beyond those it handles at once, rather than queueing them in memory', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${server.url}/decode`);
    const held = Array.from({ length: MAX_CONCURRENT_REQUESTS }, () => {
      const pending = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' });
      pending.on('error', () => undefined);
      pending.setHeader('Authorization', 'Bearer secret');
      pending.flushHeaders();
      pending.write('{"payloads": [');
      return pending;
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await post('/decode', { payloads: [] });
      expect(response.status).to.equal(503);
    } finally {
      for (const pending of held) pending.destroy();
    }
  });
});

describe('the codec server of an embedded Web UI', () => {
  it('listens on this machine only, whatever address the dev server listens on', async () => {
    const server = await startWebUiCodecServer(keyRing('k1'), 'http://0.0.0.0:8233');
    try {
      expect(new URL(server.url).hostname).to.equal('127.0.0.1');
    } finally {
      await server.close();
    }
  });
});
