import * as initial from './001-initial';

export interface Migration {
  /** Unique and sortable: the order migrations run in. */
  name: string;
  sql: string;
}

/**
 * Every schema migration, in the order they apply. A new one gets the next free
 * number in its stage's range (collect 1xx, compose 2xx, send 3xx, subscriptions 4xx,
 * operator 5xx, schedule 6xx) so that parallel work never picks the same name.
 */
export const MIGRATIONS: Migration[] = [
  { name: '001-initial', sql: initial.sql },
].sort((a, b) => a.name.localeCompare(b.name));
