import type { FormValues } from '../content-form.js';

/** The problems a form shows: beside each field by name, and the rest above the form. */
export interface FormProblems {
  byField: Map<string, string[]>;
  general: string[];
}

export const NO_PROBLEMS: FormProblems = { byField: new Map(), general: [] };

const idOf = (name: string) => `f-${name.replaceAll('.', '-')}`;

interface FieldProps {
  name: string;
  label: string;
  values: FormValues;
  problems: FormProblems;
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number;
  hint?: string;
  disabled?: boolean;
}

/** A labelled input whose problems are said beside it (aria-describedby) and which keeps what was typed. */
export function Field({ name, label, values, problems, rows, hint, disabled }: FieldProps) {
  const id = idOf(name);
  const errors = problems.byField.get(name) ?? [];
  const described = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name,
    disabled,
    'aria-invalid': errors.length ? 'true' : undefined,
    'aria-describedby': described || undefined,
  };
  return (
    <div class={`field${rows ? ' wide' : ''}`}>
      <label for={id}>{label}</label>
      {rows ? (
        <textarea {...common} rows={rows}>
          {values[name] ?? ''}
        </textarea>
      ) : (
        <input {...common} type="text" value={values[name] ?? ''} />
      )}
      {hint && (
        <p id={`${id}-hint`} class="muted hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p id={`${id}-error`} class="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

interface ChoiceProps {
  name: string;
  label: string;
  values: FormValues;
  problems: FormProblems;
  options: readonly (readonly [string, string])[];
  disabled?: boolean;
}

/** A labelled select, its problems beside it. */
export function Choice({ name, label, values, problems, options, disabled }: ChoiceProps) {
  const id = idOf(name);
  const errors = problems.byField.get(name) ?? [];
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        disabled={disabled}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
      >
        {options.map(([value, text]) => (
          <option value={value} selected={values[name] === value}>
            {text}
          </option>
        ))}
      </select>
      {errors.length > 0 && (
        <p id={`${id}-error`} class="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** Problems that belong to no field, and a count of all, above the form. */
export function ProblemSummary({ problems }: { problems: FormProblems }) {
  const beside = [...problems.byField.values()].flat().length;
  if (beside === 0 && problems.general.length === 0) return null;
  return (
    <div class="notice error" role="alert">
      <p>
        Nothing was saved: {beside + problems.general.length} problem
        {beside + problems.general.length === 1 ? '' : 's'} to fix
        {beside ? ' (each is said beside its field)' : ''}.
      </p>
      {problems.general.length > 0 && (
        <ul>
          {problems.general.map((problem) => (
            <li>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
