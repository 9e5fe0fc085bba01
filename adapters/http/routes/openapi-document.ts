/*
 * The OpenAPI 3.1 document of /admin/api, built from the running app: every route registered
 * under /admin/api (Hono's `app.routes`), with the query and body schemas its validateQuery /
 * validateJson middleware checks (read from the middleware itself, so the document cannot drift
 * from what is enforced), and the content writes' lesson and question schemas from
 * content/schema/lesson.schema.json, which those routes validate with.
 * Decisions: ajv-only keywords are translated (`nullable` → a type list with "null", `normalize`
 * → `x-normalize`, `errorMessage` dropped); every operation lists the error shape of errors.ts.
 */
import type { Hono } from 'hono';
import { schemaFor } from '../../../content/sources.js';
import { VALIDATES, type ValidatedPart } from '../validate.js';

type Json = Record<string, unknown>;
const PREFIX = '/admin/api';
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** An ajv schema as JSON Schema 2020-12 (what OpenAPI 3.1 speaks). */
export function toOpenApiSchema(value: unknown, refs: (ref: string) => string = (r) => r): unknown {
  if (Array.isArray(value)) return value.map((item) => toOpenApiSchema(item, refs));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value as Json)) {
    if (key === 'errorMessage' || key === '$schema' || key === '$id' || key === 'definitions') continue;
    if (key === 'nullable') continue;
    if (key === 'normalize') out['x-normalize'] = item;
    else if (key === '$ref' && typeof item === 'string') out.$ref = refs(item);
    else if (key === 'properties' && item && typeof item === 'object')
      out.properties = Object.fromEntries(
        Object.entries(item as Json).map(([name, schema]) => [name, toOpenApiSchema(schema, refs)]),
      );
    else out[key] = toOpenApiSchema(item, refs);
  }
  if ((value as Json).nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const lessonRef = (ref: string) => ref.replace('#/definitions/', '#/components/schemas/lesson.');

/** lesson.schema.json and its definitions as components. */
function contentComponents(): Json {
  const lesson = schemaFor('lesson') as Json & { definitions: Json };
  const components: Json = { lesson: toOpenApiSchema(lesson, lessonRef) };
  for (const [name, schema] of Object.entries(lesson.definitions))
    components[`lesson.${name}`] = toOpenApiSchema(schema, lessonRef);
  return components;
}

const ERROR = { $ref: '#/components/schemas/Error' };
const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } },
        },
      },
    },
  },
};

/** The body a content write checks against, by its path (these routes validate in the handler). */
function contentBody(method: string, path: string): Json | undefined {
  if (!path.startsWith(`${PREFIX}/courses/`) || (method !== 'post' && method !== 'put')) return undefined;
  return path.includes('/questions')
    ? { $ref: '#/components/schemas/lesson.question' }
    : { $ref: '#/components/schemas/lesson' };
}

function operationOf(method: string, path: string, parts: ValidatedPart[]): Json {
  const parameters: Json[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  let requestBody: Json | undefined;
  for (const part of parts) {
    const schema = toOpenApiSchema(part.schema) as Json & { properties?: Json; required?: string[] };
    if (part.in === 'json') requestBody = { required: true, content: { 'application/json': { schema } } };
    else
      for (const [name, property] of Object.entries(schema.properties ?? {}))
        parameters.push({
          name,
          in: 'query',
          required: (schema.required ?? []).includes(name) && !('default' in (property as Json)),
          schema: property,
        });
  }
  const content = contentBody(method, path);
  if (!requestBody && content)
    requestBody = { required: true, content: { 'application/json': { schema: content } } };
  const segments = path.slice(PREFIX.length).split('/').filter(Boolean);
  const errors = (description: string) => ({
    description,
    content: { 'application/json': { schema: ERROR } },
  });
  return {
    operationId: `${method}${segments.map((s) => s.replace(/[{}]/g, '').replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase())).join('')}`,
    tags: [segments[0] ?? 'admin'],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': { description: 'Success (201 for a creation, 204 when nothing is returned)' },
      '400': errors('The request is invalid: the message names the field'),
      '401': errors('No or an invalid admin token'),
      '403': errors('The admin lacks the role'),
    },
    ...(path === `${PREFIX}/login` ? { security: [] } : {}),
  };
}

/** The document for every /admin/api route `app` has (call after every route is mounted). */
export function openApiDocument(app: Pick<Hono, 'routes'>): Json {
  const parts = new Map<string, ValidatedPart[]>();
  for (const route of app.routes) {
    const method = route.method.toLowerCase();
    if (!route.path.startsWith(PREFIX) || !METHODS.has(method)) continue;
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    const key = `${method} ${path}`;
    const list = parts.get(key) ?? [];
    const part = (route.handler as { [VALIDATES]?: ValidatedPart })[VALIDATES];
    if (part) list.push(part);
    parts.set(key, list);
  }
  const paths: Record<string, Json> = {};
  for (const [key, list] of [...parts].sort(([a], [b]) => a.localeCompare(b))) {
    const [method, path] = key.split(' ') as [string, string];
    paths[path] = { ...paths[path], [method]: operationOf(method, path, list) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'LearnLoop admin and content API',
      version: '1',
      description: 'Generated from the schemas the routes validate with. Sign in with POST /admin/api/login.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA, ...contentComponents() },
    },
  };
}
