import { and, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The join condition to the row a tenant-scoped reference points at: the same tenant and that
 * id (every tenant table is keyed on both, so joins name both).
 */
export const rowOf = (
	target: { tenantId: AnyPgColumn; id: AnyPgColumn },
	tenantId: AnyPgColumn,
	key: AnyPgColumn
): SQL => and(eq(target.tenantId, tenantId), eq(target.id, key))!;
