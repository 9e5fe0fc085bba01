import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardClient } from '../../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a parsed JSON document
type Json = Record<string, any>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

forEachDatabase((driver) => {
  describe(`the OpenAPI document on ${driver}`, () => {
    let test: TestApp;
    let doc: Json;

    beforeAll(async () => {
      test = await createTestApp({ driver });
      expect((await test.app.request('/admin/api/openapi.json')).status).toBe(401);
      const res = await test.app.request('/admin/api/openapi.json', {
        headers: await test.authHeader('operator'),
      });
      expect(res.status).toBe(200);
      doc = (await res.json()) as Json;
    });
    afterAll(() => test.cleanup());

    it('lists every route registered under /admin/api, each with responses', () => {
      const registered = test.app.routes
        .filter((r) => r.path.startsWith('/admin/api') && METHODS.includes(r.method.toLowerCase()))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
      expect(registered.length).toBeGreaterThan(20);
      for (const key of new Set(registered)) {
        const [method, path] = key.split(' ') as [string, string];
        expect({ key, documented: Boolean(doc.paths[path]?.[method]?.responses) }).toEqual({
          key,
          documented: true,
        });
      }
    });

    it('has the OpenAPI 3.1 shape, and each schema compiles as JSON Schema 2020-12', () => {
      expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String), version: '1' } });
      const ajv = new Ajv2020({ strict: false, validateFormats: false });
      ajv.addSchema({ $id: 'doc', $defs: {}, components: doc.components }, 'doc');
      const ids = new Set<string>();
      for (const [path, methods] of Object.entries(doc.paths as Json))
        for (const [method, op] of Object.entries(methods as Json)) {
          expect(path.startsWith('/admin/api/') || path === '/admin/api').toBe(true);
          expect(ids.has(op.operationId)).toBe(false);
          ids.add(op.operationId);
          const schemas = [
            ...(op.parameters ?? []).map((p: Json) => p.schema),
            op.requestBody?.content['application/json'].schema,
          ].filter(Boolean);
          for (const schema of schemas) {
            const text = JSON.stringify(schema).replaceAll('"#/components', '"doc#/components');
            expect(() => ajv.compile(JSON.parse(text) as object), `${method} ${path}`).not.toThrow();
          }
        }
    });

    it('takes query and body schemas from the validators, and content bodies from lesson.schema.json', () => {
      const audit = doc.paths['/admin/api/audit'].get.parameters as Json[];
      expect(audit.find((p) => p.name === 'from')).toMatchObject({
        in: 'query',
        required: false,
        schema: { type: ['string', 'null'], pattern: expect.any(String) },
      });
      expect(audit.find((p) => p.name === 'pageSize')!.schema).toEqual({
        type: 'integer',
        minimum: 1,
        maximum: 200,
        default: 50,
      });
      const login = doc.paths['/admin/api/login'].post;
      expect(login.security).toEqual([]);
      expect(login.requestBody.content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['email', 'password']),
      );
      const lesson = doc.paths['/admin/api/courses/{course}/lessons'].post;
      expect(lesson.requestBody.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/lesson',
      });
      expect(doc.components.schemas['lesson.question']).toBeDefined();
    });

    it('renders the reference page from the same document, for a token and on the dashboard', async () => {
      const res = await test.app.request('/admin/api/docs', { headers: await test.authHeader('operator') });
      expect(res.status).toBe(200);
      const page = await res.text();
      const operator = await dashboardClient(() => test).signIn('operator');
      const onDashboard = await test.app.request('/admin/system/api', {
        headers: { Cookie: operator.cookie },
      });
      expect(await onDashboard.text()).toContain('<code>GET /admin/api/audit</code>');
      expect(page).toContain('<code>GET /admin/api/audit</code>');
      expect(page).toContain('<code>POST /admin/api/courses/{course}/lessons</code>');
      expect(page).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    });
  });
});
