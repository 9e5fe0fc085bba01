import { Layout } from './layout.js';

export interface LoginProps {
  email?: string;
  /** Said above the form: why the admin is here, or what went wrong. */
  notice?: { kind: 'info' | 'error'; text: string };
}

export function LoginPage({ email, notice }: LoginProps) {
  return (
    <Layout title="Sign in">
      <section class="card login" aria-labelledby="login-title">
        <h1 id="login-title">Sign in</h1>
        {notice && (
          <p class={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        <form method="post" action="/admin/login">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
      </section>
    </Layout>
  );
}
