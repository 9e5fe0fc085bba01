import { timestamp } from 'drizzle-orm/pg-core';

/** Shared audit columns, defined once for every table that has them. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
