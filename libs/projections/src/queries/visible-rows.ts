import type { ReadScope } from '@ketnoi/platform';
import { STATUS_COLUMN_NAMES } from '../partnership-status/partnership-status.projection.js';

const COLUMNS = STATUS_COLUMN_NAMES.join(', ');

/**
 * The partnership-status rows a scope may read, as a FROM item with the status table's columns:
 * every row, or a party's agreements as they stand plus, for those it withdrew from, the row as
 * it stood at its withdrawal (docs/access-control.md, rule 3). Every read model query that lists
 * agreements selects from it, so the rule is written once. `param` adds a query parameter.
 */
export function visibleStatusRows(scope: ReadScope, param: (value: unknown) => string): string {
  if (scope.kind === 'all') return 'rm_partnership_status';
  const node = `${param(scope.node)}::text`;
  return `(select ${COLUMNS} from rm_partnership_status where party_nodes @> jsonb_build_array(${node})
    union all select ${COLUMNS} from rm_partnership_withdrawn where viewer_node = ${node}) as visible`;
}
