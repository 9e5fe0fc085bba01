import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env.js';

export type Json = Record<string, unknown>;

/** One operation: method and path, its parameters as a table, its body schema as JSON. */
function Operation({ method, path, op }: { method: string; path: string; op: Json }) {
  const parameters = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content[
    'application/json'
  ]?.schema;
  const id = String(op.operationId);
  return (
    <section class="card operation" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      {parameters.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Parameters of {path}</caption>
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">In</th>
                <th scope="col">Required</th>
                <th scope="col">Schema</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map((p) => (
                <tr>
                  <th scope="row">
                    <code>{String(p.name)}</code>
                  </th>
                  <td>{String(p.in)}</td>
                  <td>{p.required ? 'yes' : 'no'}</td>
                  <td>
                    <code class="schema">{JSON.stringify(p.schema)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {body !== undefined && (
        <details>
          <summary>JSON body</summary>
          <pre class="schema">{JSON.stringify(body, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}

/** Every operation of the document, grouped by its first path segment (the API's and the dashboard's page). */
export function ApiReference({ doc }: { doc: Json }) {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const groups = new Map<string, [string, string, Json][]>();
  for (const [path, methods] of Object.entries(paths))
    for (const [method, op] of Object.entries(methods)) {
      const tag = String((op.tags as string[])[0]);
      groups.set(tag, [...(groups.get(tag) ?? []), [method, path, op]]);
    }
  return (
    <div class="api-docs">
      <h1>Admin API reference</h1>
      <p>
        Generated from the schemas the routes validate with; machine-readable at{' '}
        <code>GET /admin/api/openapi.json</code>. Send <code>Authorization: Bearer &lt;token&gt;</code> from{' '}
        <code>POST /admin/api/login</code>.
      </p>
      {[...groups].map(([tag, ops]) => (
        <section aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {ops.map(([method, path, op]) => (
            <Operation method={method} path={path} op={op} />
          ))}
        </section>
      ))}
    </div>
  );
}

/**
 * GET /admin/api/openapi.json (the generated OpenAPI 3.1 document) and GET /admin/api/docs (the
 * same as a page), behind the admin token like every /admin/api route; signed-in dashboard users
 * read the same page at /admin/system/api. `document` is built on first request, when every route
 * is mounted.
 */
export function openApiRoutes(document: () => Json): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/openapi.json', (c) => c.json(document()));
  routes.get('/docs', (c) => {
    const page = (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Admin API reference · LearnLoop</title>
          <link rel="stylesheet" href="/admin/assets/dashboard.css" />
        </head>
        <body>
          <main id="main">
            <ApiReference doc={document()} />
          </main>
        </body>
      </html>
    );
    return c.html(html`<!DOCTYPE html>${page}`);
  });
  return routes;
}
