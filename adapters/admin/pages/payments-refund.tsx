import { Layout, type Viewer } from './layout.js';

export interface RefundFormProps {
  viewer: Viewer;
  order: { id: string; phone: string; planId: string; amount: number; status: string; createdAt: Date };
  paid: number;
  refundable: number;
  /** What was typed, when the form comes back with a problem. */
  values?: { amount: string; reason: string };
  problems?: { amount?: string; reason?: string; confirm?: string; daraja?: string };
}

/** The owner's refund form: the order, how much can still be refunded, amount, reason and a confirmation box. */
export function RefundForm({ viewer, order, paid, refundable, values, problems = {} }: RefundFormProps) {
  const field = (name: 'amount' | 'reason') =>
    problems[name]
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-problem` }
      : { 'aria-describedby': `${name}-hint` };
  return (
    <Layout title="Refund a payment" viewer={viewer} current="payments">
      <h1>Refund a payment</h1>
      {problems.daraja && (
        <p class="notice error" role="alert">
          M-PESA refused the refund: {problems.daraja}. Nothing was refunded.
        </p>
      )}
      <dl class="facts card">
        <dt>Phone</dt>
        <dd>{order.phone}</dd>
        <dt>Plan</dt>
        <dd>{order.planId}</dd>
        <dt>Order</dt>
        <dd>
          KES {order.amount}, {order.status}, {order.createdAt.toISOString().slice(0, 16).replace('T', ' ')}{' '}
          UTC
        </dd>
        <dt>Paid</dt>
        <dd>KES {paid}</dd>
        <dt>Can still be refunded</dt>
        <dd>KES {refundable}</dd>
      </dl>
      {refundable <= 0 ? (
        <p class="notice">Nothing is left to refund on this order.</p>
      ) : (
        <form
          method="post"
          action={`/admin/payments/orders/${order.id}/refund`}
          class="card form"
          hx-boost="false"
        >
          <input type="hidden" name="_csrf" value={viewer.csrfToken} />
          <div class="field">
            <label for="amount">Amount to refund (KES)</label>
            <input
              id="amount"
              name="amount"
              type="number"
              inputmode="numeric"
              min="1"
              max={String(refundable)}
              step="1"
              required
              value={values?.amount ?? String(refundable)}
              {...field('amount')}
            />
            <p id="amount-hint" class="hint">
              A whole number from 1 to {refundable}.
            </p>
            {problems.amount && (
              <p id="amount-problem" class="field-error">
                {problems.amount}
              </p>
            )}
          </div>
          <div class="field">
            <label for="reason">Reason (the learner's M-PESA message shows it)</label>
            <input
              id="reason"
              name="reason"
              type="text"
              minlength={3}
              maxlength={200}
              required
              value={values?.reason ?? ''}
              {...field('reason')}
            />
            <p id="reason-hint" class="hint">
              3 to 200 characters.
            </p>
            {problems.reason && (
              <p id="reason-problem" class="field-error">
                {problems.reason}
              </p>
            )}
          </div>
          <div class="field check">
            <input
              id="confirm"
              name="confirm"
              type="checkbox"
              value="yes"
              aria-describedby="confirm-problem"
            />
            <label for="confirm">Send this money back to {order.phone} through M-PESA</label>
            {problems.confirm && (
              <p id="confirm-problem" class="field-error">
                {problems.confirm}
              </p>
            )}
          </div>
          <button type="submit" class="danger">
            Refund
          </button>{' '}
          <a href="/admin/payments">Cancel</a>
        </form>
      )}
    </Layout>
  );
}
