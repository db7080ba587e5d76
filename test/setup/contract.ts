import { Ajv, type ValidateFunction } from 'ajv';
import * as formats from 'ajv-formats';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';

/**
 * The contract test: every response a test receives through the test app is checked against the
 * app's own OpenAPI document (`buildOpenApiDocument`, the one served at /docs-json):
 * - the status is documented for the operation,
 * - the media type is one the operation documents for that status,
 * - a JSON body is valid against the documented schema (ajv, strict, OpenAPI 3.0 `nullable`,
 *   every format known through ajv-formats: an unknown format is an error, never ignored).
 * A mismatch fails the test that made the call (an assertion supertest runs before the test's own).
 * Each check is appended to `$CONTRACT_COVERAGE_DIR/<pid>.jsonl` for the coverage figure that
 * `test/setup/contract-reporter.mjs` prints at the end of `npm test`.
 */

interface MediaObject {
  schema?: Record<string, unknown>;
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  operation: Operation;
}

// ajv-formats is CommonJS: its function is `default` or `default.default` depending on the loader.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((formats as unknown as { default: { default?: AddFormats } }).default.default ?? (formats as unknown as { default: AddFormats }).default);

const DOC_ID = 'openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `#/components/schemas/X` → `openapi#/$defs/X`: the schemas live in one ajv schema of their own. */
const rewriteRefs = <T>(schema: T): T => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${DOC_ID}#/$defs/`)) as T;

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  /** `recording`: count the checks toward the coverage figure (the test app's validator does). */
  constructor(
    readonly document: OpenApiDocument,
    private readonly recording = false,
  ) {
    if (!document.openapi.startsWith('3.0.')) throw new Error(`the contract test reads OpenAPI 3.0 documents, not ${document.openapi}`);
    this.ajv = new Ajv({ strict: true, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // Annotations OpenAPI 3.0 adds to JSON Schema; they never change what is valid.
    for (const keyword of ['example', 'xml', 'externalDocs']) this.ajv.addKeyword(keyword);
    this.ajv.addSchema({ $id: DOC_ID, $defs: rewriteRefs(document.components?.schemas ?? {}) });
    this.routes = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.includes(method))
          .map(([method, operation]) => ({
            method: method.toUpperCase(),
            template,
            params: (template.match(/\{/g) ?? []).length,
            pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
            operation,
          })),
      )
      // A literal segment wins over a parameter (`/events/mine` before `/events/{eventId}`).
      .sort((a, b) => a.params - b.params);
  }

  /** Every documented operation and operation×status pair (for the coverage figure). */
  inventory() {
    return this.routes.map((r) => ({ operation: `${r.method} ${r.template}`, statuses: Object.keys(r.operation.responses) }));
  }

  private route(method: string, url: string): Route | undefined {
    const path = new URL(url, 'http://test').pathname;
    return this.routes.find((r) => r.method === method && r.pattern.test(path));
  }

  private validator(key: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema));
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** The problems of one response, empty when it keeps the contract; undefined when no operation matches. */
  check(method: string, url: string, res: Response): { operation: string; status: string; problems: string[] } | undefined {
    const route = this.route(method.toUpperCase(), url);
    if (!route) return undefined;
    const operation = `${route.method} ${route.template}`;
    const status = String(res.status);
    const documented = route.operation.responses[status] ?? route.operation.responses.default;
    if (!documented) return { operation, status, problems: [`status ${status} is not documented (documented: ${Object.keys(route.operation.responses).join(', ')})`] };
    const raw = res.headers['content-type'] as string | undefined;
    const mediaType = raw?.split(';')[0].trim().toLowerCase();
    const hasBody = method.toUpperCase() !== 'HEAD' && status !== '204' && status !== '304' && Number(res.headers['content-length'] ?? 1) > 0;
    if (!hasBody) return { operation, status, problems: [] };
    const content = documented.content ?? {};
    if (!mediaType) return { operation, status, problems: ['a body without a Content-Type'] };
    const media = content[mediaType] ?? content[`${mediaType.split('/')[0]}/*`] ?? content['*/*'];
    if (!media) return { operation, status, problems: [`media type ${mediaType} is not documented for ${status} (documented: ${Object.keys(content).join(', ') || 'no body'})`] };
    if (!media.schema || !(mediaType === 'application/json' || mediaType.endsWith('+json'))) return { operation, status, problems: [] };
    const validate = this.validator(`${operation} ${status} ${mediaType}`, media.schema);
    const body: unknown = res.body;
    if (validate(body)) return { operation, status, problems: [] };
    return {
      operation,
      status,
      problems: (validate.errors ?? []).slice(0, 10).map((e) => `body${e.instancePath} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`),
    };
  }

  /** Checks a response, records it for the coverage figure, and throws on a breach of the contract. */
  assert(method: string, url: string, res: Response) {
    const result = this.check(method, url, res);
    if (!result) return;
    if (this.recording) record(result.operation, result.status, result.problems.length === 0);
    if (result.problems.length) {
      throw new Error(
        `contract: ${method.toUpperCase()} ${url} → ${res.status} breaks the OpenAPI document (${result.operation}):\n  ${result.problems.join('\n  ')}\n  body: ${JSON.stringify(res.body).slice(0, 500)}`,
      );
    }
  }
}

let inventoryWritten = false;

function record(operation: string, status: string, valid: boolean) {
  const dir = process.env.CONTRACT_COVERAGE_DIR;
  if (!dir) return;
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify({ operation, status, valid })}\n`);
}

/** Writes the documented operations once per worker, for the reporter to compare against. */
export function writeInventory(validator: ContractValidator) {
  const dir = process.env.CONTRACT_COVERAGE_DIR;
  if (!dir || inventoryWritten) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'inventory.json'), JSON.stringify(validator.inventory()));
  inventoryWritten = true;
}
