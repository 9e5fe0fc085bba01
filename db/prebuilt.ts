import { SQL } from 'drizzle-orm';

/**
 * A statement whose text is built once per shape: each call only supplies parameter values.
 * drizzle otherwise rebuilds the text of a `sql` template on every execution; for the turn's
 * one big statement that was 8 % of a message's CPU and a fifth of its garbage.
 */
export class PrebuiltSql extends SQL {
  constructor(
    private readonly text: string,
    private readonly values: unknown[],
  ) {
    super([]);
  }

  override toQuery() {
    return { sql: this.text, params: this.values };
  }
}

/** Where a shape's text puts a parameter: `$n::cast`, the same n (and cast) on every use. */
export type Placeholder<Name extends string> = (name: Name, cast: string) => string;

export interface StatementShape<Name extends string> {
  text: string;
  /** Parameter names in `$n` order. */
  names: Name[];
}

/** Builds a shape's text once, numbering each named parameter on first use. */
export function statementShape<Name extends string>(
  build: (p: Placeholder<Name>) => string,
): StatementShape<Name> {
  const names: Name[] = [];
  const casts: string[] = [];
  const text = build((name, cast) => {
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    casts[index] ??= cast;
    if (casts[index] !== cast)
      throw new Error(`Parameter ${name} is cast to both ${casts[index]} and ${cast}`);
    return `$${index + 1}::${cast}`;
  });
  return { text, names };
}

/** The statement for one call: the shape's text with this call's values in `$n` order. */
export function bind<Name extends string>(
  shape: StatementShape<Name>,
  values: Record<Name, unknown>,
): PrebuiltSql {
  return new PrebuiltSql(
    shape.text,
    shape.names.map((name) => values[name]),
  );
}
