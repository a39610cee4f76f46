import { describe, expect, it } from 'vitest';
import { unitSchema } from '../../src/lib/schemas/structure';
import type { Scope } from '../../src/lib/server/auth/guards';
import { community, district } from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import { brokenConstraint } from '../../src/lib/server/db/errors';
import {
	deleteUnit,
	getUnit,
	listCommunities,
	listStructure,
	parentOptions,
	saveUnit,
	structureOptions,
	unitForDeletion
} from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { latestAudit, useAdminScopes } from './support/fixtures';

useTestDatabase();
const admin = useAdminScopes();

const districtNamed = async (scope: Scope, name: string) => {
	const found = (await listStructure(scope)).districts.find((d) => d.name === name);
	if (!found) throw new Error(`No district ${name}`);
	return found;
};

describe('listing the structure', () => {
	it("counts each area's districts and each district's settings, communities and boards", async () => {
		const { areas, districts } = await listStructure(admin.kent);
		expect(areas.map((a) => [a.name, a.districts])).toEqual([
			['East', 3],
			['North', 3],
			['South', 3],
			['West', 3]
		]);
		expect(districts).toHaveLength(12);
		expect(districts.find((d) => d.name === 'Ashford')).toMatchObject({
			areaName: 'South',
			settings: 9,
			communities: 1,
			boards: 1
		});
		expect(districts.find((d) => d.name === 'Dover')).toMatchObject({ communities: 1 });
	});

	it("shows only the tenant's own records", async () => {
		const { areas, districts } = await listStructure(admin.northbury);
		expect(areas.map((a) => a.name)).toEqual(['Northbury', 'Southvale']);
		expect(districts.map((d) => d.name)).not.toContain('Ashford');
		const communities = (await listCommunities(admin.northbury, 1)).rows.map((c) => c.name);
		expect(communities).not.toContain('Ashford Central Community of Schools');
	});

	it('lists communities with their district and number of settings', async () => {
		const { rows, total } = await listCommunities(admin.kent, 1);
		expect(total).toBe(5);
		expect(rows[0]).toMatchObject({
			name: 'Ashford Central Community of Schools',
			districtName: 'Ashford',
			settings: 7
		});
		expect((await listCommunities(admin.kent, 2)).rows).toEqual([]);
	});

	it('offers the choices for forms, with a community labelled by its district', async () => {
		const options = await structureOptions(admin.kent);
		expect(options.area).toHaveLength(4);
		expect(options.district).toHaveLength(12);
		expect(options.community.map((c) => c.label)).toContain(
			'Thanet Coast Community of Schools (Thanet)'
		);
	});

	it('offers what each kind of record sits in, and nothing for an area', async () => {
		expect(await parentOptions(admin.kent, 'area')).toEqual([]);
		const areas = await parentOptions(admin.kent, 'district');
		expect(areas.map((a) => a.label)).toEqual(['East', 'North', 'South', 'West']);
		const districts = await parentOptions(admin.northbury, 'community');
		expect(districts.map((d) => d.label)).not.toContain('Ashford');
		expect(districts).toEqual((await structureOptions(admin.northbury)).district);
	});
});

describe('adding and changing', () => {
	it('adds an area and audits it', async () => {
		const result = await saveUnit(admin.kent, 'area', null, { name: 'Central', parentId: '' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(await getUnit(admin.kent, 'area', result.id)).toMatchObject({ name: 'Central' });
		expect(await latestAudit(admin.kent, 'area.created')).toMatchObject({
			subject: 'Central',
			detail: { after: { name: 'Central' } }
		});
	});

	it('refuses a name the tenant already uses, whatever its case, as a field error', async () => {
		expect(await saveUnit(admin.kent, 'district', null, { name: 'ashford', parentId: '' })).toEqual(
			{
				ok: false,
				reason: 'invalid',
				field: 'name',
				message: 'There is already a district called ashford'
			}
		);
		const east = (await listStructure(admin.kent)).areas.find((a) => a.name === 'East')!;
		expect(
			await saveUnit(admin.kent, 'area', east.id, { name: 'NORTH', parentId: '' })
		).toMatchObject({
			field: 'name',
			message: 'There is already an area called NORTH'
		});
	});

	it('lets another tenant use the same name', async () => {
		expect(
			await saveUnit(admin.northbury, 'district', null, { name: 'Ashford', parentId: '' })
		).toMatchObject({ ok: true });
	});

	it('renames a district and moves it to another area, recording before and after', async () => {
		const swale = await districtNamed(admin.kent, 'Swale');
		const north = (await listStructure(admin.kent)).areas.find((a) => a.name === 'North')!;
		const result = await saveUnit(admin.kent, 'district', swale.id, {
			name: 'Swale and Sheppey',
			parentId: north.id
		});
		expect(result).toEqual({ ok: true, id: swale.id });
		expect(await getUnit(admin.kent, 'district', swale.id)).toMatchObject({
			name: 'Swale and Sheppey',
			parentName: 'North'
		});
		expect(await latestAudit(admin.kent, 'district.updated')).toMatchObject({
			subject: 'Swale and Sheppey',
			detail: {
				before: { name: 'Swale', area: 'East' },
				after: { name: 'Swale and Sheppey', area: 'North' }
			}
		});
	});

	it("refuses a parent from another tenant or that doesn't exist", async () => {
		const fenmoor = await districtNamed(admin.northbury, 'Fenmoor');
		expect(
			await saveUnit(admin.kent, 'community', null, {
				name: 'Border schools',
				parentId: fenmoor.id
			})
		).toMatchObject({ ok: false, field: 'parentId', message: 'Select a district from the list' });
	});

	it("cannot see or change another tenant's records", async () => {
		const dover = await districtNamed(admin.kent, 'Dover');
		expect(await getUnit(admin.northbury, 'district', dover.id)).toBeNull();
		expect(
			await saveUnit(admin.northbury, 'district', dover.id, { name: 'Taken', parentId: '' })
		).toEqual({ ok: false, reason: 'not-found' });
		expect(await getUnit(admin.kent, 'district', dover.id)).toMatchObject({ name: 'Dover' });
	});

	it('treats an id that is not a uuid as not found', async () => {
		expect(await getUnit(admin.kent, 'area', 'not-an-id')).toBeNull();
		expect(await deleteUnit(admin.kent, 'area', '42')).toEqual({ ok: false, reason: 'not-found' });
	});
});

describe('deleting', () => {
	it('refuses to delete a district that still has settings, communities and a board', async () => {
		const ashford = await districtNamed(admin.kent, 'Ashford');
		const result = await deleteUnit(admin.kent, 'district', ashford.id);
		expect(result).toMatchObject({ ok: false, reason: 'in-use' });
		if (result.ok || result.reason !== 'in-use') return;
		expect(result.dependents.map((d) => [d.count, d.noun])).toEqual([
			[9, 'settings'],
			[1, 'community of schools'],
			[1, 'area board covering it']
		]);
		expect(await getUnit(admin.kent, 'district', ashford.id)).not.toBeNull();
	});

	it('refuses to delete an area with districts, and says how many', async () => {
		const west = (await listStructure(admin.kent)).areas.find((a) => a.name === 'West')!;
		expect((await unitForDeletion(admin.kent, 'area', west.id))?.dependents).toEqual([
			{ count: 3, noun: 'districts', href: '/la/structure' }
		]);
		expect(await deleteUnit(admin.kent, 'area', west.id)).toMatchObject({ reason: 'in-use' });
	});

	it('deletes an unused record and audits it', async () => {
		const created = await saveUnit(admin.kent, 'community', null, {
			name: 'Short-lived',
			parentId: ''
		});
		if (!created.ok) throw new Error('not created');
		expect(await unitForDeletion(admin.kent, 'community', created.id)).toMatchObject({
			dependents: []
		});
		expect(await deleteUnit(admin.kent, 'community', created.id)).toEqual({
			ok: true,
			name: 'Short-lived'
		});
		expect(await getUnit(admin.kent, 'community', created.id)).toBeNull();
		expect(await latestAudit(admin.kent, 'community.deleted')).toMatchObject({
			subject: 'Short-lived'
		});
	});

	it("cannot delete another tenant's record", async () => {
		const thanet = await districtNamed(admin.kent, 'Thanet');
		expect(await unitForDeletion(admin.northbury, 'district', thanet.id)).toBeNull();
		expect(await deleteUnit(admin.northbury, 'district', thanet.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});
});

describe('reading database errors', () => {
	it('names the constraint a statement broke, on either database', async () => {
		const failure = (work: Parameters<typeof inTenant>[1]) =>
			inTenant(admin.kent, work).then(
				() => null,
				(e: unknown) => e
			);
		const duplicate = await failure((tx) =>
			tx.insert(district).values({ tenantId: admin.kent.tenantId, name: 'DOVER' })
		);
		expect(brokenConstraint(duplicate, '23505')).toBe('district_name_key');
		expect(brokenConstraint(duplicate, '23503')).toBeNull();
		const dangling = await failure((tx) =>
			tx.insert(community).values({
				tenantId: admin.kent.tenantId,
				name: 'Nowhere',
				districtId: '00000000-0000-4000-8000-000000000000'
			})
		);
		expect(brokenConstraint(dangling, '23503')).toContain('district');
		expect(brokenConstraint(new Error('other'), '23505')).toBeNull();
	});
});

describe('the form schema', () => {
	it('asks for a name of sensible length and a real choice of parent', () => {
		const errors = (input: unknown) =>
			unitSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);
		expect(errors({ name: '  ', parentId: '' })).toEqual([['name', 'Enter a name']]);
		expect(errors({ name: 'x'.repeat(121), parentId: '' })).toEqual([
			['name', 'Name must be 120 characters or fewer']
		]);
		expect(errors({ name: 'Fine', parentId: 'nope' })).toEqual([
			['parentId', 'Select one from the list']
		]);
		expect(unitSchema.parse({ name: '  Central ', parentId: '' }).name).toBe('Central');
	});
});
