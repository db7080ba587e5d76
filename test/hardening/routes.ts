import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/openapi.js';
import type { TestApp } from '../setup/test-app.js';

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/events/{eventId} */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Record<string, unknown> }[];
  hasBody: boolean;
  /** Answers a Server-Sent Events stream (never ends by itself). */
  stream: boolean;
  bodySchema?: Record<string, unknown>;
}

/** Every operation of the app, from its own OpenAPI document (so new routes are covered by themselves). */
export function operations(t: TestApp): { doc: OpenAPIObject; ops: Operation[] } {
  const doc = buildOpenApiDocument(t.app);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, any>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as { in: string; name: string; schema?: Record<string, unknown> }[];
      const ref = op.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
      ops.push({
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        hasBody: !!op.requestBody,
        stream: !!op.responses?.['200']?.content?.['text/event-stream'],
        bodySchema: ref ? (doc.components?.schemas?.[ref.split('/').pop()!] as Record<string, unknown>) : undefined,
      });
    }
  }
  return { doc, ops };
}

export const fill = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? '00000000-0000-4000-8000-000000000000'));
