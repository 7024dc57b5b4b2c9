import * as initial from './001-initial';
import * as itemTitleKey from './101-item-title-key';
import * as feedFinalUrl from './102-feed-final-url';
import * as itemAliases from './103-item-aliases';
import * as feedMovedFrom from './104-feed-moved-from';
import * as feedListed from './105-feed-listed';
import * as deliveryResponseCode from './301-delivery-response-code';
import * as confirmationRequests from './401-confirmation-requests';
import * as jobRunDetails from './600-job-run-details';
import * as operatorEdits from './501-operator-edits';

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
  { name: '101-item-title-key', sql: itemTitleKey.sql },
  { name: '102-feed-final-url', sql: feedFinalUrl.sql },
  { name: '103-item-aliases', sql: itemAliases.sql },
  { name: '104-feed-moved-from', sql: feedMovedFrom.sql },
  { name: '105-feed-listed', sql: feedListed.sql },
  { name: '301-delivery-response-code', sql: deliveryResponseCode.sql },
  { name: '401-confirmation-requests', sql: confirmationRequests.sql },
  { name: '600-job-run-details', sql: jobRunDetails.sql },
  { name: '501-operator-edits', sql: operatorEdits.sql },
].sort((a, b) => a.name.localeCompare(b.name));
