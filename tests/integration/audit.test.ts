import { describe, expect, it } from 'vitest';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	AUDIT_PAGE_SIZE,
	auditActions,
	listAudit,
	writeAudit
} from '../../src/lib/server/services/audit';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

useTestDatabase();

const kent = () => scopeFor('la.admin@kent.test');
const northbury = () => scopeFor('la.admin@northbury.test');

describe('the audit log', () => {
	it('lists newest first, a page at a time, and filters by action and by text', async () => {
		const scope = await kent();
		const officer = { ...scope, email: 'officer.one@kent.test' };
		const before = (await listAudit(scope, { page: 1 })).total;
		await inTenant(scope, async (tx) => {
			for (let i = 0; i < AUDIT_PAGE_SIZE + 10; i++) {
				await writeAudit(tx, i % 2 ? officer : scope, {
					action: i % 3 ? 'setting.updated' : 'membership.role-changed',
					subject: `Subject ${String(i).padStart(2, '0')}`,
					detail: { before: { n: i }, after: { n: i + 1 } }
				});
			}
		});

		const first = await listAudit(scope, { page: 1 });
		expect(first.total).toBe(before + AUDIT_PAGE_SIZE + 10);
		expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
		const times = first.rows.map((r) => r.at.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const second = await listAudit(scope, { page: 2 });
		expect(second.rows).toHaveLength(first.total - AUDIT_PAGE_SIZE);
		const seen = new Set([...first.rows, ...second.rows].map((r) => r.id));
		expect(seen.size).toBe(first.total);

		const changes = await listAudit(scope, { action: 'membership.role-changed', page: 1 });
		expect(changes.total).toBe(20);
		expect(changes.rows.every((r) => r.action === 'membership.role-changed')).toBe(true);

		const byActor = await listAudit(scope, { search: 'OFFICER.one', page: 1 });
		expect(byActor.total).toBe(30);
		const bySubject = await listAudit(scope, { search: 'subject 07', page: 1 });
		expect(bySubject.rows.map((r) => r.subject)).toEqual(['Subject 07']);
		expect(bySubject.rows[0]?.detail).toEqual({ before: { n: 7 }, after: { n: 8 } });
		const both = await listAudit(scope, {
			action: 'setting.updated',
			search: 'officer.one',
			page: 1
		});
		expect(both.rows.every((r) => r.actorEmail === 'officer.one@kent.test')).toBe(true);
		expect(both.total).toBe(20);

		expect(await auditActions(scope)).toEqual(
			expect.arrayContaining(['membership.role-changed', 'setting.updated'])
		);
	});

	it("Northbury sees none of Kent's events", async () => {
		const other = await northbury();
		const kentOnly = await listAudit(other, { search: 'Subject', page: 1 });
		expect(kentOnly.total).toBe(0);
		expect(await auditActions(other)).not.toContain('setting.updated');
	});
});
