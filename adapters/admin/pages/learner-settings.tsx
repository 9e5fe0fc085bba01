import type { LearnerProfileView } from '../../../db/repositories/profile.js';
import type { Viewer } from './layout.js';

/** A preference the operator may change, and what was wrong with the last try (said beside it). */
export type SettingsProblems = Partial<Record<'language' | 'timezone' | 'dailyTime' | 'phone', string>>;

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sw: 'Kiswahili' };

const describedBy = (problem: string | undefined, id: string) =>
  problem ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-problem` } : {};

const Problem = ({ id, text }: { id: string; text?: string }) =>
  text ? (
    <p id={`${id}-problem`} class="field-error">
      {text}
    </p>
  ) : null;

/** Language, time zone, lesson time; the data export; and (owner) erasing the learner. */
export function LearnerSettings(props: {
  viewer: Viewer;
  profile: LearnerProfileView;
  problems?: SettingsProblems;
}) {
  const { viewer, profile } = props;
  const problems = props.problems ?? {};
  const base = `/admin/learners/${profile.id}`;
  const csrf = <input type="hidden" name="_csrf" value={viewer.csrfToken} />;
  return (
    <section class="card" aria-labelledby="settings-title" id="settings">
      <h2 id="settings-title">Preferences</h2>
      <form method="post" action={`${base}/preferences`} class="stacked">
        {csrf}
        <div class="field">
          <label for="language">Language</label>
          <select id="language" name="language" {...describedBy(problems.language, 'language')}>
            {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
              <option value={code} selected={profile.language === code}>
                {name}
              </option>
            ))}
          </select>
          <Problem id="language" text={problems.language} />
        </div>
        <div class="field">
          <label for="timezone">Time zone</label>
          <input
            id="timezone"
            name="timezone"
            value={profile.timezone}
            {...describedBy(problems.timezone, 'timezone')}
          />
          <Problem id="timezone" text={problems.timezone} />
        </div>
        <div class="field">
          <label for="dailyTime">Daily lesson time</label>
          <input
            id="dailyTime"
            name="dailyTime"
            type="time"
            value={profile.dailyTime ?? ''}
            {...describedBy(problems.dailyTime, 'dailyTime')}
          />
          <Problem id="dailyTime" text={problems.dailyTime} />
        </div>
        <button type="submit">Save preferences</button>
      </form>
      <p>
        <a href={`${base}/export`} download>
          Download everything stored about this learner (JSON)
        </a>
      </p>
      {viewer.role === 'owner' ? (
        <form method="post" action={`${base}/erase`} class="danger">
          {csrf}
          <div class="field">
            <label for="erase-phone">
              Type the learner's phone ({profile.phone}) to erase them and all their data
            </label>
            <input
              id="erase-phone"
              name="phone"
              autocomplete="off"
              required
              {...describedBy(problems.phone, 'phone')}
            />
            <Problem id="phone" text={problems.phone} />
          </div>
          <button type="submit" class="danger">
            Erase this learner
          </button>
        </form>
      ) : (
        <p class="muted">Erasing a learner needs the owner role.</p>
      )}
    </section>
  );
}
