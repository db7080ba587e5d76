import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES } from './common/errors/error-codes.js';

const errorRef = { $ref: '#/components/schemas/ErrorResponseDto' };

/** Every route answers these when things go wrong, whatever it declares. */
const COMMON_RESPONSES: Record<string, string[]> = {
  '400': ['VALIDATION_FAILED', 'MALFORMED_JSON', 'INVALID_PARAMETER'],
  '500': ['INTERNAL'],
  '503': ['DATABASE_UNAVAILABLE'],
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Congress backend')
    .setDescription(
      'The programme, speakers, submissions, registrations and exports of an annual clinical-oncology congress. ' +
        'Errors share one shape `{ statusCode, code, message, details? }`; the codes are listed under `x-error-codes`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { deepScanRoutes: true });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const responses = operation.responses as Record<string, unknown>;
      for (const [status, codes] of Object.entries(COMMON_RESPONSES)) {
        responses[status] ??= {
          description: codes.map((c) => `\`${c}\`: ${ERROR_CODES[c as keyof typeof ERROR_CODES].description}`).join('<br>'),
          content: { 'application/json': { schema: errorRef } },
        };
      }
    }
  }
  (document as OpenAPIObject & { 'x-error-codes': unknown })['x-error-codes'] = Object.entries(ERROR_CODES).map(([code, v]) => ({
    code,
    status: v.status,
    description: v.description,
  }));
  return document;
}

/** Swagger UI at /docs and the document at /docs-json (outside the /api/v1 prefix). */
export function setupOpenApi(app: INestApplication) {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
