import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Child } from 'hono/jsx';
import { Layout } from './pages/layout.js';

/** A whole HTML document, doctype first. */
export const page = (c: Context, body: Child, status: ContentfulStatusCode = 200) =>
  c.html(html`<!DOCTYPE html>${body}`, status, { 'Cache-Control': 'no-store' });

/** A request the dashboard refuses (403, 404, 400), said in a sentence with a way back. */
export function refusal(c: Context, status: ContentfulStatusCode, message: string) {
  const title = status === 404 ? 'Not found' : status === 400 ? 'Cannot do that' : 'Not allowed';
  return page(
    c,
    <Layout title={title}>
      <h1>{title}</h1>
      <p class="notice error" role="alert">
        {message}
      </p>
      <p>
        <a href="/admin">Back to the overview</a>
      </p>
    </Layout>,
    status,
  );
}
