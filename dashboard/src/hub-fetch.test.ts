import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransportType } from '@microsoft/signalr';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore, type KeyStorage } from './api-key-store';
import { hubFetch, isUnauthorized, UnauthorizedError, withAccessToken } from './hub-fetch';
import { LiveConnection } from './live-connection';

const memory = (): KeyStorage => {
  const items = new Map<string, string>();
  return { getItem: (n) => items.get(n) ?? null, setItem: (n, v) => void items.set(n, v), removeItem: (n) => void items.delete(n) };
};

/** A real HTTP server on loopback that accepts only `Bearer good` and records what it was sent. */
let server: Server | null = null;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

async function startKeyedServer(): Promise<string> {
  seen.length = 0;
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    if (request.headers.authorization !== 'Bearer good') {
      response.writeHead(401, { 'content-type': 'application/problem+json' }).end('{"title":"Unauthorized"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('hubFetch', () => {
  it('hubFetch_NoKeyAnd401_AsksForKeyAndThrowsUnauthorized', async () => {
    const base = await startKeyedServer();
    const keys = new ApiKeyStore(memory());
    await expect(hubFetch(`${base}/api/v1/services`, {}, keys)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(keys.getSnapshot()).toMatchObject({ needed: true, refused: false });
  });

  it('hubFetch_RightKey_SendsBearerAndReturnsResponse', async () => {
    const base = await startKeyedServer();
    const keys = new ApiKeyStore(memory());
    keys.enter('good');
    const response = await hubFetch(`${base}/api/v1/services`, { headers: { accept: 'application/json' } }, keys);
    expect(response.status).toBe(200);
    expect(seen[0]!.headers.authorization).toBe('Bearer good');
    expect(seen[0]!.headers.accept).toBe('application/json');
  });

  it('hubFetch_WrongKey_SaysRefused', async () => {
    const base = await startKeyedServer();
    const keys = new ApiKeyStore(memory());
    keys.enter('bad');
    await expect(hubFetch(`${base}/api/v1/services`, {}, keys)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(keys.getSnapshot()).toMatchObject({ key: null, needed: true, refused: true });
  });
});

describe('withAccessToken', () => {
  it('withAccessToken_Key_AppendsEncodedQueryParameter', () => {
    const keys = new ApiKeyStore(memory());
    expect(withAccessToken('/api/v1/events/spans', keys)).toBe('/api/v1/events/spans');
    keys.enter('a&b=c');
    expect(withAccessToken('/api/v1/events/spans', keys)).toBe('/api/v1/events/spans?access_token=a%26b%3Dc');
    expect(withAccessToken('/api/v1/events/spans/filter?serviceName=x', keys)).toBe('/api/v1/events/spans/filter?serviceName=x&access_token=a%26b%3Dc');
  });
});

describe('isUnauthorized', () => {
  it('isUnauthorized_SignalRNegotiateMessage_True', () => {
    expect(isUnauthorized(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"))).toBe(true);
    expect(isUnauthorized({ statusCode: 401 })).toBe(true);
    expect(isUnauthorized(new Error("Failed to complete negotiation with the server: Error: Status code '503'"))).toBe(false);
    expect(isUnauthorized(new TypeError('fetch failed'))).toBe(false);
  });
});

describe('LiveConnection against a keyed hub', () => {
  it('start_Negotiate401_StopsRetryingAndAsksForKey', async () => {
    const base = await startKeyedServer();
    const keys = new ApiKeyStore(memory());
    const candidates = [
      { name: 'websockets' as const, transport: HttpTransportType.WebSockets, messagePack: false },
      { name: 'sse' as const, transport: HttpTransportType.ServerSentEvents, messagePack: false },
    ];
    const connection = new LiveConnection(base, candidates, keys);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      keys.enter('bad');
      await connection.start();
    } finally {
      console.warn = warn;
    }
    expect(connection.getStatus().state).toBe('disconnected');
    expect(keys.getSnapshot()).toMatchObject({ needed: true, refused: true });
    // One negotiate, with the key as a Bearer header; no other transport or retry was tried.
    expect(seen.map((s) => s.url.split('?')[0])).toEqual(['/hubs/telemetry/negotiate']);
    expect(seen[0]!.headers.authorization).toBe('Bearer bad');
  });
});
