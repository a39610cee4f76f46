import { and, asc, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	calibrationColumn,
	sectionColumn,
	statusColumn,
	type BoardPicture,
	type SectionMeasure
} from '../../src/lib/domain/board-picture';
import { coverageTable } from '../../src/lib/domain/board-tables';
import { disclosureText } from '../../src/lib/domain/suppression';
import type { Scope } from '../../src/lib/server/auth/guards';
import { boardDownload, loadBoardView } from '../../src/lib/server/board-views';
import {
	agreedRating,
	areaBoard,
	areaBoardDistrict,
	cycleFramework,
	district,
	evaluationCycle,
	frameworkCriterion,
	frameworkSection,
	judgement,
	organisation,
	peerReview,
	reviewAction,
	reviewRound,
	selfEvaluation,
	setting
} from '../../src/lib/server/db/schema';
import { inTenant, type Tx } from '../../src/lib/server/db/tenant';
import { boardView } from '../../src/lib/server/services/board-picture';
import { useTestDatabase } from './support/database';
import { scopeFor, useAdminScopes } from './support/fixtures';

useTestDatabase();
const admin = useAdminScopes();

/**
 * A fixture district, Fixture Vale, with its own board, built by hand so that every figure
 * below can be worked out on paper. Fifteen mainstream primaries F01-F15:
 * - F01-F10 signed off in the fixture's cycle; F01 shares its summary by name, F02 everything, the rest
 *   nothing. F11-F15 are in progress.
 * - F01-F05 rate every criterion 3 (every section level 3); in the cycle before they rated every
 *   criterion 2, so every section moved up.
 * - F06-F10 rate every criterion 2 but statutory MCS-1.1 at 1, which holds MCS-1 at level 1
 *   (a statutory gap); their other sections are at level 2.
 * - F03's peer review is finalised: its reviewers agreed 2 for each of the six MCS-2
 *   criteria it rated 3 (six "rated higher"), with two actions, one done.
 */
const fixture = { boardId: '', districtId: '', current: '', settings: [] as string[] };

async function signOff(
	tx: Tx,
	tenantId: string,
	cycleId: string,
	settingId: string,
	sharing: 'none' | 'summary' | 'full',
	ratingOf: (criterion: { code: string }) => number
) {
	const [version] = await tx
		.select({ id: cycleFramework.versionId })
		.from(cycleFramework)
		.where(and(eq(cycleFramework.cycleId, cycleId), eq(cycleFramework.settingType, 'mainstream')));
	const [evaluation] = await tx
		.insert(selfEvaluation)
		.values({
			tenantId,
			cycleId,
			settingId,
			versionId: version!.id,
			status: 'signed_off',
			sharing,
			signedOffAt: new Date()
		})
		.returning();
	const criteria = await tx
		.select({ id: frameworkCriterion.id, code: frameworkCriterion.code })
		.from(frameworkCriterion)
		.where(eq(frameworkCriterion.versionId, version!.id));
	await tx.insert(judgement).values(
		criteria.map((c) => ({
			tenantId,
			evaluationId: evaluation!.id,
			criterionId: c.id,
			rating: ratingOf(c),
			narrative: 'Seen in practice.'
		}))
	);
	return { evaluationId: evaluation!.id, versionId: version!.id };
}

beforeAll(async () => {
	const kent = admin.kent;
	await inTenant(kent, async (tx) => {
		// Two cycles of the fixture's own, after the demo's, so no demo evaluation is in them.
		const [mainstream] = await tx
			.select({ versionId: cycleFramework.versionId })
			.from(cycleFramework)
			.where(eq(cycleFramework.settingType, 'mainstream'))
			.limit(1);
		const cycleOf = async (name: string, deadline: string) => {
			const [cycle] = await tx
				.insert(evaluationCycle)
				.values({ tenantId: kent.tenantId, name, deadline })
				.returning();
			await tx.insert(cycleFramework).values({
				tenantId: kent.tenantId,
				cycleId: cycle!.id,
				settingType: 'mainstream',
				versionId: mainstream!.versionId
			});
			return cycle!.id;
		};
		const previous = await cycleOf('Fixture 2029/30', '2030-07-31');
		const current = await cycleOf('Fixture 2030/31', '2031-07-31');
		fixture.current = current;
		const [vale] = await tx
			.insert(district)
			.values({ tenantId: kent.tenantId, name: 'Fixture Vale' })
			.returning();
		fixture.districtId = vale!.id;
		for (let i = 1; i <= 15; i++) {
			const [org] = await tx
				.insert(organisation)
				.values({
					tenantId: kent.tenantId,
					kind: 'setting',
					name: `F${String(i).padStart(2, '0')}`
				})
				.returning();
			await tx.insert(setting).values({
				tenantId: kent.tenantId,
				id: org!.id,
				settingType: 'mainstream',
				phase: 'Primary',
				districtId: vale!.id
			});
			fixture.settings.push(org!.id);
		}
		const [boardOrg] = await tx
			.insert(organisation)
			.values({ tenantId: kent.tenantId, kind: 'area_board', name: 'Fixture Board' })
			.returning();
		await tx
			.insert(areaBoard)
			.values({ tenantId: kent.tenantId, id: boardOrg!.id, scope: 'districts' });
		await tx
			.insert(areaBoardDistrict)
			.values({ tenantId: kent.tenantId, areaBoardId: boardOrg!.id, districtId: vale!.id });
		fixture.boardId = boardOrg!.id;

		const f = (n: number) => fixture.settings[n - 1]!;
		let reviewed = { evaluationId: '', versionId: '' };
		for (let n = 1; n <= 10; n++) {
			const sharing = n === 1 ? 'summary' : n === 2 ? 'full' : 'none';
			const made = await signOff(tx, kent.tenantId, current, f(n), sharing, (c) =>
				n <= 5 ? 3 : c.code === 'MCS-1.1' ? 1 : 2
			);
			if (n === 3) reviewed = made;
			if (n <= 5) await signOff(tx, kent.tenantId, previous, f(n), 'none', () => 2);
		}
		const [version] = await tx
			.select({ id: cycleFramework.versionId })
			.from(cycleFramework)
			.where(
				and(eq(cycleFramework.cycleId, current), eq(cycleFramework.settingType, 'mainstream'))
			);
		for (let n = 11; n <= 15; n++)
			await tx.insert(selfEvaluation).values({
				tenantId: kent.tenantId,
				cycleId: current,
				settingId: f(n),
				versionId: version!.id
			});

		const [round] = await tx
			.insert(reviewRound)
			.values({
				tenantId: kent.tenantId,
				cycleId: current,
				name: 'Fixture Vale round',
				status: 'confirmed'
			})
			.returning();
		const [review] = await tx
			.insert(peerReview)
			.values({
				tenantId: kent.tenantId,
				roundId: round!.id,
				hostSettingId: f(3),
				stage: 'report',
				evaluationId: reviewed.evaluationId
			})
			.returning();
		const mcs2 = await tx
			.select({ id: frameworkCriterion.id })
			.from(frameworkCriterion)
			.innerJoin(
				frameworkSection,
				and(
					eq(frameworkSection.tenantId, frameworkCriterion.tenantId),
					eq(frameworkSection.id, frameworkCriterion.sectionId)
				)
			)
			.where(
				and(
					eq(frameworkCriterion.versionId, reviewed.versionId),
					eq(frameworkSection.code, 'MCS-2')
				)
			)
			.orderBy(asc(frameworkCriterion.position));
		await tx.insert(agreedRating).values(
			mcs2.map((c) => ({
				tenantId: kent.tenantId,
				reviewId: review!.id,
				criterionId: c.id,
				rating: 2,
				rationale: 'Agreed on the visit.'
			}))
		);
		// Ratings are written before the review is finalised, as the moderation page does.
		await tx
			.update(peerReview)
			.set({ stage: 'finalised', finalisedAt: new Date() })
			.where(eq(peerReview.id, review!.id));
		await tx.insert(reviewAction).values(
			(['done', 'in_progress'] as const).map((status, i) => ({
				tenantId: kent.tenantId,
				reviewId: review!.id,
				action: `Action ${i + 1}`,
				owner: 'SENCO',
				dueDate: '2027-03-31',
				status
			}))
		);
	});
});

/** A member of the fixture board: the South board member's scope, moved to Fixture Board. */
async function fixtureBoardMember(): Promise<Scope> {
	const south = await scopeFor('board@kent.test');
	return {
		...south,
		membership: {
			...south.membership,
			organisationId: fixture.boardId,
			organisationName: 'Fixture Board'
		}
	};
}

const query = (params: Record<string, string>) =>
	new URLSearchParams({ cycle: fixture.current, ...params });

const text = (picture: BoardPicture, column: string) =>
	disclosureText(picture.total.cells[column] ?? { kind: 'suppressed', reason: 'secondary' });

describe('the board view of a cycle', () => {
	it("counts the fixture district's coverage, ratings, gaps, change and calibration", async () => {
		const view = (await boardView(await fixtureBoardMember(), query({})))!;
		const picture = view.picture!;
		expect(view.cycle?.name).toBe('Fixture 2030/31');
		expect(view.previous?.name).toBe('Fixture 2029/30');
		expect(picture.total.settings).toBe(15);
		expect(picture.total.named).toBe(2);
		expect(picture.total.tooFew).toBe(false);
		expect(picture.rows.map((r) => [r.label, r.settings])).toEqual([['Fixture Vale', 15]]);
		expect(
			['not_started', 'in_progress', 'submitted', 'signed_off'].map((s) =>
				text(picture, statusColumn(s as 'signed_off'))
			)
		).toEqual(['0', '5', '0', '10']);
		// One review with two actions, one done: all small.
		expect([text(picture, 'reviewed'), text(picture, 'actions:done')]).toEqual(['<5', '<5']);
		expect(text(picture, 'actions:all')).toBe('<5');

		const section = (code: string, measure: SectionMeasure) =>
			text(picture, sectionColumn(`mcs:${code}`, measure));
		// MCS-1: F01-F05 at 3; F06-F10 held at 1 by MCS-1.1.
		expect([1, 2, 3, 4].map((v) => section('MCS-1', `level:${v}`))).toEqual(['5', '0', '5', '0']);
		expect(section('MCS-1', 'gap')).toBe('5');
		expect(section('MCS-1', 'rated')).toBe('10');
		// MCS-2: five at 2 and five at 3, no gap.
		expect([1, 2, 3, 4].map((v) => section('MCS-2', `level:${v}`))).toEqual(['0', '5', '5', '0']);
		expect(section('MCS-2', 'gap')).toBe('0');
		// F01-F05 went from 2 to 3; F06-F10 have nothing to compare with.
		expect(['up', 'same', 'down', 'compared'].map((m) => section('MCS-7', m as 'up'))).toEqual([
			'5',
			'0',
			'0',
			'5'
		]);
		expect(text(picture, 'gap:any')).toBe('5');
		expect(section('MCS-2', 'higher')).toBe('6');
		expect(text(picture, calibrationColumn('higher'))).toBe('6');
		expect(text(picture, calibrationColumn('equal'))).toBe('0');
	});

	it('narrows to a filter, and says so when a filter cannot apply', async () => {
		const member = await fixtureBoardMember();
		const secondary = (await boardView(member, query({ phase: 'secondary' })))!;
		expect(secondary.filter.phase).toBe('secondary');
		expect(secondary.picture).toBeNull();
		const inVale = (await boardView(member, query({ district: fixture.districtId })))!;
		expect(inVale.picture!.rowsBy).toBe('community');
		expect(inVale.picture!.rows.map((r) => r.label)).toEqual(['Not in a community']);
		// The South board cannot filter to a district outside its area: the filter is dropped.
		const south = (await boardView(
			await scopeFor('board@kent.test'),
			query({ district: fixture.districtId })
		))!;
		expect(south.filter.districtId).toBeNull();
		expect(south.problems).toEqual([
			'The district asked for is not one you can see, so all are shown.'
		]);
		expect(south.choices.districts.map((d) => d.label)).not.toContain('Fixture Vale');
		expect(south.picture!.total.settings).toBeGreaterThan(0);
	});

	it('shows each viewer only its own population', async () => {
		const la = (await boardView(admin.kent, query({})))!;
		const kentSettings = await inTenant(admin.kent, (tx) =>
			tx.select({ id: setting.id }).from(setting)
		);
		expect(la.picture!.total.settings).toBe(kentSettings.length);
		expect(la.choices.districts.map((d) => d.label)).toContain('Fixture Vale');
		// The LA can look at one board's area as that board sees it.
		const asBoard = (await boardView(admin.kent, query({ board: fixture.boardId })))!;
		expect(asBoard.boardId).toBe(fixture.boardId);
		expect(asBoard.picture).toEqual(
			(await boardView(await fixtureBoardMember(), query({})))!.picture
		);
		const named = await loadBoardView(admin.kent, query({ board: fixture.boardId }));
		expect(named.shared.flatMap((f) => f.settings.map((s) => s.name))).toEqual(['F01', 'F02']);
		const unknown = (await boardView(admin.kent, query({ board: 'not-a-board' })))!;
		expect(unknown.problems).toEqual([
			'The area board asked for is not one you can see, so the whole county is shown.'
		]);
		expect(unknown.picture!.total.settings).toBe(kentSettings.length);
		const south = (await boardView(await scopeFor('board@kent.test'), query({})))!;
		expect(south.picture!.total.settings).toBeLessThan(kentSettings.length);
		expect(south.picture!.rows.map((r) => r.label)).toEqual([
			'Ashford',
			'Dover',
			'Folkestone & Hythe'
		]);
		// Settings, and another tenant holding Kent's cycle id, get nothing.
		expect(await boardView(await scopeFor('senco@kent.test'), query({}))).toBeNull();
		expect(await boardView(admin.northbury, query({}))).toBeNull();
		expect(await boardView(admin.kent, query({ cycle: 'not-an-id' }))).toBeNull();
	});

	it('downloads a view as CSV exactly as the page prints it', async () => {
		const member = await fixtureBoardMember();
		const response = await boardDownload(member, 'coverage', query({}), 'Fixture Board');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="fixture-board-fixture-2030-31-coverage.csv"'
		);
		const rows: string[][] = parse(await response.text(), { bom: true, relax_column_count: true });
		const table = coverageTable((await boardView(member, query({})))!.picture!);
		const at = rows.findIndex((r) => r[0] === table.title);
		expect(at).toBeGreaterThan(0);
		expect(rows.slice(at + 1, at + 2 + table.rows.length)).toEqual([table.header, ...table.rows]);
		expect(rows[0]![0]).toBe('Fixture Board, Fixture 2030/31: all settings');
		await expect(boardDownload(member, 'pupils', query({}), 'Fixture Board')).rejects.toMatchObject(
			{
				status: 404
			}
		);
	});
});
