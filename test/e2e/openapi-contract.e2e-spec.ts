import type { Response } from 'supertest';
import { ContractValidator, type OpenApiDocument } from '../setup/contract.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const res = (status: number, body: unknown, contentType = 'application/json; charset=utf-8') =>
  ({ status, body, headers: { 'content-type': contentType } }) as unknown as Response;

/** A small document in the shapes @nestjs/swagger emits, to show the validator can fail. */
const tiny: OpenApiDocument = {
  openapi: '3.0.0',
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/api/v1/things/mine': { get: { responses: { '200': { content: { 'text/csv': { schema: { type: 'string' } } } } } } },
  },
  components: {
    schemas: {
      Ref: { type: 'object', properties: { en: { type: 'string' } }, required: ['en'] },
      Thing: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          at: { type: 'string', format: 'date-time', nullable: true },
          kind: { type: 'string', enum: ['a', 'b', null], nullable: true },
          name: { anyOf: [{ $ref: '#/components/schemas/Ref' }, { type: 'object', nullable: true, enum: [null] }] },
        },
        required: ['id', 'at'],
        additionalProperties: false,
      },
    },
  },
};

describe('the contract validator', () => {
  const v = new ContractValidator(tiny);
  const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const problems = (method: string, url: string, r: Response) => v.check(method, url, r)?.problems;

  it('accepts a response as documented, nulls included', () => {
    expect(problems('GET', `/api/v1/things/${id}`, res(200, { id, at: null, kind: null, name: null }))).toEqual([]);
    expect(problems('GET', `/api/v1/things/${id}?x=1`, res(200, { id, at: '2026-01-01T08:00:00+08:00', kind: 'a', name: { en: 'x' } }))).toEqual([]);
    expect(problems('GET', '/api/v1/things/mine', res(200, 'a,b\n', 'text/csv; charset=utf-8'))).toEqual([]);
  });

  it('refuses an undocumented status, media type, or a body off its schema', () => {
    expect(problems('GET', `/api/v1/things/${id}`, res(409, {}))![0]).toMatch(/status 409 is not documented/);
    expect(problems('GET', `/api/v1/things/${id}`, res(200, 'x', 'text/plain'))![0]).toMatch(/media type text\/plain is not documented/);
    expect(problems('GET', `/api/v1/things/${id}`, res(200, { id: 'nope', at: null }))).toEqual([expect.stringContaining('must match format "uuid"')]);
    expect(problems('GET', `/api/v1/things/${id}`, res(200, { id, at: 'yesterday' }))).toEqual([expect.stringContaining('date-time')]);
    expect(problems('GET', `/api/v1/things/${id}`, res(200, { id, at: null, kind: 'c' }))!.length).toBeGreaterThan(0);
    expect(problems('GET', `/api/v1/things/${id}`, res(200, { id, at: null, name: { fr: 'x' } }))!.length).toBeGreaterThan(0);
    expect(problems('GET', `/api/v1/things/${id}`, res(200, { id, at: null, extra: 1 }))!.length).toBeGreaterThan(0);
    expect(() => v.assert('GET', `/api/v1/things/${id}`, res(200, { at: null }))).toThrow(/breaks the OpenAPI document/);
  });

  it('prefers a literal path segment over a parameter, and ignores what is not an operation', () => {
    expect(v.check('GET', '/api/v1/things/mine', res(200, 'a', 'text/csv'))?.operation).toBe('GET /api/v1/things/mine');
    expect(v.check('GET', '/docs', res(200, '<html>', 'text/html'))).toBeUndefined();
  });

  it('refuses an unknown format instead of ignoring it (strict)', () => {
    const doc = { ...tiny, components: { schemas: { ...tiny.components!.schemas, Thing: { type: 'string', format: 'no-such-format' } } } };
    const strict = new ContractValidator(doc);
    expect(() => strict.check('GET', '/api/v1/things/mine-not', res(200, 'x'))).toThrow(/unknown format/);
  });
});

describe('the document', () => {
  let t: TestApp;
  let doc: OpenApiDocument & { tags?: { name: string; description?: string }[] };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('types every property: no nullable scalar or reference left as a bare object', () => {
    const bare: string[] = [];
    const visit = (where: string, schema: Record<string, unknown>) => {
      for (const [name, p] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (p.type === 'object' && !p.properties && !p.additionalProperties && !p.enum) bare.push(`${where}.${name}`);
        if ('allOf' in p && p.nullable) bare.push(`${where}.${name} (nullable allOf)`);
        if (Array.isArray(p.enum) && p.nullable && !p.enum.includes(null)) bare.push(`${where}.${name} (nullable enum without null)`);
      }
    };
    for (const [name, schema] of Object.entries(doc.components!.schemas!)) visit(name, schema as Record<string, unknown>);
    expect(bare).toEqual([]);
  });

  it('documents error details as the array (or object) they are, and describes every tag', () => {
    const details = (doc.components!.schemas!.ErrorResponseDto as { properties: Record<string, { anyOf: { type: string }[] }> }).properties.details;
    expect(details.anyOf.map((s) => s.type)).toEqual(['array', 'object']);
    const used = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op as { tags?: string[] }).tags ?? [])));
    const described = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const tag of used) expect({ tag, description: described.get(tag) }).toEqual({ tag, description: expect.stringMatching(/\w/) });
  });

  it('documents binary and text answers with their media types', () => {
    const ok = (path: string) => Object.keys(doc.paths[`/api/v1${path}`].get.responses['200'].content ?? {});
    expect(ok('/registrations/{registrationId}/ticket')).toEqual(['application/json', 'image/png', 'image/svg+xml']);
    expect(ok('/me/cme/certificate')).toEqual(['application/pdf']);
    expect(ok('/events/{eventId}/registrations.csv')).toEqual(['text/csv']);
    expect(ok('/events/{eventId}/schedule.ics')).toEqual(['text/calendar']);
    expect(ok('/events/{eventId}/schedule.xml')).toEqual(['application/xml']);
  });
});
