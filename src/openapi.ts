import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES_EXTENSION } from './common/decorators/api-errors.decorator.js';
import { ErrorResponseDto } from './common/dto/error-response.dto.js';
import { ErrorCatalog } from './common/errors/error-catalog.js';

const errorRef = { $ref: '#/components/schemas/ErrorResponseDto' };

/** Every route answers these when things go wrong, whatever it declares. */
const COMMON_CODES = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'INVALID_PARAMETER', 'INTERNAL', 'DATABASE_UNAVAILABLE'];
const BODY_CODES = ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];

/** Every tag a controller uses (`@ApiTags`), described for the document's readers. */
export const TAGS: Record<string, string> = {
  auth: 'Accounts: register, sign in (rate limited), the caller. Tokens are JWT bearer tokens.',
  events: 'Editions of the congress: create, read, update, publish; per-edition members and their roles.',
  tracks: 'Tracks of an edition: code, bilingual name, colour, committee, order.',
  rooms: 'Physical rooms and online channels (their stream links are secrets shown only to organisers).',
  sessions: 'Sessions with timed segments and people in roles; clash checks (rooms, channels, double bookings).',
  programme: 'The public programme: days, sessions, segments, people and talks; ETag and cache friendly.',
  speakers: 'Speaker profiles: the caller\'s own, invited faculty entered by organisers, an edition\'s speakers.',
  submissions: 'The call for submissions: settings, abstracts, reviews, decisions, talks placed into sessions.',
  registrations: 'Registrations and the waiting list (Idempotency-Key), tickets and check-in, seats and stream access.',
  agenda: 'Personal agendas and their calendar feeds.',
  attendance: 'CME attendance claims by code or ticket scan.',
  cme: 'CME credit hours per session, transcripts, certificates (PDF) and their public verification.',
  awards: 'Award categories, jurors, nominees, conflict-checked scores and winners.',
  disclosures: 'Conflict-of-interest disclosures per person and edition.',
  exports: 'Schedule exports (frab XML and JSON, iCalendar), organiser CSVs and statistics.',
  webhooks: 'Webhook endpoints of an edition and their deliveries (HMAC-signed, retried).',
  audit: 'Who changed what, when, before and after.',
  audience: 'The online audience: stream tokens (JWKS), player heartbeats, live viewer counts for organisers, one\'s own watch record.',
  'abstract-book': 'The abstract book of an edition (PDF), public once the abstracts are released.',
  operations: 'Health and operations.',
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const catalog = app.get(ErrorCatalog);
  const builder = new DocumentBuilder()
    .setTitle('Congress backend')
    .setDescription(
      'The programme, speakers, submissions, registrations and exports of an annual clinical-oncology congress. ' +
        'Errors share one shape `{ statusCode, code, message, details? }`; the codes are listed under `x-error-codes`.',
    )
    .setVersion('1')
    .addBearerAuth();
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const config = builder.build();
  const document = SwaggerModule.createDocument(app, config, { deepScanRoutes: true, extraModels: [ErrorResponseDto] });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const declared = ((operation as Record<string, unknown>)[ERROR_CODES_EXTENSION] as string[] | undefined) ?? [];
      const responses = operation.responses as Record<string, unknown>;
      const byStatus = new Map<number, string[]>();
      // A route that takes a body also answers a body over 1 MiB (413) and one that is not JSON (415).
      const common = 'requestBody' in operation ? [...COMMON_CODES, ...BODY_CODES] : COMMON_CODES;
      for (const code of [...declared, ...common.filter((c) => !declared.includes(c))]) {
        const entry = catalog.get(code);
        if (!entry) throw new Error(`${operation.operationId}: @ApiErrors names the undeclared error code ${code}`);
        byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), code]);
      }
      for (const [status, codes] of byStatus) {
        responses[String(status)] ??= {
          description: codes.map((c) => `\`${c}\`: ${catalog.get(c)!.description}`).join('<br>'),
          content: { 'application/json': { schema: errorRef } },
        };
      }
    }
  }
  const schema = document.components?.schemas?.ErrorResponseDto as { properties?: Record<string, Record<string, unknown>> } | undefined;
  if (schema?.properties?.code) schema.properties.code.enum = catalog.entries().map((e) => e.code);
  (document as OpenAPIObject & { 'x-error-codes': unknown })[ERROR_CODES_EXTENSION] = catalog.entries().map(({ code, status, description }) => ({
    code,
    status,
    description,
  }));
  return document;
}

/** Swagger UI at /docs (the bearer token survives reloads) and the document at /docs-json (outside the /api/v1 prefix). */
export function setupOpenApi(app: INestApplication) {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    useGlobalPrefix: false,
    swaggerOptions: { persistAuthorization: true },
  });
}
