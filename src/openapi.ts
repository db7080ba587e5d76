import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES_EXTENSION } from './common/decorators/api-errors.decorator.js';
import { ErrorResponseDto } from './common/dto/error-response.dto.js';
import { ErrorCatalog } from './common/errors/error-catalog.js';

const errorRef = { $ref: '#/components/schemas/ErrorResponseDto' };

/** Every route answers these when things go wrong, whatever it declares. */
const COMMON_CODES = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'INVALID_PARAMETER', 'INTERNAL', 'DATABASE_UNAVAILABLE'];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const catalog = app.get(ErrorCatalog);
  const config = new DocumentBuilder()
    .setTitle('Congress backend')
    .setDescription(
      'The programme, speakers, submissions, registrations and exports of an annual clinical-oncology congress. ' +
        'Errors share one shape `{ statusCode, code, message, details? }`; the codes are listed under `x-error-codes`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { deepScanRoutes: true, extraModels: [ErrorResponseDto] });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const declared = ((operation as Record<string, unknown>)[ERROR_CODES_EXTENSION] as string[] | undefined) ?? [];
      const responses = operation.responses as Record<string, unknown>;
      const byStatus = new Map<number, string[]>();
      for (const code of [...declared, ...COMMON_CODES.filter((c) => !declared.includes(c))]) {
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
