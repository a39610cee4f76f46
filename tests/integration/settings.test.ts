import { describe, expect, it } from 'vitest';
import { normalisePostcode } from '../../src/lib/domain/establishment';
import {
	settingFilter,
	settingSchema,
	type SettingFilter,
	type SettingInput
} from '../../src/lib/schemas/settings';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	createSetting,
	deleteSetting,
	getSetting,
	listSettings,
	settingForDeletion,
	settingFormValues,
	updateSetting
} from '../../src/lib/server/services/settings';
import { listStructure, structureOptions } from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { latestAudit, useAdminScopes } from './support/fixtures';

useTestDatabase();
const admin = useAdminScopes();

const all: SettingFilter = { q: '', settingType: '', district: '', status: '', page: 1 };
const find = async (scope: Scope, q: string) => {
	const { rows } = await listSettings(scope, { ...all, q });
	if (!rows[0]) throw new Error(`No setting matching ${q}`);
	return rows[0];
};
const blank: SettingInput = {
	name: 'Orchard Lane Primary School',
	urn: '',
	settingType: 'mainstream',
	establishmentType: 'Community school',
	phase: 'Primary',
	status: 'Open',
	districtId: '',
	communityId: '',
	postcode: 'CT1 2AB',
	numberOfPupils: '210',
	resourcedProvision: ''
};

describe('the list of settings', () => {
	it('pages the tenant’s settings 25 at a time in name order', async () => {
		const first = await listSettings(admin.kent, all);
		expect(first.total).toBe(51);
		expect(first.rows).toHaveLength(25);
		expect(first.rows[0]?.name).toBe('Bearsted Green Primary School');
		expect((await listSettings(admin.kent, { ...all, page: 2 })).rows).toHaveLength(25);
	});

	it('searches by part of the name, whatever its case, or by URN', async () => {
		const byName = await listSettings(admin.kent, { ...all, q: 'oakf' });
		expect(byName.rows.map((r) => r.name)).toEqual(['Oakfield Primary School']);
		const byUrn = await listSettings(admin.kent, { ...all, q: '990001' });
		expect(byUrn.rows.map((r) => r.name)).toEqual(['Oakfield Primary School']);
		expect((await listSettings(admin.kent, { ...all, q: '100%' })).total).toBe(0);
	});

	it('filters by type, district (or none) and status', async () => {
		expect((await listSettings(admin.kent, { ...all, settingType: 'pru' })).total).toBe(3);
		const ashford = (await listStructure(admin.kent)).districts.find((d) => d.name === 'Ashford')!;
		const inAshford = await listSettings(admin.kent, { ...all, district: ashford.id });
		expect(inAshford.total).toBe(9);
		expect(inAshford.rows.every((r) => r.districtName === 'Ashford')).toBe(true);
		expect((await listSettings(admin.kent, { ...all, district: 'none' })).total).toBe(0);
		expect((await listSettings(admin.kent, { ...all, status: 'Closed' })).total).toBe(0);
	});

	it('never lists another tenant’s settings', async () => {
		const { rows, total } = await listSettings(admin.northbury, all);
		expect(total).toBe(4);
		expect(rows.map((r) => r.name)).not.toContain('Oakfield Primary School');
	});

	it('reads filters from the query string and ignores anything unexpected', () => {
		const filter = (query: string) => settingFilter(new URLSearchParams(query));
		expect(filter('q=+oak+&type=pru&district=none&status=Closed&page=2')).toEqual({
			q: 'oak',
			settingType: 'pru',
			district: 'none',
			status: 'Closed',
			page: 2
		});
		expect(filter('type=school&district=1;drop&status=Shut&page=-3')).toEqual(all);
	});
});

describe('one setting', () => {
	it('shows its details and the people who hold roles there', async () => {
		const oakfield = await find(admin.kent, 'Oakfield');
		const record = await getSetting(admin.kent, oakfield.id);
		expect(record).toMatchObject({
			name: 'Oakfield Primary School',
			urn: 990001,
			districtName: 'Ashford',
			communityName: 'Ashford Central Community of Schools',
			version: 1
		});
		expect(record?.people.map((p) => [p.name, p.role])).toEqual([
			['Helen Carter', 'headteacher'],
			['Sam Patel', 'senco'],
			['Tom Reed', 'staff']
		]);
	});

	it('is not found by another tenant, or by an id that is not one', async () => {
		const oakfield = await find(admin.kent, 'Oakfield');
		expect(await getSetting(admin.northbury, oakfield.id)).toBeNull();
		expect(await getSetting(admin.kent, 'oakfield')).toBeNull();
	});
});

describe('adding a setting', () => {
	it('creates the organisation and setting, and audits it with names', async () => {
		const options = await structureOptions(admin.kent);
		const canterbury = options.district.find((d) => d.label === 'Canterbury')!;
		const result = await createSetting(admin.kent, {
			...blank,
			urn: '123456',
			districtId: canterbury.value
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(await getSetting(admin.kent, result.id)).toMatchObject({
			name: 'Orchard Lane Primary School',
			urn: 123456,
			numberOfPupils: 210,
			districtName: 'Canterbury',
			people: []
		});
		expect(await latestAudit(admin.kent, 'setting.created')).toMatchObject({
			subject: 'Orchard Lane Primary School',
			detail: { after: { urn: '123456', district: 'Canterbury', postcode: 'CT1 2AB' } }
		});
	});

	it('refuses a URN the tenant already uses, naming the setting that has it', async () => {
		const oakfield = await find(admin.kent, 'Oakfield');
		expect(await createSetting(admin.kent, { ...blank, urn: '990001' })).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'urn',
			message: 'Another setting already has URN 990001',
			urnOwner: { id: oakfield.id, name: 'Oakfield Primary School' }
		});
	});

	it('turns a URN the database refuses into a field error, not a failure', async () => {
		// '012345' used to pass the form and reach the database as 12345.
		expect(settingSchema.safeParse({ ...blank, urn: '012345' }).success).toBe(false);
		const before = (await listSettings(admin.kent, all)).total;
		expect(await createSetting(admin.kent, { ...blank, urn: '012345' })).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'urn',
			message: 'URN must be a number from 100000 to 999999'
		});
		expect((await listSettings(admin.kent, all)).total).toBe(before);
		const oakfield = await find(admin.kent, 'Oakfield');
		const saved = await getSetting(admin.kent, oakfield.id);
		expect(
			await updateSetting(admin.kent, oakfield.id, saved!.version, {
				...settingFormValues(saved!),
				urn: '000123'
			})
		).toMatchObject({ ok: false, field: 'urn' });
		expect((await getSetting(admin.kent, oakfield.id))?.urn).toBe(990001);
	});

	it('allows a URN another tenant uses', async () => {
		expect(await createSetting(admin.northbury, { ...blank, urn: '990001' })).toMatchObject({
			ok: true
		});
	});

	it('refuses a district of another tenant, and a community outside the chosen district', async () => {
		const fenmoor = (await listStructure(admin.northbury)).districts.find(
			(d) => d.name === 'Fenmoor'
		)!;
		expect(await createSetting(admin.kent, { ...blank, districtId: fenmoor.id })).toMatchObject({
			field: 'districtId',
			message: 'Select a district from the list'
		});
		const options = await structureOptions(admin.kent);
		const dover = options.district.find((d) => d.label === 'Dover')!;
		const thanetCoast = options.community.find((c) => c.label.startsWith('Thanet Coast'))!;
		expect(
			await createSetting(admin.kent, {
				...blank,
				districtId: dover.value,
				communityId: thanetCoast.value
			})
		).toMatchObject({
			field: 'communityId',
			message:
				'Thanet Coast Community of Schools is in a different district. Choose a community in Dover, or change the district'
		});
	});
});

describe('changing a setting', () => {
	it('saves changes, bumps the version and audits only what changed', async () => {
		const { id } = await find(admin.kent, 'Cliffside');
		const before = (await getSetting(admin.kent, id))!;
		const result = await updateSetting(admin.kent, id, before.version, {
			...settingFormValues(before),
			name: 'Cliffside Community Primary School',
			numberOfPupils: '320'
		});
		expect(result).toEqual({ ok: true, id });
		expect(await getSetting(admin.kent, id)).toMatchObject({
			name: 'Cliffside Community Primary School',
			numberOfPupils: 320,
			version: before.version + 1
		});
		expect(await latestAudit(admin.kent, 'setting.updated')).toMatchObject({
			subject: 'Cliffside Community Primary School',
			detail: {
				before: { name: 'Cliffside Primary School', numberOfPupils: '315' },
				after: { name: 'Cliffside Community Primary School', numberOfPupils: '320' }
			}
		});
	});

	it('does not write or bump the version when nothing changed', async () => {
		const { id } = await find(admin.kent, 'Harbour View');
		const before = (await getSetting(admin.kent, id))!;
		expect(await updateSetting(admin.kent, id, before.version, settingFormValues(before))).toEqual({
			ok: true,
			id
		});
		expect((await getSetting(admin.kent, id))?.version).toBe(before.version);
	});

	it('refuses to overwrite a newer save and returns what is saved now', async () => {
		const { id } = await find(admin.kent, 'Castle Hill');
		const read = (await getSetting(admin.kent, id))!;
		const mine = { ...settingFormValues(read), postcode: 'CT16 1HU' };
		const theirs = { ...settingFormValues(read), numberOfPupils: '190' };
		expect(await updateSetting(admin.kent, id, read.version, theirs)).toMatchObject({ ok: true });
		expect(await updateSetting(admin.kent, id, read.version, mine)).toEqual({
			ok: false,
			reason: 'conflict',
			current: theirs,
			version: read.version + 1
		});
		expect((await getSetting(admin.kent, id))?.postcode).toBe('');
		expect(await updateSetting(admin.kent, id, read.version + 1, mine)).toMatchObject({ ok: true });
	});

	it('turns a URN clash into a field error', async () => {
		const { id } = await find(admin.kent, 'Westgate');
		const read = (await getSetting(admin.kent, id))!;
		expect(
			await updateSetting(admin.kent, id, read.version, {
				...settingFormValues(read),
				urn: '990002'
			})
		).toMatchObject({ field: 'urn', urnOwner: { name: 'Riverside Academy' } });
	});

	it("cannot change another tenant's setting", async () => {
		const { id } = await find(admin.kent, 'Pantiles');
		const read = (await getSetting(admin.kent, id))!;
		expect(
			await updateSetting(admin.northbury, id, read.version, {
				...settingFormValues(read),
				name: 'Ours'
			})
		).toEqual({ ok: false, reason: 'not-found' });
		expect((await getSetting(admin.kent, id))?.name).toBe('Pantiles Primary School');
	});
});

describe('deleting a setting', () => {
	it('refuses while people hold roles there, and says how many', async () => {
		const { id } = await find(admin.kent, 'Oakfield');
		expect(await settingForDeletion(admin.kent, id)).toMatchObject({ roles: 3, invitations: 0 });
		expect(await deleteSetting(admin.kent, id)).toEqual({ ok: false, reason: 'in-use', roles: 3 });
		expect(await getSetting(admin.kent, id)).not.toBeNull();
	});

	it('deletes the organisation and the setting with it, and audits it', async () => {
		const { id } = await find(admin.kent, 'Tiny Steps');
		expect(await deleteSetting(admin.kent, id)).toEqual({
			ok: true,
			name: 'Tiny Steps Childminding'
		});
		expect(await getSetting(admin.kent, id)).toBeNull();
		expect(await latestAudit(admin.kent, 'setting.deleted')).toMatchObject({
			subject: 'Tiny Steps Childminding',
			detail: { before: { district: 'Maidstone', settingType: 'early_years' } }
		});
	});

	it("cannot delete another tenant's setting", async () => {
		const { id } = await find(admin.kent, 'Mote Park');
		expect(await settingForDeletion(admin.northbury, id)).toBeNull();
		expect(await deleteSetting(admin.northbury, id)).toEqual({ ok: false, reason: 'not-found' });
		expect(await getSetting(admin.kent, id)).not.toBeNull();
	});
});

describe('the form schema', () => {
	const errors = (input: Partial<SettingInput>) =>
		settingSchema
			.safeParse({ ...blank, ...input })
			.error?.issues.map((i) => [i.path.join('.'), i.message]);

	it('normalises a postcode to capitals with one space', () => {
		expect(normalisePostcode(' me141xq ')).toBe('ME14 1XQ');
		expect(settingSchema.parse({ ...blank, postcode: 'sw1a   1aa' }).postcode).toBe('SW1A 1AA');
		expect(settingSchema.parse({ ...blank, postcode: '' }).postcode).toBe('');
	});

	it('explains each mistake next to its field', () => {
		expect(errors({ name: ' ' })).toEqual([['name', 'Enter the name of the setting']]);
		expect(errors({ urn: '12345' })).toEqual([['urn', 'URN must be 6 digits, like 118234']]);
		expect(errors({ urn: '01234' })).toEqual([['urn', 'URN must be 6 digits, like 118234']]);
		expect(errors({ urn: '012345' })).toEqual([
			['urn', 'URN cannot start with 0. Check it on Get Information About Schools (GIAS)']
		]);
		expect(errors({ postcode: 'ABC 123' })).toEqual([
			['postcode', 'Enter a real postcode, like ME14 1XQ']
		]);
		expect(errors({ numberOfPupils: '2.5' })).toEqual([
			['numberOfPupils', 'Enter the number of pupils as a whole number, like 240']
		]);
		expect(errors({ phase: 'Reception' })).toEqual([['phase', 'Select a phase from the list']]);
		expect(errors({ districtId: 'Ashford' })).toEqual([
			['districtId', 'Select a district from the list']
		]);
	});
});
