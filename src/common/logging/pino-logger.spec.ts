import { GET_LOG_SAMPLE, SLOW_REQUEST_MS, shouldLogRequest } from './pino-logger.js';

describe('request log lines', () => {
  it('samples successful fast reads at info, and always logs errors, writes and slow answers', () => {
    const logged = Array.from({ length: GET_LOG_SAMPLE * 3 }, () => shouldLogRequest('GET', 200, 2, false)).filter(Boolean).length;
    expect(logged).toBe(3);
    expect(Array.from({ length: 10 }, () => shouldLogRequest('GET', 404, 2, false)).every(Boolean)).toBe(true);
    expect(Array.from({ length: 10 }, () => shouldLogRequest('POST', 201, 2, false)).every(Boolean)).toBe(true);
    expect(Array.from({ length: 10 }, () => shouldLogRequest('GET', 200, SLOW_REQUEST_MS, false)).every(Boolean)).toBe(true);
    expect(Array.from({ length: 10 }, () => shouldLogRequest('GET', 304, 2, true)).every(Boolean)).toBe(true);
  });
});
