/**
 * The constraint a failed statement broke, when it failed with this SQLSTATE (23505 unique,
 * 23503 foreign key, 23514 check). Drizzle wraps driver errors, and PGlite and postgres.js
 * name the constraint differently, so the cause chain is searched.
 */
export function brokenConstraint(e: unknown, code: '23505' | '23503' | '23514'): string | null {
	for (let err: unknown = e; err && typeof err === 'object'; err = (err as Error).cause) {
		const fields = err as { code?: unknown; constraint?: string; constraint_name?: string };
		if (fields.code === code) return fields.constraint ?? fields.constraint_name ?? '';
	}
	return null;
}
