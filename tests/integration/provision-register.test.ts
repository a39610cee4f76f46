import { beforeAll, describe, expect, it } from 'vitest';
import { historyChanges } from '../../src/lib/domain/sen-register';
import {
	pupilSchema,
	reviewSchema,
	type PupilFilter,
	type PupilInput
} from '../../src/lib/schemas/provision-pupils';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	NO_ACCESS,
	READ_ONLY,
	setStaffAccess
} from '../../src/lib/server/services/provision-access';
import {
	addPupil,
	deletePupil,
	getPupil,
	listPupils,
	newPupilContext,
	pupilForDeletion,
	removePupil,
	restorePupil,
	updatePupil
} from '../../src/lib/server/services/provision-pupils';
import {
	addReview,
	deleteReview,
	pupilReviews,
	reviewEditor,
	reviewsOverview,
	updateReview
} from '../../src/lib/server/services/provision-reviews';
import { listAudit } from '../../src/lib/server/services/audit';
import { intervention, provisionRecord } from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import { useTestDatabase } from './support/database';
import { scopeFor, useAdminScopes, recordedAudit } from './support/fixtures';

const db = useTestDatabase();
const admin = useAdminScopes();
const as = {} as Record<'head' | 'senco' | 'staff' | 'reviewer' | 'board' | 'northbury', Scope>;
beforeAll(async () => {
	as.head = await scopeFor('head@kent.test');
	as.senco = await scopeFor('senco@kent.test');
	as.staff = await scopeFor('staff@kent.test');
	as.reviewer = await scopeFor('reviewer@kent.test');
	as.board = await scopeFor('board@kent.test');
	as.northbury = await scopeFor('senco@northbury.test');
});

const TODAY = '2026-03-10';
const all: PupilFilter = { q: '', senStatus: '', need: '', yearGroup: '', removed: false, page: 1 };
const pupil = (reference: string, more: Partial<PupilInput> = {}): PupilInput => ({
	reference,
	yearGroup: '3',
	senStatus: 'K',
	primaryNeed: 'MLD',
	secondaryNeed: '',
	addedOn: '2025-09-03',
	...more
});

/** The value of a service call that must have been allowed and found. */
function ok<T>(result: T | typeof NO_ACCESS | typeof READ_ONLY | null): T {
	if (result === null || result === NO_ACCESS || result === READ_ONLY)
		throw new Error(`Expected a result, got ${JSON.stringify(result)}`);
	return result as T;
}

async function added(scope: Scope, input: PupilInput) {
	const result = await addPupil(scope, input, TODAY);
	if (!result || !('ok' in result) || !result.ok) throw new Error(JSON.stringify(result));
	return result.id;
}

const pupilOf = async (id: string) => ok(await getPupil(as.senco, id));

/**
 * Puts a pupil on a new intervention of Oakfield's for each span of dates given (the
 * interventions and records pages are another part of the app, so the rows go in directly).
 */
async function provide(pupilId: string, spans: [start: string, end: string | null][]) {
	return inTenant(as.senco, async (tx) => {
		const settingId = as.senco.membership.organisationId;
		const [offer] = await tx
			.insert(intervention)
			.values({
				tenantId: as.senco.tenantId,
				settingId,
				name: `Reading group ${pupilId}`,
				areaOfNeed: 'cognition_learning',
				tier: 'targeted',
				groupSize: 4,
				sessionsPerWeek: 3,
				minutesPerSession: 30,
				hourlyCostPence: 1850
			})
			.returning({ id: intervention.id });
		return tx
			.insert(provisionRecord)
			.values(
				spans.map(([startDate, endDate]) => ({
					tenantId: as.senco.tenantId,
					settingId,
					pupilId,
					interventionId: offer!.id,
					startDate,
					endDate,
					outcome: endDate ? ('met' as const) : null
				}))
			)
			.returning({ id: provisionRecord.id });
	});
}

/** The newest audit events of an action, with nothing in them that names a pupil. */
async function auditOf(action: string, references: string[]) {
	// The LA's audit page leaves pupil-level work out; the events are recorded all the same.
	expect((await listAudit(admin.kent, { action, page: 1 })).total).toBe(0);
	const rows = await recordedAudit(db.handle.db, admin.kent, action);
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows)
		for (const reference of references)
			expect(JSON.stringify([row.subject, row.detail]).toLowerCase()).not.toContain(
				reference.toLowerCase()
			);
	return rows;
}

describe('adding pupils to the register', () => {
	it('adds a pupil with the first line of their history, audited without the reference', async () => {
		const id = await added(as.senco, pupil('T-100', { secondaryNeed: 'SLCN' }));
		const { pupil: row, history } = await pupilOf(id);
		expect(row).toMatchObject({
			reference: 'T-100',
			yearGroup: '3',
			senStatus: 'K',
			primaryNeed: 'MLD',
			secondaryNeed: 'SLCN',
			addedOn: '2025-09-03',
			removedOn: null,
			version: 1
		});
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({
			event: 'added',
			effectiveOn: '2025-09-03',
			yearGroup: '3',
			senStatus: 'K',
			primaryNeed: 'MLD',
			secondaryNeed: 'SLCN',
			actorName: 'Sam Patel'
		});
		const [audit] = await auditOf('provision.pupil-added', ['T-100']);
		expect(audit).toMatchObject({
			subject: 'Provision records of Oakfield Primary School',
			detail: { pupilId: id },
			actorEmail: 'senco@kent.test'
		});
	});

	it('refuses a reference the setting already uses, whatever its case', async () => {
		await added(as.senco, pupil('T-dup'));
		const refused = await addPupil(as.senco, pupil('t-DUP'), TODAY);
		expect(refused).toMatchObject({ ok: false, reason: 'invalid', field: 'reference' });
		expect((refused as { message: string }).message).toContain('already has this reference');
		const { rows } = ok(await listPupils(as.senco, { ...all, q: 't-dup' }, TODAY));
		expect(rows.map((r) => r.reference)).toEqual(['T-dup']);
	});

	it('refuses the second of two adds of one reference at the same moment', async () => {
		const results = await Promise.all([
			addPupil(as.senco, pupil('T-race'), TODAY),
			addPupil(as.head, pupil('t-race'), TODAY)
		]);
		expect(results.filter((r) => r && 'ok' in r && r.ok)).toHaveLength(1);
		expect(results.filter((r) => r && 'ok' in r && !r.ok)).toEqual([
			expect.objectContaining({ reason: 'invalid', field: 'reference' })
		]);
	});

	it('lets another setting use the same reference', async () => {
		await added(as.senco, pupil('T-shared'));
		const id = await added(as.reviewer, pupil('T-shared'));
		expect(ok(await getPupil(as.reviewer, id)).pupil.reference).toBe('T-shared');
	});

	it('refuses a secondary need the same as the primary, in the form and the service', async () => {
		const same = pupil('T-same', { secondaryNeed: 'MLD' });
		const parsed = pupilSchema.safeParse({ ...same, version: 0, effectiveOn: '' });
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['secondaryNeed']);
		expect(await addPupil(as.senco, same, TODAY)).toMatchObject({
			ok: false,
			field: 'secondaryNeed'
		});
	});

	it('refuses a date added in the future, and references that are not pseudonyms', async () => {
		expect(
			await addPupil(as.senco, pupil('T-future', { addedOn: '2026-03-11' }), TODAY)
		).toMatchObject({ ok: false, field: 'addedOn' });
		for (const reference of ['Amy O’Brien', 'P_1', 'A'.repeat(41), ''])
			expect(
				pupilSchema.safeParse({ ...pupil(reference), version: 0, effectiveOn: '' }).success
			).toBe(false);
		expect(
			pupilSchema.safeParse({ ...pupil('  P-0123 '), version: 0, effectiveOn: '' }).data?.reference
		).toBe('P-0123');
	});
});

describe('changing a pupil’s entry', () => {
	let id: string;
	beforeAll(async () => {
		id = await added(as.senco, pupil('T-200'));
	});

	it('writes no history for a new reference alone', async () => {
		const result = await updatePupil(
			as.senco,
			id,
			1,
			{ ...pupil('T-201'), effectiveOn: TODAY },
			TODAY
		);
		expect(result).toEqual({ ok: true, id });
		const { pupil: row, history } = await pupilOf(id);
		expect(row.reference).toBe('T-201');
		expect(row.version).toBe(2);
		expect(history.map((h) => h.event)).toEqual(['added']);
		const [audit] = await auditOf('provision.pupil-changed', ['T-200', 'T-201']);
		expect(audit?.detail).toEqual({ pupilId: id, fields: ['reference'] });
	});

	it('records a change of status as a history line effective on the date given', async () => {
		const change = { ...pupil('T-201', { senStatus: 'E' }), effectiveOn: '2026-03-03' };
		expect(await updatePupil(as.head, id, 2, change, TODAY)).toEqual({ ok: true, id });
		const { pupil: row, history } = await pupilOf(id);
		expect(row).toMatchObject({ senStatus: 'E', version: 3 });
		expect(history).toHaveLength(2);
		expect(history[1]).toMatchObject({
			event: 'changed',
			effectiveOn: '2026-03-03',
			yearGroup: '3',
			senStatus: 'E',
			primaryNeed: 'MLD',
			secondaryNeed: null,
			actorName: 'Helen Carter'
		});
		expect(historyChanges(history)[1]?.changes).toEqual([
			{ field: 'senStatus', label: 'SEN status', from: 'SEN support', to: 'EHC plan' }
		]);
		const [audit] = await auditOf('provision.pupil-changed', ['T-201']);
		expect(audit?.detail).toEqual({
			pupilId: id,
			fields: ['senStatus'],
			effectiveOn: '2026-03-03'
		});
	});

	it('records a change of need and year group together in one line', async () => {
		const change = {
			...pupil('T-201', {
				senStatus: 'E',
				yearGroup: '4',
				primaryNeed: 'ASD',
				secondaryNeed: 'MLD'
			}),
			effectiveOn: TODAY
		};
		expect(await updatePupil(as.senco, id, 3, change, TODAY)).toMatchObject({ ok: true });
		const { history } = await pupilOf(id);
		expect(history).toHaveLength(3);
		expect(history[2]).toMatchObject({
			event: 'changed',
			effectiveOn: TODAY,
			yearGroup: '4',
			primaryNeed: 'ASD',
			secondaryNeed: 'MLD'
		});
		expect(historyChanges(history)[2]?.changes.map((c) => c.field)).toEqual([
			'yearGroup',
			'primaryNeed',
			'secondaryNeed'
		]);
	});

	it('refuses a stale version and returns what is saved now', async () => {
		const result = await updatePupil(
			as.senco,
			id,
			2,
			{ ...pupil('T-999'), effectiveOn: TODAY },
			TODAY
		);
		expect(result).toMatchObject({
			ok: false,
			reason: 'conflict',
			version: 4,
			current: { reference: 'T-201', senStatus: 'E', primaryNeed: 'ASD', yearGroup: '4' }
		});
		expect((await pupilOf(id)).pupil.reference).toBe('T-201');
	});

	it('refuses a change effective in the future or before the pupil was added', async () => {
		const base = pupil('T-201', {
			senStatus: 'K',
			yearGroup: '4',
			primaryNeed: 'ASD',
			secondaryNeed: 'MLD'
		});
		expect(
			await updatePupil(as.senco, id, 4, { ...base, effectiveOn: '2026-03-11' }, TODAY)
		).toMatchObject({ ok: false, field: 'effectiveOn' });
		expect(
			await updatePupil(as.senco, id, 4, { ...base, effectiveOn: '2025-09-02' }, TODAY)
		).toMatchObject({ ok: false, field: 'effectiveOn' });
		expect((await pupilOf(id)).history).toHaveLength(3);
	});

	it('refuses a reference another pupil has', async () => {
		await added(as.senco, pupil('T-taken'));
		expect(
			await updatePupil(as.senco, id, 4, { ...pupil('t-taken'), effectiveOn: TODAY }, TODAY)
		).toMatchObject({ ok: false, field: 'reference' });
	});

	it('saves nothing, and writes nothing, when nothing changed', async () => {
		const same = {
			...pupil('T-201', {
				senStatus: 'E',
				yearGroup: '4',
				primaryNeed: 'ASD',
				secondaryNeed: 'MLD'
			}),
			effectiveOn: TODAY
		};
		expect(await updatePupil(as.senco, id, 4, same, TODAY)).toEqual({ ok: true, id });
		expect((await pupilOf(id)).pupil.version).toBe(4);
	});
});

describe('taking pupils off the register and putting them back', () => {
	let id: string;
	beforeAll(async () => {
		id = await added(as.senco, pupil('T-300'));
	});

	it('takes a pupil off from a date, out of the list unless asked for', async () => {
		expect(await removePupil(as.senco, id, '2026-03-05', TODAY)).toEqual({ ok: true });
		const { pupil: row, history } = await pupilOf(id);
		expect(row.removedOn).toBe('2026-03-05');
		expect(history.at(-1)).toMatchObject({
			event: 'removed',
			effectiveOn: '2026-03-05',
			senStatus: 'K',
			primaryNeed: 'MLD'
		});
		const list = (removed: boolean) => listPupils(as.senco, { ...all, q: 'T-300', removed }, TODAY);
		expect(ok(await list(false)).rows).toEqual([]);
		expect(ok(await list(true)).rows.map((r) => r.id)).toEqual([id]);
		const [audit] = await auditOf('provision.pupil-removed', ['T-300']);
		expect(audit?.detail).toEqual({ pupilId: id, removedOn: '2026-03-05' });
		expect(await removePupil(as.senco, id, TODAY, TODAY)).toEqual({
			ok: false,
			reason: 'already-removed'
		});
	});

	it('puts a pupil back from a date not before they left', async () => {
		expect(await restorePupil(as.senco, id, '2026-03-04', TODAY)).toMatchObject({
			ok: false,
			field: 'date'
		});
		expect(await restorePupil(as.senco, id, '2026-03-11', TODAY)).toMatchObject({
			ok: false,
			field: 'date'
		});
		expect(await restorePupil(as.senco, id, '2026-03-08', TODAY)).toEqual({ ok: true });
		const { pupil: row, history } = await pupilOf(id);
		expect(row.removedOn).toBeNull();
		expect(history.map((h) => [h.event, h.effectiveOn])).toEqual([
			['added', '2025-09-03'],
			['removed', '2026-03-05'],
			['restored', '2026-03-08']
		]);
		expect(await restorePupil(as.senco, id, TODAY, TODAY)).toEqual({
			ok: false,
			reason: 'not-removed'
		});
		await auditOf('provision.pupil-restored', ['T-300']);
	});

	it('refuses to take a pupil off before they were added', async () => {
		expect(await removePupil(as.senco, id, '2025-09-02', TODAY)).toMatchObject({
			ok: false,
			field: 'date'
		});
	});
});

describe('deleting a pupil entered in error', () => {
	it('says what goes with them, then deletes it all, audited with counts only', async () => {
		const id = await added(as.senco, pupil('T-400'));
		await updatePupil(
			as.senco,
			id,
			1,
			{ ...pupil('T-400', { senStatus: 'E' }), effectiveOn: TODAY },
			TODAY
		);
		await addReview(as.senco, id, { dueOn: '2026-04-01', heldOn: '', outcome: '' }, TODAY);
		await provide(id, [['2026-01-05', null]]);
		expect(ok(await pupilForDeletion(as.senco, id))).toMatchObject({
			pupil: { reference: 'T-400' },
			records: 1,
			reviews: 1,
			history: 2
		});
		expect(await deletePupil(as.senco, id)).toEqual({ ok: true });
		expect(await getPupil(as.senco, id)).toBeNull();
		expect(await pupilReviews(as.senco, id)).toBeNull();
		expect(await deletePupil(as.senco, id)).toBeNull();
		const [audit] = await auditOf('provision.pupil-deleted', ['T-400']);
		expect(audit?.detail).toEqual({ pupilId: id, records: 1, reviews: 1, history: 2 });
	});
});

describe('assess-plan-do-review cycles', () => {
	// A day far ahead, so the demo's own reviews are all overdue and none is due soon.
	const LATER = '2031-01-10';
	let overdue: string;
	let soon: string;
	let unplanned: string;
	let held: string;
	let ehcp: string;

	/** Every line of the overview, read a page at a time. */
	async function overview(scope: Scope) {
		const lines = { overdue: [] as string[], dueSoon: [] as string[], unplanned: [] as string[] };
		let days: number[] = [];
		for (let page = 1; ; page++) {
			const result = ok(await reviewsOverview(scope, page, LATER));
			lines.overdue.push(...result.overdue.map((r) => r.pupilId));
			days.push(...result.overdue.map((r) => r.daysOverdue));
			lines.dueSoon.push(...result.dueSoon.map((r) => r.pupilId));
			lines.unplanned.push(...result.unplanned.map((r) => r.pupilId));
			const seen = lines.overdue.length + lines.dueSoon.length + lines.unplanned.length;
			expect(
				result.overdue.length + result.dueSoon.length + result.unplanned.length
			).toBeLessThanOrEqual(25);
			if (seen >= result.total) {
				expect(result.counts.overdue).toBe(lines.overdue.length);
				expect(result.counts.dueSoon).toBe(lines.dueSoon.length);
				expect(result.counts.unplanned).toBe(lines.unplanned.length);
				break;
			}
		}
		days = days.slice(0, 1);
		return { ...lines, firstDaysOverdue: days[0] };
	}

	beforeAll(async () => {
		overdue = await added(as.senco, pupil('A-overdue'));
		soon = await added(as.senco, pupil('A-soon'));
		unplanned = await added(as.senco, pupil('A-unplanned'));
		held = await added(as.senco, pupil('A-held'));
		ehcp = await added(as.senco, pupil('A-ehcp', { senStatus: 'E' }));
	});

	it('adds reviews due, and held with an outcome', async () => {
		for (const [id, dueOn] of [
			[overdue, '2001-01-10'],
			[soon, '2031-02-01'],
			[ehcp, '2031-06-01']
		] as const)
			expect(
				await addReview(as.senco, id, { dueOn, heldOn: '', outcome: '' }, LATER)
			).toMatchObject({ ok: true });
		const result = await addReview(
			as.senco,
			held,
			{
				dueOn: '2030-12-01',
				heldOn: '2030-12-03',
				outcome: 'Targets met; continue reading group.'
			},
			LATER
		);
		expect(result).toMatchObject({ ok: true });
		const reviews = ok(await pupilReviews(as.senco, held, LATER));
		expect(reviews).toMatchObject([
			{
				dueOn: '2030-12-01',
				heldOn: '2030-12-03',
				outcome: 'Targets met; continue reading group.',
				standing: 'held'
			}
		]);
		const audits = await auditOf('provision.review-added', ['A-held', 'Targets met']);
		expect(audits[0]?.detail).toMatchObject({ pupilId: held, held: true });
	});

	it('needs an outcome once held, and a date held not in the future', async () => {
		const noOutcome = reviewSchema.safeParse({
			version: 0,
			dueOn: '2030-12-01',
			heldOn: '2030-12-03',
			outcome: '  '
		});
		expect(noOutcome.error?.issues.map((i) => i.path.join('.'))).toEqual(['outcome']);
		const tooLong = reviewSchema.safeParse({
			version: 0,
			dueOn: '2030-12-01',
			heldOn: '2030-12-03',
			outcome: 'x'.repeat(1001)
		});
		expect(tooLong.success).toBe(false);
		expect(
			await addReview(
				as.senco,
				held,
				{ dueOn: '2031-01-01', heldOn: '2031-01-11', outcome: 'Early' },
				LATER
			)
		).toMatchObject({ ok: false, field: 'heldOn' });
	});

	it('lists overdue reviews first, then those due soon, then SEN support with none planned', async () => {
		const lines = await overview(as.senco);
		expect(lines.overdue[0]).toBe(overdue);
		expect(lines.firstDaysOverdue).toBe(10_957);
		expect(lines.dueSoon).toEqual([soon]);
		expect(lines.unplanned).toContain(unplanned);
		// A held review plans nothing; a pupil with a plan is not at SEN support.
		expect(lines.unplanned).toContain(held);
		expect(lines.unplanned).not.toContain(ehcp);
		expect([...lines.overdue, ...lines.dueSoon]).not.toContain(ehcp);
		expect(lines.unplanned).not.toContain(overdue);
		expect(lines.unplanned).not.toContain(soon);
	});

	it('shows the next review on the register, saying when it is overdue', async () => {
		const { rows } = ok(await listPupils(as.senco, { ...all, q: 'A-' }, LATER));
		const byRef = Object.fromEntries(rows.map((r) => [r.reference, r]));
		expect(byRef['A-overdue']).toMatchObject({ nextReviewOn: '2001-01-10', reviewOverdue: true });
		expect(byRef['A-soon']).toMatchObject({ nextReviewOn: '2031-02-01', reviewOverdue: false });
		expect(byRef['A-held']).toMatchObject({ nextReviewOn: null, reviewOverdue: false });
	});

	it('holds a review once it took place, and refuses a stale version', async () => {
		const [review] = ok(await pupilReviews(as.senco, overdue, LATER));
		const input = { dueOn: '2001-01-10', heldOn: '2031-01-09', outcome: 'Held late.' };
		expect(await updateReview(as.senco, overdue, review!.id, 1, input, LATER)).toEqual({
			ok: true,
			id: review!.id
		});
		expect(
			await updateReview(as.senco, overdue, review!.id, 1, { ...input, outcome: 'Mine' }, LATER)
		).toMatchObject({
			ok: false,
			reason: 'conflict',
			version: 2,
			current: { heldOn: '2031-01-09', outcome: 'Held late.' }
		});
		const lines = await overview(as.senco);
		expect(lines.overdue).not.toContain(overdue);
		expect(lines.unplanned).toContain(overdue);
		const [audit] = await auditOf('provision.review-changed', ['A-overdue', 'Held late']);
		expect(audit?.detail).toEqual({
			pupilId: overdue,
			reviewId: review!.id,
			fields: ['heldOn', 'outcome']
		});
	});

	it('deletes a review', async () => {
		const [review] = ok(await pupilReviews(as.senco, soon, LATER));
		expect(ok(await reviewEditor(as.senco, soon, review!.id)).review?.id).toBe(review!.id);
		expect(await deleteReview(as.senco, soon, review!.id)).toEqual({ ok: true });
		expect(ok(await pupilReviews(as.senco, soon, LATER))).toEqual([]);
		expect(await deleteReview(as.senco, soon, review!.id)).toBeNull();
		expect((await overview(as.senco)).unplanned).toContain(soon);
		await auditOf('provision.review-deleted', ['A-soon']);
	});

	it('finds no review of one pupil under another', async () => {
		const [review] = ok(await pupilReviews(as.senco, ehcp, LATER));
		expect(await reviewEditor(as.senco, held, review!.id)).toBeNull();
		expect(
			await updateReview(
				as.senco,
				held,
				review!.id,
				1,
				{ dueOn: '2031-06-01', heldOn: '', outcome: '' },
				LATER
			)
		).toBeNull();
		expect(await deleteReview(as.senco, held, review!.id)).toBeNull();
	});
});

describe('who may see and change the register', () => {
	let id: string;
	let reviewId: string;
	beforeAll(async () => {
		id = await added(as.senco, pupil('T-500'));
		const review = await addReview(
			as.senco,
			id,
			{ dueOn: '2026-04-01', heldOn: '', outcome: '' },
			TODAY
		);
		reviewId = (review as { id: string }).id;
	});
	const change = () => ({ ...pupil('T-501'), effectiveOn: TODAY });

	it('lets the head and the SENCO change it', async () => {
		expect(ok(await newPupilContext(as.head))).toEqual({ settingType: 'mainstream' });
		expect(await updatePupil(as.head, id, 1, change(), TODAY)).toEqual({ ok: true, id });
		expect(ok(await getPupil(as.head, id)).canEdit).toBe(true);
		expect(await updatePupil(as.senco, id, 2, { ...change(), reference: 'T-500' }, TODAY)).toEqual({
			ok: true,
			id
		});
	});

	it('keeps staff out until the head allows them, and then lets them only read', async () => {
		expect(await listPupils(as.staff, all, TODAY)).toBe(NO_ACCESS);
		expect(await getPupil(as.staff, id)).toBe(NO_ACCESS);
		expect(await reviewsOverview(as.staff, 1, TODAY)).toBe(NO_ACCESS);
		expect(await setStaffAccess(as.senco, true)).toBe(READ_ONLY);
		expect(await setStaffAccess(as.head, true)).toEqual({ ok: true });
		try {
			const read = ok(await getPupil(as.staff, id));
			expect(read.canEdit).toBe(false);
			expect(read.pupil.reference).toBe('T-500');
			expect(read.history.length).toBeGreaterThan(0);
			expect(ok(await pupilReviews(as.staff, id, TODAY))).toHaveLength(1);
			expect(ok(await listPupils(as.staff, { ...all, q: 'T-500' }, TODAY)).total).toBe(1);
			ok(await reviewsOverview(as.staff, 1, TODAY));
			const input = { dueOn: '2026-04-01', heldOn: '', outcome: '' };
			for (const attempt of [
				newPupilContext(as.staff),
				addPupil(as.staff, pupil('T-staff'), TODAY),
				updatePupil(as.staff, id, 3, change(), TODAY),
				removePupil(as.staff, id, TODAY, TODAY),
				restorePupil(as.staff, id, TODAY, TODAY),
				pupilForDeletion(as.staff, id),
				deletePupil(as.staff, id),
				reviewEditor(as.staff, id, null),
				addReview(as.staff, id, input, TODAY),
				updateReview(as.staff, id, reviewId, 1, input, TODAY),
				deleteReview(as.staff, id, reviewId)
			])
				expect(await attempt).toBe(READ_ONLY);
			expect(ok(await getPupil(as.senco, id)).pupil.version).toBe(3);
		} finally {
			await setStaffAccess(as.head, false);
		}
		expect(await getPupil(as.staff, id)).toBe(NO_ACCESS);
	});

	it('answers not found to another setting’s SENCO for Oakfield’s pupil', async () => {
		expect(await getPupil(as.reviewer, id)).toBeNull();
		expect(await pupilReviews(as.reviewer, id, TODAY)).toBeNull();
		expect(await updatePupil(as.reviewer, id, 3, change(), TODAY)).toBeNull();
		expect(await removePupil(as.reviewer, id, TODAY, TODAY)).toBeNull();
		expect(await pupilForDeletion(as.reviewer, id)).toBeNull();
		expect(await deletePupil(as.reviewer, id)).toBeNull();
		expect(await reviewEditor(as.reviewer, id, reviewId)).toBeNull();
		expect(
			await addReview(as.reviewer, id, { dueOn: TODAY, heldOn: '', outcome: '' }, TODAY)
		).toBeNull();
		expect(await deleteReview(as.reviewer, id, reviewId)).toBeNull();
		const { rows } = ok(await listPupils(as.reviewer, { ...all, q: 'T-500' }, TODAY));
		expect(rows).toEqual([]);
		expect(ok(await getPupil(as.senco, id)).pupil.version).toBe(3);
	});

	it('refuses area board members and LA staff outright', async () => {
		for (const scope of [as.board, admin.kent]) {
			expect(await listPupils(scope, all, TODAY)).toBe(NO_ACCESS);
			expect(await getPupil(scope, id)).toBe(NO_ACCESS);
			expect(await reviewsOverview(scope, 1, TODAY)).toBe(NO_ACCESS);
			expect(await addPupil(scope, pupil('T-la'), TODAY)).toBe(NO_ACCESS);
			expect(await deletePupil(scope, id)).toBe(NO_ACCESS);
		}
	});

	it('answers not found to another tenant, and to ids that are not ids', async () => {
		expect(await getPupil(as.northbury, id)).toBeNull();
		expect(await updatePupil(as.northbury, id, 3, change(), TODAY)).toBeNull();
		expect(await deletePupil(as.northbury, id)).toBeNull();
		expect(await reviewEditor(as.northbury, id, reviewId)).toBeNull();
		expect(await getPupil(as.senco, 'not-an-id')).toBeNull();
		expect(await reviewEditor(as.senco, id, 'not-an-id')).toBeNull();
		expect(ok(await getPupil(as.senco, id)).pupil.reference).toBe('T-500');
	});
});

describe('the register list', () => {
	it('filters by status, primary need and year group, and counts the register', async () => {
		await added(as.senco, pupil('LST-1', { senStatus: 'E', primaryNeed: 'HI', yearGroup: '6' }));
		await added(
			as.senco,
			pupil('LST-2', { primaryNeed: 'SEMH', secondaryNeed: 'HI', yearGroup: 'R' })
		);
		const refs = async (filter: Partial<PupilFilter>) =>
			ok(await listPupils(as.senco, { ...all, q: 'LST-', ...filter }, TODAY)).rows.map(
				(r) => r.reference
			);
		expect(await refs({})).toEqual(['LST-1', 'LST-2']);
		expect(await refs({ senStatus: 'E' })).toEqual(['LST-1']);
		expect(await refs({ need: 'HI' })).toEqual(['LST-1']);
		expect(await refs({ need: 'SEMH' })).toEqual(['LST-2']);
		expect(await refs({ yearGroup: 'R' })).toEqual(['LST-2']);
		expect(await refs({ q: 'nothing-like-it' })).toEqual([]);
		const { counts } = ok(await listPupils(as.senco, all, TODAY));
		expect(counts.onRegister).toBe(counts.senSupport + counts.ehcPlan);
		expect(counts.removed).toBeGreaterThanOrEqual(0);
	});

	it('counts the provision a pupil has now, and lists all of it on their page', async () => {
		const id = await added(as.senco, pupil('LST-3'));
		const [ended, ongoing, endsToday] = await provide(id, [
			['2025-09-08', '2025-12-19'],
			['2026-01-05', null],
			['2026-02-23', TODAY]
		]);
		const { rows } = ok(await listPupils(as.senco, { ...all, q: 'LST-3' }, TODAY));
		expect(rows[0]?.provisionCount).toBe(2);
		const { records } = await pupilOf(id);
		expect(records.map((r) => r.id)).toEqual([endsToday!.id, ongoing!.id, ended!.id]);
		expect(records[2]).toMatchObject({
			interventionName: `Reading group ${id}`,
			startDate: '2025-09-08',
			endDate: '2025-12-19',
			outcome: 'met'
		});
	});

	it('pages the register 25 at a time', async () => {
		const first = ok(await listPupils(as.senco, all, TODAY));
		expect(first.rows.length).toBe(Math.min(25, first.total));
		const last = Math.ceil(first.total / 25);
		const end = ok(await listPupils(as.senco, { ...all, page: last }, TODAY));
		expect(end.rows.length).toBe(first.total - (last - 1) * 25);
	});
});
