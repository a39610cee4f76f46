import { bigint, foreignKey, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { tenantId, tenantIsolation } from './common';
import { tenant } from './platform';

/**
 * A tenant's count of changes to what its county-wide views show (self-evaluations' status
 * and sharing, where settings sit, peer reviews' findings, cycles). Triggers on those tables
 * bump it in the writing transaction (migration 0018), so a view computed from the data
 * stays right exactly as long as the stamp it was computed under stays the same.
 */
export const viewStamp = pgTable(
	'view_stamp',
	{
		tenantId: tenantId(),
		stamp: bigint('stamp', { mode: 'number' }).notNull().default(1)
	},
	(t) => [
		primaryKey({ columns: [t.tenantId] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		tenantIsolation()
	]
);
