import type { Child } from 'hono/jsx';
import { Layout, type Viewer } from './layout.js';
import { SubNav } from './subnav.js';
import { Pager } from './pager.js';

export const PAYMENT_VIEWS = [
  ['orders', '/admin/payments', 'Orders and attempts'],
  ['subscriptions', '/admin/payments/subscriptions', 'Subscriptions'],
  ['refunds', '/admin/payments/refunds', 'Refunds'],
  ['support', '/admin/payments/support', 'Support requests'],
  ['alerts', '/admin/payments/alerts', 'Mismatches'],
] as const;
export type PaymentView = (typeof PAYMENT_VIEWS)[number][0];

interface PaymentsProps {
  viewer: Viewer;
  current: PaymentView;
  intro: string;
  /** What the last action did, said at the top. */
  done?: string;
  filters?: Child;
  pager?: { page: number; pages: number; href: (page: number) => string };
  children: Child;
}

/** A payments view: the section's own navigation, filters, a table and its pages. */
export function PaymentsPage({ viewer, current, intro, done, filters, pager, children }: PaymentsProps) {
  const title = PAYMENT_VIEWS.find(([name]) => name === current)![2];
  return (
    <Layout title={title} viewer={viewer} current="payments">
      <h1>{title}</h1>
      <SubNav label="Payments" views={PAYMENT_VIEWS} current={current} />
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      <p class="intro">{intro}</p>
      {filters}
      {children}
      {pager && <Pager {...pager} label={`${title} pages`} />}
    </Layout>
  );
}

export interface FilterField {
  name: string;
  label: string;
  value: string;
  /** A select box with these choices; a text box without. */
  options?: [string, string][];
  placeholder?: string;
}

/** A GET form narrowing a payments list. */
export function PaymentFilters(props: { action: string; fields: FilterField[] }) {
  return (
    <form method="get" action={props.action} class="filters card">
      {props.fields.map((field) => (
        <div class="field">
          <label for={`f-${field.name}`}>{field.label}</label>
          {field.options ? (
            <select id={`f-${field.name}`} name={field.name}>
              {field.options.map(([value, label]) => (
                <option value={value} selected={value === field.value}>
                  {label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`f-${field.name}`}
              name={field.name}
              type="search"
              value={field.value}
              placeholder={field.placeholder}
            />
          )}
        </div>
      ))}
      <button type="submit">Show</button>
    </form>
  );
}

/** A one-button POST form (with the CSRF token) for a row's action. */
export function RowAction(props: { action: string; csrf: string; label: string; field?: [string, string] }) {
  return (
    <form method="post" action={props.action} class="row-action" hx-boost="false">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.field && <input type="hidden" name={props.field[0]} value={props.field[1]} />}
      <button type="submit" class="small">
        {props.label}
      </button>
    </form>
  );
}
