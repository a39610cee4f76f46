import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { useTestDatabase } from './support/database';

const db = useTestDatabase({ seed: false });

describe('row-level security in the catalog', () => {
	it('every table with tenant_id has RLS enabled and forced, with USING and WITH CHECK policies', async () => {
		const tables = rowsOf<{
			relname: string;
			relrowsecurity: boolean;
			relforcerowsecurity: boolean;
		}>(
			await db.handle.db.execute(sql`
				select c.relname, c.relrowsecurity, c.relforcerowsecurity
				from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relkind = 'r'
				  and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
				order by c.relname`)
		);
		expect(tables.length).toBeGreaterThanOrEqual(12);
		const policies = rowsOf<{
			tablename: string;
			cmd: string;
			qual: string | null;
			with_check: string | null;
			roles: string[] | string;
		}>(
			await db.handle.db.execute(
				sql`select tablename, cmd, qual, with_check, roles from pg_policies where schemaname = 'public'`
			)
		);
		for (const t of tables) {
			expect(t, t.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
			const own = policies.filter((p) => p.tablename === t.relname);
			expect(own.length, `${t.relname} policies`).toBeGreaterThan(0);
			for (const p of own) {
				expect(p.cmd, t.relname).toBe('ALL');
				expect(p.qual, `${t.relname} USING`).toContain('tenant_id');
				expect(p.with_check, `${t.relname} WITH CHECK`).toContain('tenant_id');
				expect(String(p.roles), t.relname).toContain('inclusio_app');
			}
		}
	});

	it('the application role is neither superuser nor BYPASSRLS, and cannot log in', async () => {
		const [role] = rowsOf<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
			await db.handle.db.execute(
				sql`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'inclusio_app'`
			)
		);
		expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
	});
});
