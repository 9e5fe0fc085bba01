import type { LearnerProgressRow, TimelineEntry } from '../../../db/repositories/dashboard-learners.js';
import type { LearnerIdentityView } from '../../../db/repositories/learner-lookup.js';
import type { LearnerProfileView } from '../../../db/repositories/profile.js';
import { Layout, type Viewer } from './layout.js';
import { statusLabel, when } from './learners.js';
import { LearnerSettings, type SettingsProblems } from './learner-settings.js';
import { Pager } from './pager.js';

export interface PaymentRow {
  plan: string;
  amount: number;
  status: string;
  at: Date;
}

interface LearnerProps {
  viewer: Viewer;
  profile: LearnerProfileView;
  identities: LearnerIdentityView[];
  flowState: string;
  progress: LearnerProgressRow[];
  payments: PaymentRow[];
  timeline: { items: TimelineEntry[]; page: number; pages: number };
  /** What the last action did, said at the top. */
  done?: string;
  /** What was wrong with the preferences or erase form. */
  problems?: SettingsProblems;
}

function Actions({ viewer, profile }: Pick<LearnerProps, 'viewer' | 'profile'>) {
  const base = `/admin/learners/${profile.id}`;
  const csrf = <input type="hidden" name="_csrf" value={viewer.csrfToken} />;
  return (
    <section class="card actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <form method="post" action={`${base}/${profile.paused ? 'resume' : 'pause'}`}>
        {csrf}
        <button type="submit">{profile.paused ? 'Resume lessons' : 'Pause lessons'}</button>
      </form>
      <p>
        <a href={`${base}/conversation`}>Reset the conversation or move to a lesson</a>
      </p>
      {profile.status === 'active' &&
        (viewer.role === 'owner' ? (
          <form method="post" action={`${base}/opt-out`} class="danger">
            {csrf}
            <label class="check">
              <input type="checkbox" name="confirm" value="yes" required /> Stop every message to this learner
            </label>
            <button type="submit" class="danger">
              Opt out
            </button>
          </form>
        ) : (
          <p class="muted">Opting a learner out needs the owner role.</p>
        ))}
    </section>
  );
}

export function LearnerPage(props: LearnerProps) {
  const { viewer, profile, identities, flowState, progress, payments, timeline, done } = props;
  const title = profile.name ?? profile.phone;
  return (
    <Layout title={title} viewer={viewer} current="learners">
      <p class="crumbs">
        <a href="/admin/learners">Learners</a> /
      </p>
      <h1>{title}</h1>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      <div class="profile-grid">
        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <span class={`badge ${profile.status}`}>{statusLabel(profile.status)}</span>
              {profile.paused && <span class="badge paused">Paused ({profile.pausedReason})</span>}
            </dd>
            <dt>Phone and names</dt>
            <dd>{identities.map((identity) => identity.value).join(', ') || profile.phone}</dd>
            <dt>Language, time zone</dt>
            <dd>
              {profile.language}, {profile.timezone}
            </dd>
            <dt>Daily lesson time</dt>
            <dd>{profile.dailyTime ?? '–'}</dd>
            <dt>Plan</dt>
            <dd>{profile.subscriptionTier}</dd>
            <dt>Last wrote (UTC)</dt>
            <dd>{when(profile.lastInboundAt)}</dd>
            <dt>Conversation state</dt>
            <dd>
              <code>{flowState}</code>
            </dd>
          </dl>
        </section>
        <Actions viewer={viewer} profile={profile} />
        <LearnerSettings viewer={viewer} profile={profile} problems={props.problems} />
        <section class="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          {progress.length === 0 ? (
            <p class="muted">No lessons finished yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  <th scope="col">Lessons done</th>
                  <th scope="col">Quizzes passed</th>
                </tr>
              </thead>
              <tbody>
                {progress.map((row) => (
                  <tr>
                    <td>{row.course}</td>
                    <td>{row.lessons}</td>
                    <td>
                      {row.passed} of {row.attempts}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card" aria-labelledby="payments-title">
          <h2 id="payments-title">Payments</h2>
          {payments.length === 0 ? (
            <p class="muted">No payments.</p>
          ) : (
            <ul class="plain">
              {payments.map((p) => (
                <li>
                  {when(p.at)} · {p.plan} · KES {p.amount} · <strong>{p.status}</strong>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Conversation, newest first</h2>
        {timeline.items.length === 0 && <p class="muted">No messages yet.</p>}
        <ol class="timeline">
          {timeline.items.map((entry) => (
            <li class={`msg ${entry.direction}`}>
              <p class="meta">
                <span>{entry.direction === 'in' ? 'Learner' : 'LearnLoop'}</span>
                <time>{when(entry.at)}</time>
                <span class={`badge ${entry.status}`}>{entry.status}</span>
              </p>
              <p class="text">{entry.text || '(no text)'}</p>
              {entry.error && <p class="field-error">{entry.error}</p>}
            </li>
          ))}
        </ol>
        <Pager
          page={timeline.page}
          pages={timeline.pages}
          href={(page) => `/admin/learners/${profile.id}?page=${page}`}
          label="Conversation pages"
        />
      </section>
    </Layout>
  );
}
