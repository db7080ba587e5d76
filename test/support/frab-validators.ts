import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import * as formats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

/**
 * Validators for the frab schedule exports against the official schemas (copied unchanged into
 * test/fixtures/frab/, see its README): the XML with libxml2's xmllint compiled to WebAssembly
 * (xmllint-wasm, no system package needed), the JSON with ajv and the draft-06 meta-schema.
 */
const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures/frab', name), 'utf8');

const xsd = fixture('schedule.xml.xsd');

/** xmllint's errors for `xml` against schedule.xml.xsd (empty when valid). */
export async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'schedule.xml', contents: xml }],
    schema: [{ fileName: 'schedule.xml.xsd', contents: xsd }],
    initialMemoryPages: 512,
    maxMemoryPages: 4096,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((formats as unknown as { default: AddFormats | { default: AddFormats } }).default as { default?: AddFormats }).default ??
  ((formats as unknown as { default: AddFormats }).default as AddFormats);

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(JSON.parse(readFileSync(join(process.cwd(), 'node_modules/ajv/dist/refs/json-schema-draft-06.json'), 'utf8')));
addFormats(ajv);
// "color" is used by the schema but is no standard format: hex colours as the XSD defines them.
ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/);
const validateJson = ajv.compile(JSON.parse(fixture('schedule.schema.json')));

/** ajv's errors for `doc` against schedule.schema.json (empty when valid). */
export function jsonSchemaErrors(doc: unknown): ErrorObject[] {
  return validateJson(doc) ? [] : (validateJson.errors ?? []);
}
