import net from 'node:net';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/** A client that sends headers and part of a body, then nothing: answered 408 and closed, never held. */
describe('HTTP timeouts', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(() => t.close());

  it('answers a stalled request body with 408 after HTTP_REQUEST_TIMEOUT_MS and closes the connection', async () => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c) => (answer += c));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":');
    // Bounded: the request timeout is 1 s and Node checks every second; give up after 15 s.
    const timer = setTimeout(() => socket.destroy(), 15000);
    await closed;
    clearTimeout(timer);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves requests that arrive whole', async () => {
    await t.http().get('/health').expect(200);
  });
});
