import { and, eq, isNotNull, ne, notExists, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoardPicture, PictureRow } from '../../src/lib/domain/board-picture';
import { disclosureText } from '../../src/lib/domain/suppression';
import type { Scope } from '../../src/lib/server/auth/guards';
import { loadBoardView } from '../../src/lib/server/board-views';
import { rowsOf } from '../../src/lib/server/db/client';
import {
	agreedRating,
	area,
	areaBoard,
	areaBoardDistrict,
	community,
	cycleFramework,
	district,
	evaluationCycle,
	framework,
	frameworkCriterion,
	intervention,
	judgement,
	organisation,
	peerReview,
	reviewAction,
	reviewReviewer,
	reviewRound,
	selfEvaluation,
	senPupil,
	setting,
	tenant,
	viewStamp
} from '../../src/lib/server/db/schema';
import { asSystem } from '../../src/lib/server/db/system';
import { inTenant, type Tx } from '../../src/lib/server/db/tenant';
import { boardView } from '../../src/lib/server/services/board-picture';
import { boardFormValues, getBoard, updateBoard } from '../../src/lib/server/services/boards';
import { createCycle } from '../../src/lib/server/services/cycles';
import {
	moveEvaluation,
	saveJudgement,
	setSharing,
	type WorkflowStep
} from '../../src/lib/server/services/evaluations';
import { createRecord } from '../../src/lib/server/services/provision-records';
import { updateAction } from '../../src/lib/server/services/review-actions';
import { finaliseReport, setBoardSharing } from '../../src/lib/server/services/review-report';
import {
	createSetting,
	deleteSetting,
	getSetting,
	insertSetting,
	settingFormValues,
	updateSetting
} from '../../src/lib/server/services/settings';
import { saveUnit } from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { scopeFor, useAdminScopes } from './support/fixtures';

// The county-wide views keep their results while the tenant's view stamp holds (stamped.ts);
// migration 0018's triggers move the stamp on with every change the views show. First the
// stamp itself, then the views end to end: each change through the service a page calls
// must show in the next read, which a missing trigger would leave at the cached answer.

const db = useTestDatabase();
const admin = useAdminScopes();
const as = {} as Record<'head' | 'senco' | 'lead' | 'board', Scope>;
/** Kent's 2025/26 cycle, the one the South signed off and was peer reviewed in. */
let cycleId = '';

beforeAll(async () => {
	as.head = await scopeFor('head@kent.test');
	as.senco = await scopeFor('senco@kent.test');
	as.lead = await scopeFor('reviewer@kent.test');
	as.board = await scopeFor('board@kent.test');
	cycleId = await inTenant(admin.kent, async (tx) => (await cycleNamed(tx, '2025/26')).id);
});

/** One of the tenant's cycles, by name. */
async function cycleNamed(tx: Tx, name: string) {
	const [row] = await tx.select().from(evaluationCycle).where(eq(evaluationCycle.name, name));
	return row!;
}

/** A Kent place by name: a setting (its organisation), a district or a community. */
async function idOf(table: typeof organisation | typeof district | typeof community, name: string) {
	const [row] = await inTenant(admin.kent, (tx) =>
		tx.select({ id: table.id }).from(table).where(eq(table.name, name))
	);
	if (!row) throw new Error(`Kent has nothing called ${name}`);
	return row.id;
}

/** A setting's self-evaluation of a cycle, as the setting's pages read it. */
async function evaluationOf(settingId: string, cycle: string) {
	return inTenant(admin.kent, async (tx) => {
		const { id } = await cycleNamed(tx, cycle);
		const [row] = await tx
			.select()
			.from(selfEvaluation)
			.where(and(eq(selfEvaluation.settingId, settingId), eq(selfEvaluation.cycleId, id)));
		return row!;
	});
}

/** Kent's demo head, acting as the headteacher of another setting (the demo has no account there). */
const headOf = (settingId: string): Scope => ({
	...as.head,
	membership: { ...as.head.membership, organisationId: settingId }
});

/** The tenant's view stamp, as the app reads it (0 before anything bumped it). */
async function stampOf(scope: Scope) {
	const [row] = rowsOf<{ stamp: string | number }>(
		await inTenant(scope, (tx) =>
			tx.execute(sql`select coalesce((select stamp from view_stamp), 0) as stamp`)
		)
	);
	return Number(row!.stamp);
}

/** How far the stamp moves over `work` (transactions of its own, through services or not). */
async function bumpsOver(scope: Scope, work: () => Promise<unknown>) {
	const before = await stampOf(scope);
	await work();
	return (await stampOf(scope)) - before;
}

/** How far one transaction of `write` in Kent moves Kent's stamp. */
const bumpsOf = (write: (tx: Tx) => Promise<unknown>) =>
	bumpsOver(admin.kent, () => inTenant(admin.kent, write));

describe('the view stamp', () => {
	/** A review of the 2025/26 round in the report stage, which its guards still let change. */
	const open = { reviewId: '', roundId: '', otherRoundId: '', evaluationId: '', hostId: '' };
	beforeAll(async () => {
		const marsh = await idOf(organisation, 'Marsh Edge Primary School');
		const evaluation = await evaluationOf(marsh, '2025/26');
		await inTenant(admin.kent, async (tx) => {
			const rounds = await tx
				.insert(reviewRound)
				.values(
					['Stamp round', 'Stamp round, other'].map((name) => ({
						tenantId: admin.kent.tenantId,
						cycleId,
						name,
						status: 'confirmed' as const
					}))
				)
				.returning({ id: reviewRound.id });
			const [review] = await tx
				.insert(peerReview)
				.values({
					tenantId: admin.kent.tenantId,
					roundId: rounds[0]!.id,
					hostSettingId: marsh,
					stage: 'report',
					evaluationId: evaluation.id
				})
				.returning({ id: peerReview.id });
			Object.assign(open, {
				reviewId: review!.id,
				roundId: rounds[0]!.id,
				otherRoundId: rounds[1]!.id,
				evaluationId: evaluation.id,
				hostId: marsh
			});
		});
	});

	type Write = (tx: Tx) => Promise<unknown>;

	/** Each change the views show, written straight to its table, and the write that undoes it. */
	async function changes(): Promise<[what: string, change: Write, undo: Write][]> {
		const [willowbrook, ashford, canterbury, ashfordCentral] = await Promise.all([
			idOf(organisation, 'Willowbrook Primary School'),
			idOf(district, 'Ashford'),
			idOf(district, 'Canterbury'),
			idOf(community, 'Ashford Central Community of Schools')
		]);
		const done = await evaluationOf(willowbrook, '2025/26');
		const oakfield = await idOf(organisation, 'Oakfield Primary School');
		const { kent } = admin;
		const ids = await inTenant(kent, async (tx) => {
			const current = await cycleNamed(tx, '2026/27');
			const [special] = await tx
				.select({ versionId: cycleFramework.versionId })
				.from(cycleFramework)
				.where(and(eq(cycleFramework.cycleId, cycleId), eq(cycleFramework.settingType, 'special')));
			const [mcs] = await tx.select().from(framework).where(eq(framework.key, 'mcs'));
			const [action] = await tx.select().from(reviewAction).limit(1);
			const [unstarted] = await tx
				.select({ id: setting.id })
				.from(setting)
				.where(
					notExists(
						tx
							.select({ id: selfEvaluation.id })
							.from(selfEvaluation)
							.where(
								and(eq(selfEvaluation.settingId, setting.id), eq(selfEvaluation.cycleId, cycleId))
							)
					)
				)
				.limit(1);
			const [criterion] = await tx
				.select({ id: frameworkCriterion.id })
				.from(frameworkCriterion)
				.where(eq(frameworkCriterion.versionId, done.versionId))
				.limit(1);
			return {
				current,
				special: special!.versionId,
				mcs: mcs!,
				south: as.board.membership.organisationId,
				action: action!,
				unstarted: unstarted!.id,
				criterion: criterion!.id
			};
		});
		const evaluation = (id: string) => eq(selfEvaluation.id, id);
		const review = eq(peerReview.id, open.reviewId);
		return [
			[
				'a self-evaluation started, and deleted',
				(tx) =>
					tx.insert(selfEvaluation).values({
						tenantId: kent.tenantId,
						cycleId: ids.current.id,
						settingId: willowbrook,
						versionId: done.versionId
					}),
				(tx) =>
					tx
						.delete(selfEvaluation)
						.where(
							and(
								eq(selfEvaluation.cycleId, ids.current.id),
								eq(selfEvaluation.settingId, willowbrook)
							)
						)
			],
			[
				'its status',
				(tx) => tx.update(selfEvaluation).set({ status: 'in_progress' }).where(evaluation(done.id)),
				(tx) => tx.update(selfEvaluation).set({ status: 'signed_off' }).where(evaluation(done.id))
			],
			[
				'its sharing',
				(tx) => tx.update(selfEvaluation).set({ sharing: 'full' }).where(evaluation(done.id)),
				(tx) => tx.update(selfEvaluation).set({ sharing: done.sharing }).where(evaluation(done.id))
			],
			[
				'its framework version',
				(tx) =>
					tx.update(selfEvaluation).set({ versionId: ids.special }).where(evaluation(done.id)),
				(tx) =>
					tx.update(selfEvaluation).set({ versionId: done.versionId }).where(evaluation(done.id))
			],
			[
				'its setting',
				(tx) =>
					tx.update(selfEvaluation).set({ settingId: ids.unstarted }).where(evaluation(done.id)),
				(tx) => tx.update(selfEvaluation).set({ settingId: willowbrook }).where(evaluation(done.id))
			],
			[
				'its cycle',
				(tx) =>
					tx.update(selfEvaluation).set({ cycleId: ids.current.id }).where(evaluation(done.id)),
				(tx) => tx.update(selfEvaluation).set({ cycleId }).where(evaluation(done.id))
			],
			[
				"a setting's district and community",
				(tx) =>
					tx
						.update(setting)
						.set({ districtId: canterbury, communityId: null })
						.where(eq(setting.id, willowbrook)),
				(tx) =>
					tx
						.update(setting)
						.set({ districtId: ashford, communityId: ashfordCentral })
						.where(eq(setting.id, willowbrook))
			],
			[
				"a setting's type",
				(tx) => tx.update(setting).set({ settingType: 'special' }).where(eq(setting.id, oakfield)),
				(tx) =>
					tx.update(setting).set({ settingType: 'mainstream' }).where(eq(setting.id, oakfield))
			],
			[
				"a setting's phase",
				(tx) => tx.update(setting).set({ phase: 'Secondary' }).where(eq(setting.id, oakfield)),
				(tx) => tx.update(setting).set({ phase: 'Primary' }).where(eq(setting.id, oakfield))
			],
			[
				"a setting's roll",
				(tx) =>
					tx
						.update(setting)
						.set({ numberOfPupils: sql`${setting.numberOfPupils} + 1` })
						.where(eq(setting.id, oakfield)),
				(tx) =>
					tx
						.update(setting)
						.set({ numberOfPupils: sql`${setting.numberOfPupils} - 1` })
						.where(eq(setting.id, oakfield))
			],
			[
				"an organisation's name",
				(tx) =>
					tx.update(organisation).set({ name: 'South Kent' }).where(eq(organisation.id, ids.south)),
				(tx) => tx.update(organisation).set({ name: 'South' }).where(eq(organisation.id, ids.south))
			],
			[
				'an area added, and removed',
				(tx) => tx.insert(area).values({ tenantId: kent.tenantId, name: 'Stamp area' }),
				(tx) => tx.delete(area).where(eq(area.name, 'Stamp area'))
			],
			[
				"a district's name",
				(tx) =>
					tx.update(district).set({ name: 'Canterbury City' }).where(eq(district.id, canterbury)),
				(tx) => tx.update(district).set({ name: 'Canterbury' }).where(eq(district.id, canterbury))
			],
			[
				"a community's district",
				(tx) =>
					tx
						.update(community)
						.set({ districtId: canterbury })
						.where(eq(community.id, ashfordCentral)),
				(tx) =>
					tx.update(community).set({ districtId: ashford }).where(eq(community.id, ashfordCentral))
			],
			[
				"a board's scope",
				(tx) =>
					tx
						.update(areaBoard)
						.set({ scope: 'setting_type', settingType: 'special' })
						.where(eq(areaBoard.id, ids.south)),
				(tx) =>
					tx
						.update(areaBoard)
						.set({ scope: 'districts', settingType: null })
						.where(eq(areaBoard.id, ids.south))
			],
			[
				"a board's district",
				(tx) =>
					tx
						.insert(areaBoardDistrict)
						.values({ tenantId: kent.tenantId, areaBoardId: ids.south, districtId: canterbury }),
				(tx) =>
					tx
						.delete(areaBoardDistrict)
						.where(
							and(
								eq(areaBoardDistrict.areaBoardId, ids.south),
								eq(areaBoardDistrict.districtId, canterbury)
							)
						)
			],
			[
				"a cycle's name",
				(tx) =>
					tx
						.update(evaluationCycle)
						.set({ name: '2025-26' })
						.where(eq(evaluationCycle.id, cycleId)),
				(tx) =>
					tx.update(evaluationCycle).set({ name: '2025/26' }).where(eq(evaluationCycle.id, cycleId))
			],
			[
				"a cycle's frameworks",
				(tx) =>
					tx
						.delete(cycleFramework)
						.where(
							and(eq(cycleFramework.cycleId, cycleId), eq(cycleFramework.settingType, 'special'))
						),
				(tx) =>
					tx.insert(cycleFramework).values({
						tenantId: kent.tenantId,
						cycleId,
						settingType: 'special',
						versionId: ids.special
					})
			],
			[
				"a framework's name",
				(tx) => tx.update(framework).set({ name: 'Renamed' }).where(eq(framework.id, ids.mcs.id)),
				(tx) => tx.update(framework).set({ name: ids.mcs.name }).where(eq(framework.id, ids.mcs.id))
			],
			[
				"a framework's key",
				(tx) => tx.update(framework).set({ key: 'renamed' }).where(eq(framework.id, ids.mcs.id)),
				(tx) => tx.update(framework).set({ key: ids.mcs.key }).where(eq(framework.id, ids.mcs.id))
			],
			[
				"a round's status",
				(tx) =>
					tx
						.update(reviewRound)
						.set({ status: 'planning' })
						.where(eq(reviewRound.id, open.roundId)),
				(tx) =>
					tx
						.update(reviewRound)
						.set({ status: 'confirmed' })
						.where(eq(reviewRound.id, open.roundId))
			],
			[
				"a round's cycle",
				(tx) =>
					tx
						.update(reviewRound)
						.set({ cycleId: ids.current.id })
						.where(eq(reviewRound.id, open.roundId)),
				(tx) => tx.update(reviewRound).set({ cycleId }).where(eq(reviewRound.id, open.roundId))
			],
			[
				"a review's stage",
				(tx) => tx.update(peerReview).set({ stage: 'factual_check' }).where(review),
				(tx) => tx.update(peerReview).set({ stage: 'report' }).where(review)
			],
			[
				"a review's sharing with the board",
				(tx) => tx.update(peerReview).set({ boardSharing: true }).where(review),
				(tx) => tx.update(peerReview).set({ boardSharing: false }).where(review)
			],
			[
				"a review's self-evaluation",
				(tx) => tx.update(peerReview).set({ evaluationId: null }).where(review),
				(tx) => tx.update(peerReview).set({ evaluationId: open.evaluationId }).where(review)
			],
			[
				"a review's host",
				(tx) => tx.update(peerReview).set({ hostSettingId: willowbrook }).where(review),
				(tx) => tx.update(peerReview).set({ hostSettingId: open.hostId }).where(review)
			],
			[
				"a review's round",
				(tx) => tx.update(peerReview).set({ roundId: open.otherRoundId }).where(review),
				(tx) => tx.update(peerReview).set({ roundId: open.roundId }).where(review)
			],
			[
				"an action's status",
				(tx) =>
					tx
						.update(reviewAction)
						.set({ status: ids.action.status === 'done' ? 'in_progress' : 'done' })
						.where(eq(reviewAction.id, ids.action.id)),
				(tx) =>
					tx
						.update(reviewAction)
						.set({ status: ids.action.status })
						.where(eq(reviewAction.id, ids.action.id))
			],
			[
				'an agreed rating recorded, and removed',
				(tx) =>
					tx.insert(agreedRating).values({
						tenantId: kent.tenantId,
						reviewId: open.reviewId,
						criterionId: ids.criterion,
						rating: 2,
						rationale: 'Seen on the visit.'
					}),
				(tx) => tx.delete(agreedRating).where(eq(agreedRating.reviewId, open.reviewId))
			]
		];
	}

	it('moves on by one with each change the views show, and its undoing', async () => {
		for (const [what, change, undo] of await changes()) {
			expect([what, await bumpsOf(change)]).toEqual([what, 1]);
			expect([`${what}, undone`, await bumpsOf(undo)]).toEqual([`${what}, undone`, 1]);
		}
	});

	it('moves on once for a transaction of many changes, in its own tenant only', async () => {
		const northbury = await stampOf(admin.northbury);
		const all = await changes();
		const bumped = await bumpsOf(async (tx) => {
			for (const [, change] of all) await change(tx);
			for (const [, , undo] of all.reverse()) await undo(tx);
		});
		expect(bumped).toBe(1);
		expect(await stampOf(admin.northbury)).toBe(northbury);
	});

	it('stays put when the transaction rolls back', async () => {
		const [first] = await changes();
		const [, change] = first!;
		const rollback = new Error('rolled back');
		const bumped = await bumpsOver(admin.kent, () =>
			expect(
				inTenant(admin.kent, async (tx) => {
					await change(tx);
					throw rollback;
				})
			).rejects.toBe(rollback)
		);
		expect(bumped).toBe(0);
	});

	it('stays put for changes the views do not show', async () => {
		const oakfield = await idOf(organisation, 'Oakfield Primary School');
		// The columns of the views' tables that they never read.
		const unread = await bumpsOf(async (tx) => {
			await tx
				.update(setting)
				.set({ postcode: 'TN23 1AA', updatedAt: new Date() })
				.where(eq(setting.id, oakfield));
			await tx
				.update(selfEvaluation)
				.set({ updatedAt: new Date() })
				.where(eq(selfEvaluation.settingId, oakfield));
			await tx
				.update(peerReview)
				.set({ strengths: 'Pupils are known well.' })
				.where(eq(peerReview.id, open.reviewId));
		});
		expect(unread).toBe(0);

		// A judgement of Oakfield's self-evaluation in progress, as its SENCO saves it.
		const evaluation = await evaluationOf(oakfield, '2026/27');
		expect(evaluation.status).toBe('in_progress');
		const [saved] = await inTenant(admin.kent, (tx) =>
			tx
				.select()
				.from(judgement)
				.where(and(eq(judgement.evaluationId, evaluation.id), isNotNull(judgement.rating)))
				.limit(1)
		);
		const judged = await bumpsOver(admin.kent, async () =>
			expect(
				await saveJudgement(as.senco, evaluation.id, saved!.criterionId, saved!.version, {
					rating: saved!.rating,
					narrative: `${saved!.narrative} Seen again this week.`,
					nextSteps: saved!.nextSteps,
					targetRating: saved!.targetRating,
					targetDate: saved!.targetDate
				})
			).toMatchObject({ ok: true })
		);
		expect(judged).toBe(0);

		// A place on one of Oakfield's interventions for one of its pupils.
		const [[pupil], [group]] = await inTenant(admin.kent, (tx) =>
			Promise.all([
				tx.select({ id: senPupil.id }).from(senPupil).where(eq(senPupil.settingId, oakfield)),
				tx
					.select({ id: intervention.id })
					.from(intervention)
					.where(eq(intervention.settingId, oakfield))
			])
		);
		const provision = await bumpsOver(admin.kent, async () =>
			expect(
				await createRecord(as.senco, {
					pupilId: pupil!.id,
					interventionId: group!.id,
					startDate: '2025-09-01',
					endDate: '',
					weeks: '',
					entryMeasure: 'Reading age 7',
					exitMeasure: '',
					outcome: '',
					notes: ''
				})
			).toMatchObject({ ok: true })
		);
		expect(provision).toBe(0);
	});

	it('lets a whole tenant be deleted, with rows its triggers watch', async () => {
		const [made] = await asSystem('platform-admin', (tx) =>
			tx
				.insert(tenant)
				.values({ name: 'Stampshire County Council', slug: 'stampshire', laCode: '990' })
				.returning({ id: tenant.id })
		);
		const scope = { ...admin.kent, tenantId: made!.id };
		const filled = await bumpsOver(scope, () =>
			inTenant(scope, async (tx) => {
				const [vale] = await tx
					.insert(district)
					.values({ tenantId: made!.id, name: 'Stamp Vale' })
					.returning({ id: district.id });
				await tx.insert(community).values({ tenantId: made!.id, name: 'Stamp Vale Community' });
				await tx.insert(evaluationCycle).values({
					tenantId: made!.id,
					name: '2025/26',
					deadline: '2026-07-31'
				});
				await insertSetting(tx, made!.id, {
					name: 'Stamp Vale Primary School',
					settingType: 'mainstream',
					phase: 'Primary',
					districtId: vale!.id
				});
			})
		);
		expect(filled).toBe(1);
		const kent = await stampOf(admin.kent);
		await asSystem('platform-admin', (tx) => tx.delete(tenant).where(eq(tenant.id, made!.id)));
		expect(
			await db.handle.db.select().from(viewStamp).where(eq(viewStamp.tenantId, made!.id))
		).toEqual([]);
		expect(await stampOf(admin.kent)).toBe(kent);
	});
});

// ---------------------------------------------------------------------------------------------
// The views through the cache: each read follows a change made as a page makes it.

const query = (params: Record<string, string>) =>
	new URLSearchParams({ cycle: cycleId, ...params });

/** The LA's or a board's view of 2025/26. */
const viewOf = async (scope: Scope, params: Record<string, string> = {}) =>
	(await boardView(scope, query(params)))!;

/** The same with its named results, as the page loads it. */
const namedViewOf = (scope: Scope) => loadBoardView(scope, query({}));

const rowOf = (picture: BoardPicture | null, label: string) =>
	picture?.rows.find((r) => r.label === label);

const cellOf = (row: PictureRow, column: string) =>
	disclosureText(row.cells[column] ?? { kind: 'suppressed', reason: 'secondary' });

/** The named results' settings by name. */
const namedIn = (view: Awaited<ReturnType<typeof namedViewOf>>) =>
	view.shared.flatMap((f) => f.settings.map((s) => s.name));

/** How many of the cycle's self-evaluations the cycle chooser counts as signed off. */
const signedOffIn = (view: Awaited<ReturnType<typeof viewOf>>) =>
	view.cycles.find((c) => c.id === cycleId)!.signedOff;

describe('the district views, read again after a change', () => {
	it('follow a self-evaluation reopened and signed off again', async () => {
		const oakfield = await idOf(organisation, 'Oakfield Primary School');
		const step = async (scope: Scope, name: WorkflowStep) => {
			const { id, version } = await evaluationOf(oakfield, '2025/26');
			expect(await moveEvaluation(scope, id, version, name)).toEqual({ ok: true });
		};
		const before = await namedViewOf(admin.kent);
		expect(namedIn(before)).toContain('Oakfield Primary School');

		await step(as.head, 'reopen');
		const reopened = await namedViewOf(admin.kent);
		expect(signedOffIn(reopened)).toBe(signedOffIn(before) - 1);
		expect(reopened.picture!.total.named).toBe(before.picture!.total.named - 1);
		expect(namedIn(reopened)).not.toContain('Oakfield Primary School');

		await step(as.senco, 'submit');
		await step(as.head, 'signOff');
		const again = await namedViewOf(admin.kent);
		expect(signedOffIn(again)).toBe(signedOffIn(before));
		expect(again.picture!.total.named).toBe(before.picture!.total.named);
		expect(namedIn(again)).toContain('Oakfield Primary School');
	});

	it('follow a head sharing a self-evaluation with the board, and stopping', async () => {
		const willowbrook = await idOf(organisation, 'Willowbrook Primary School');
		const share = async (level: 'full' | 'none') => {
			const { id, version } = await evaluationOf(willowbrook, '2025/26');
			expect(await setSharing(headOf(willowbrook), id, version, level)).toEqual({ ok: true });
		};
		const before = await namedViewOf(as.board);
		expect(namedIn(before)).not.toContain('Willowbrook Primary School');

		await share('full');
		const shared = await namedViewOf(as.board);
		expect(namedIn(shared)).toContain('Willowbrook Primary School');
		expect(shared.picture!.total.named).toBe(before.picture!.total.named + 1);

		await share('none');
		expect(namedIn(await namedViewOf(as.board))).not.toContain('Willowbrook Primary School');
	});

	/** Saves Willowbrook's record with some of its fields changed, as the setting form does. */
	async function moveWillowbrook(place: { districtId?: string; communityId?: string }) {
		const id = await idOf(organisation, 'Willowbrook Primary School');
		const saved = (await getSetting(admin.kent, id))!;
		const before = settingFormValues(saved);
		expect(
			await updateSetting(admin.kent, id, saved.version, { ...before, ...place })
		).toMatchObject({ ok: true });
		return async () => {
			const now = (await getSetting(admin.kent, id))!;
			expect(await updateSetting(admin.kent, id, now.version, before)).toMatchObject({ ok: true });
		};
	}

	it('follow a setting moved to another district', async () => {
		const canterbury = await idOf(district, 'Canterbury');
		const [la, south] = [await viewOf(admin.kent), await viewOf(as.board)];
		const undo = await moveWillowbrook({ districtId: canterbury, communityId: '' });
		const [laAfter, southAfter] = [await viewOf(admin.kent), await viewOf(as.board)];
		for (const [label, by] of [
			['Ashford', -1],
			['Canterbury', 1]
		] as const)
			expect(rowOf(laAfter.picture, label)!.settings).toBe(rowOf(la.picture, label)!.settings + by);
		expect(southAfter.picture!.total.settings).toBe(south.picture!.total.settings - 1);
		await undo();
	});

	it('follow a setting taken out of its community', async () => {
		const ashford = await idOf(district, 'Ashford');
		const inAshford = () => viewOf(admin.kent, { district: ashford });
		const before = await inAshford();
		const members = (view: Awaited<ReturnType<typeof viewOf>>) =>
			['Ashford Central Community of Schools', 'Not in a community'].map(
				(label) => rowOf(view.picture, label)?.settings ?? 0
			);
		const [central, none] = members(before);
		const undo = await moveWillowbrook({ communityId: '' });
		expect(members(await inAshford())).toEqual([central! - 1, none! + 1]);
		await undo();
	});

	it('follow a setting added and deleted', async () => {
		const canterbury = await idOf(district, 'Canterbury');
		const count = async () => (await viewOf(admin.kent)).picture!.total.settings;
		const before = await count();
		const added = await createSetting(admin.kent, {
			name: 'Stamp Lane Primary School',
			urn: '',
			settingType: 'mainstream',
			establishmentType: 'Community school',
			phase: 'Primary',
			status: 'Open',
			districtId: canterbury,
			communityId: '',
			postcode: '',
			numberOfPupils: '210',
			resourcedProvision: ''
		});
		if (!added.ok) throw new Error(`Not added: ${JSON.stringify(added)}`);
		expect(await count()).toBe(before + 1);
		expect(await deleteSetting(admin.kent, added.id)).toMatchObject({ ok: true });
		expect(await count()).toBe(before);
	});

	/** A Harbour View Academy review of 2025/26, checked by its head and ready to finalise. */
	async function reviewReadyToFinalise() {
		const host = await idOf(organisation, 'Harbour View Academy');
		const evaluation = await evaluationOf(host, '2025/26');
		return inTenant(admin.kent, async (tx) => {
			const [round] = await tx
				.insert(reviewRound)
				.values({
					tenantId: admin.kent.tenantId,
					cycleId,
					name: 'Dover spring round',
					status: 'confirmed',
					confirmedAt: new Date()
				})
				.returning({ id: reviewRound.id });
			const [review] = await tx
				.insert(peerReview)
				.values({
					tenantId: admin.kent.tenantId,
					roundId: round!.id,
					hostSettingId: host,
					stage: 'report',
					evaluationId: evaluation.id,
					strengths: 'Every adult knows the pupils with SEN well.',
					areasForDevelopment: 'Review how pupil voice shapes support plans.',
					hostComment: 'Accurate.',
					hostCheckedAt: new Date()
				})
				.returning();
			await tx.insert(reviewReviewer).values({
				tenantId: admin.kent.tenantId,
				reviewId: review!.id,
				userId: as.lead.userId,
				settingId: await idOf(organisation, 'Willowbrook Primary School'),
				isLead: true
			});
			return review!;
		});
	}

	it('follow a peer review finalised by its lead', async () => {
		const review = await reviewReadyToFinalise();
		const reviewed = async () => cellOf((await viewOf(admin.kent)).picture!.total, 'reviewed');
		const before = await reviewed();
		expect(await finaliseReport(as.lead, review.id, review.version)).toEqual({ ok: true });
		expect(await reviewed()).toBe(String(Number(before) + 1));
	});

	/** One of the demo's finalised reviews of 2025/26, by its host's name. */
	async function demoReview(hostName: string) {
		const host = await idOf(organisation, hostName);
		const [review] = await inTenant(admin.kent, (tx) =>
			tx
				.select()
				.from(peerReview)
				.where(and(eq(peerReview.hostSettingId, host), eq(peerReview.stage, 'finalised')))
		);
		return { host, review: review! };
	}

	it('follow a host sharing its final report with the board, and stopping', async () => {
		// Castle Hill's calibration, once the board may read its report, gives away what the
		// rest of Dover's is unless Dover's total is withheld.
		const { host, review } = await demoReview('Castle Hill Infant School');
		expect(review.boardSharing).toBe(false);
		const dover = async () => rowOf((await viewOf(admin.kent)).picture, 'Dover')!;
		const before = await dover();
		expect(cellOf(before, 'cal:higher')).toBe('6');

		expect(await setBoardSharing(headOf(host), review.id, review.version, true)).toEqual({
			ok: true
		});
		expect(cellOf(await dover(), 'cal:higher')).toBe('c');

		expect(await setBoardSharing(headOf(host), review.id, review.version + 1, false)).toEqual({
			ok: true
		});
		expect(cellOf(await dover(), 'cal:higher')).toBe('6');
	});

	it("follow an action of a review's plan marked done", async () => {
		const { host, review } = await demoReview('Kingsmead High School');
		const [action] = await inTenant(admin.kent, (tx) =>
			tx
				.select()
				.from(reviewAction)
				.where(and(eq(reviewAction.reviewId, review.id), ne(reviewAction.status, 'done')))
				.limit(1)
		);
		const done = async () => cellOf((await viewOf(admin.kent)).picture!.total, 'actions:done');
		const before = await done();
		const { id, version } = action!;
		expect(
			await updateAction(headOf(host), review.id, id, version, {
				action: action!.action,
				criterionIds: action!.criterionIds,
				owner: action!.owner,
				dueDate: action!.dueDate,
				status: 'done',
				impact: 'Every pupil with a plan now has a current one.'
			})
		).toEqual({ ok: true, id });
		expect(await done()).toBe(String(Number(before) + 1));
	});

	it('follow a new cycle', async () => {
		const versionId = await inTenant(admin.kent, async (tx) => {
			const [row] = await tx
				.select({ versionId: cycleFramework.versionId })
				.from(cycleFramework)
				.where(
					and(
						eq(cycleFramework.cycleId, (await cycleNamed(tx, '2026/27')).id),
						eq(cycleFramework.settingType, 'mainstream')
					)
				);
			return row!.versionId;
		});
		const names = async () => (await viewOf(admin.kent)).cycles.map((c) => c.name);
		expect(await names()).not.toContain('Stamp spring review');
		const created = await createCycle(admin.kent, {
			name: 'Stamp spring review',
			deadline: `${new Date().getUTCFullYear() + 2}-03-31`,
			framework_mainstream: versionId,
			framework_special: '',
			framework_pru: '',
			framework_early_years: ''
		});
		expect(created).toMatchObject({ ok: true });
		expect(await names()).toContain('Stamp spring review');
	});

	it('follow a district renamed', async () => {
		const id = await idOf(district, 'Dover');
		const [dover] = await inTenant(admin.kent, (tx) =>
			tx.select({ areaId: district.areaId }).from(district).where(eq(district.id, id))
		);
		const rename = async (name: string) =>
			expect(
				await saveUnit(admin.kent, 'district', id, { name, parentId: dover!.areaId ?? '' })
			).toEqual({ ok: true, id });
		const labels = async (scope: Scope) => (await viewOf(scope)).picture!.rows.map((r) => r.label);
		expect(await labels(as.board)).toContain('Dover');

		await rename('Dover and Deal');
		for (const scope of [admin.kent, as.board]) {
			expect(await labels(scope)).toContain('Dover and Deal');
			expect(await labels(scope)).not.toContain('Dover');
		}
		await rename('Dover');
	});

	it("follow a board's area widened and its name changed", async () => {
		const south = as.board.membership.organisationId;
		const canterbury = await idOf(district, 'Canterbury');
		const read = (await getBoard(admin.kent, south))!;
		const was = boardFormValues(read);
		const before = await viewOf(as.board);
		expect(rowOf(before.picture, 'Canterbury')).toBeUndefined();
		const canterburySettings = rowOf((await viewOf(admin.kent)).picture, 'Canterbury')!.settings;

		expect(
			await updateBoard(admin.kent, south, read.version, {
				...was,
				name: 'South and Canterbury',
				districtIds: [...was.districtIds, canterbury]
			})
		).toEqual({ ok: true, id: south });
		const after = await viewOf(as.board);
		expect(after.picture!.total.settings).toBe(before.picture!.total.settings + canterburySettings);
		expect(rowOf(after.picture, 'Canterbury')!.settings).toBe(canterburySettings);
		expect((await viewOf(admin.kent)).boards.map((b) => b.name)).toContain('South and Canterbury');

		const now = (await getBoard(admin.kent, south))!;
		expect(await updateBoard(admin.kent, south, now.version, was)).toEqual({ ok: true, id: south });
	});

	it('read their own uncommitted change inside a transaction that wrote, and keep none of it', async () => {
		const willowbrook = await idOf(organisation, 'Willowbrook Primary School');
		const { id } = await evaluationOf(willowbrook, '2025/26');
		const before = (await viewOf(admin.kent)).picture!.total.named;
		const rolledBack = new Error('roll back');
		await expect(
			inTenant(admin.kent, async (tx) => {
				await tx.update(selfEvaluation).set({ sharing: 'full' }).where(eq(selfEvaluation.id, id));
				// The view joins this transaction, which has written: it sees the change.
				expect((await viewOf(admin.kent)).picture!.total.named).toBe(before + 1);
				throw rolledBack;
			})
		).rejects.toBe(rolledBack);
		expect((await viewOf(admin.kent)).picture!.total.named).toBe(before);
	});
});
