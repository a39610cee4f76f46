import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { boardSchema, type BoardInput } from '../../src/lib/schemas/boards';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	boardCoverage,
	boardFormValues,
	boardForDeletion,
	createBoard,
	deleteBoard,
	getBoard,
	listBoards,
	updateBoard
} from '../../src/lib/server/services/boards';
import { organisation, tenant } from '../../src/lib/server/db/schema';
import { boardOverview } from '../../src/lib/server/services/home';
import { structureOptions } from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor, useAdminScopes } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();
const admin = useAdminScopes();

let districtId: (name: string) => string;
beforeAll(async () => {
	const { district } = await structureOptions(admin.kent);
	districtId = (name) => district.find((d) => d.label === name)!.value;
});

const boardNamed = async (scope: Scope, name: string) => {
	const found = (await listBoards(scope)).find((b) => b.name === name);
	if (!found) throw new Error(`No board ${name}`);
	return found;
};

describe('the list of boards', () => {
	it('shows each board’s districts, settings in scope and members', async () => {
		const boards = await listBoards(admin.kent);
		expect(boards.map((b) => b.name)).toEqual([
			'East Kent Area Board',
			'North Kent Area Board',
			'South Kent Area Board',
			'West Kent Area Board'
		]);
		expect(boards.reduce((n, b) => n + b.settings, 0)).toBe(51);
		const south = boards.find((b) => b.name === 'South Kent Area Board')!;
		expect(south).toMatchObject({
			scope: 'districts',
			settingType: null,
			settings: 23,
			members: 1
		});
		expect(south.districts.map((d) => d.name)).toEqual(['Ashford', 'Dover', 'Folkestone & Hythe']);
	});

	it('gives a board member on their home page what the list says the board covers', async () => {
		const south = await boardNamed(admin.kent, 'South Kent Area Board');
		expect(await boardOverview(await scopeFor('board@kent.test'))).toEqual({
			scope: 'districts',
			settingType: null,
			districts: south.districts,
			settings: south.settings
		});
		expect(await boardCoverage(admin.northbury, south.id)).toBeNull();
	});

	it('shows another tenant only its own boards', async () => {
		expect((await listBoards(admin.northbury)).map((b) => b.name)).toEqual([
			'Northbury Area Board',
			'Southvale Area Board'
		]);
	});
});

describe('adding and changing a board', () => {
	it('adds a board scoped to a setting type and counts the settings of that type', async () => {
		const result = await createBoard(admin.kent, {
			name: 'Kent PRU Management Committee',
			scope: 'setting_type',
			districtIds: [districtId('Dover')],
			settingType: 'pru'
		});
		expect(result.ok).toBe(true);
		const board = await boardNamed(admin.kent, 'Kent PRU Management Committee');
		expect(board).toMatchObject({ settingType: 'pru', settings: 3, members: 0, districts: [] });
		expect(await latestAudit(admin.kent, 'board.created')).toMatchObject({
			subject: 'Kent PRU Management Committee',
			detail: { after: { scope: 'setting_type', settingType: 'pru' } }
		});
	});

	it('refuses a name another board has, whatever its case', async () => {
		expect(
			await createBoard(admin.kent, {
				name: 'south kent area board',
				scope: 'districts',
				districtIds: [districtId('Dover')],
				settingType: ''
			})
		).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'name',
			message: 'There is already an area board called south kent area board'
		});
	});

	it('refuses districts of another tenant', async () => {
		expect(
			await createBoard(admin.northbury, {
				name: 'Borrowed',
				scope: 'districts',
				districtIds: [districtId('Thanet')],
				settingType: ''
			})
		).toMatchObject({ field: 'districtIds', message: 'Select districts from the list' });
	});

	it('replaces the districts, bumps the version and records before and after', async () => {
		const east = await boardNamed(admin.kent, 'East Kent Area Board');
		const read = (await getBoard(admin.kent, east.id))!;
		const input: BoardInput = {
			...boardFormValues(read),
			districtIds: [districtId('Thanet'), districtId('Canterbury')]
		};
		expect(await updateBoard(admin.kent, east.id, read.version, input)).toEqual({
			ok: true,
			id: east.id
		});
		const now = (await getBoard(admin.kent, east.id))!;
		expect(now.version).toBe(read.version + 1);
		expect(now.districts.map((d) => d.name)).toEqual(['Canterbury', 'Thanet']);
		expect(await latestAudit(admin.kent, 'board.updated')).toMatchObject({
			detail: {
				before: { districts: ['Canterbury', 'Swale', 'Thanet'] },
				after: { districts: ['Canterbury', 'Thanet'] }
			}
		});
	});

	it('switches a board from districts to a setting type', async () => {
		const west = await boardNamed(admin.kent, 'West Kent Area Board');
		const read = (await getBoard(admin.kent, west.id))!;
		const result = await updateBoard(admin.kent, west.id, read.version, {
			name: 'Kent Early Years Provider Association',
			scope: 'setting_type',
			districtIds: read.districts.map((d) => d.id),
			settingType: 'early_years'
		});
		expect(result.ok).toBe(true);
		expect(await getBoard(admin.kent, west.id)).toMatchObject({
			name: 'Kent Early Years Provider Association',
			settingType: 'early_years',
			districts: []
		});
	});

	it('refuses to overwrite a newer save and returns what is saved now', async () => {
		const north = await boardNamed(admin.kent, 'North Kent Area Board');
		const read = (await getBoard(admin.kent, north.id))!;
		const theirs = { ...boardFormValues(read), name: 'North Kent Board' };
		expect(await updateBoard(admin.kent, north.id, read.version, theirs)).toMatchObject({
			ok: true
		});
		expect(
			await updateBoard(admin.kent, north.id, read.version, {
				...boardFormValues(read),
				districtIds: [districtId('Dartford')]
			})
		).toEqual({ ok: false, reason: 'conflict', current: theirs, version: read.version + 1 });
		expect((await getBoard(admin.kent, north.id))?.districts).toHaveLength(3);
	});

	it("cannot see or change another tenant's board", async () => {
		const south = await boardNamed(admin.kent, 'South Kent Area Board');
		expect(await getBoard(admin.northbury, south.id)).toBeNull();
		expect(
			await updateBoard(admin.northbury, south.id, 1, {
				name: 'Ours',
				scope: 'setting_type',
				districtIds: [],
				settingType: 'special'
			})
		).toEqual({ ok: false, reason: 'not-found' });
		expect(await getBoard(admin.kent, 'south')).toBeNull();
	});

	const committee = (name: string): BoardInput => ({
		name,
		scope: 'setting_type',
		districtIds: [],
		settingType: 'pru'
	});
	const taken = (name: string) => ({
		ok: false,
		reason: 'invalid',
		field: 'name',
		message: `There is already an area board called ${name}`
	});

	it('adds one board when the same name is submitted twice at once', async () => {
		const results = await atOnce(
			db.handle.db,
			// Holding the tenant's row stops each insert at its foreign key check.
			(tx) => tx.select().from(tenant).where(eq(tenant.id, admin.kent.tenantId)).for('update'),
			[
				() => createBoard(admin.kent, committee('PRU Committee')),
				() => createBoard(admin.kent, committee('pru committee'))
			]
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual(taken('pru committee'));
		const named = (await listBoards(admin.kent)).filter(
			(b) => b.name.toLowerCase() === 'pru committee'
		);
		expect(named).toHaveLength(1);
	});

	it('renames only one of two boards to the same name given to both at once', async () => {
		const ids: string[] = [];
		for (const name of ['Alpha Forum', 'Beta Forum']) {
			const created = await createBoard(admin.kent, committee(name));
			if (!created.ok) throw new Error(`Could not add ${name}`);
			ids.push(created.id);
		}
		const results = await atOnce(
			db.handle.db,
			// Holding both boards' organisation rows stops each rename at its name change.
			(tx) => tx.select().from(organisation).where(inArray(organisation.id, ids)).for('update'),
			ids.map((id) => () => updateBoard(admin.kent, id, 1, committee('Gamma Forum')))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual(taken('Gamma Forum'));
		const names = await Promise.all(ids.map(async (id) => (await getBoard(admin.kent, id))?.name));
		expect(names.filter((n) => n === 'Gamma Forum')).toHaveLength(1);
	});
});

describe('deleting a board', () => {
	it('refuses while people hold roles there', async () => {
		const south = await boardNamed(admin.kent, 'South Kent Area Board');
		expect(await boardForDeletion(admin.kent, south.id)).toMatchObject({ roles: 1 });
		expect(await deleteBoard(admin.kent, south.id)).toEqual({
			ok: false,
			reason: 'in-use',
			roles: 1
		});
	});

	it('deletes the organisation, board and district rows together, and audits it', async () => {
		const east = await boardNamed(admin.kent, 'East Kent Area Board');
		expect(await deleteBoard(admin.kent, east.id)).toEqual({
			ok: true,
			name: 'East Kent Area Board'
		});
		expect(await getBoard(admin.kent, east.id)).toBeNull();
		const thanet = (await structureOptions(admin.kent)).district.find((d) => d.label === 'Thanet');
		expect(thanet).toBeDefined();
		expect(await latestAudit(admin.kent, 'board.deleted')).toMatchObject({
			subject: 'East Kent Area Board',
			detail: { before: { districts: ['Canterbury', 'Thanet'] } }
		});
	});

	it("cannot delete another tenant's board", async () => {
		const south = await boardNamed(admin.kent, 'South Kent Area Board');
		expect(await boardForDeletion(admin.northbury, south.id)).toBeNull();
		expect(await deleteBoard(admin.northbury, south.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});
});

describe('the form schema', () => {
	const errors = (input: BoardInput) =>
		boardSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);

	it('needs at least one district, or a setting type, for the scope chosen', () => {
		expect(
			errors({ name: 'Board', scope: 'districts', districtIds: [], settingType: 'pru' })
		).toEqual([['districtIds', 'Select at least one district']]);
		expect(
			errors({ name: 'Board', scope: 'setting_type', districtIds: [], settingType: '' })
		).toEqual([['settingType', 'Select a type of setting']]);
		expect(
			errors({ name: '', scope: 'setting_type', districtIds: ['x'], settingType: 'school' })
		).toEqual([
			['name', 'Enter the name of the area board'],
			['districtIds', 'Select districts from the list'],
			['settingType', 'Select a type of setting from the list']
		]);
	});
});
