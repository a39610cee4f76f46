import { and, asc, eq, notInArray } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInEngland } from '../../src/lib/domain/dates';
import {
	actionSchema,
	followUpRecordSchema,
	type ActionInput
} from '../../src/lib/schemas/review-report';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	agreedRating,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	peerReview,
	reviewEvent,
	selfEvaluation
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import { reviewPdf, reviewPdfResponse } from '../../src/lib/server/export/review-pdf';
import { createBoard } from '../../src/lib/server/services/boards';
import {
	actionEditor,
	actionPlan,
	addAction,
	overdueAcrossTenant,
	recordFollowUp,
	removeAction,
	scheduleFollowUp,
	updateAction
} from '../../src/lib/server/services/review-actions';
import { boardReport, boardReports } from '../../src/lib/server/services/review-board';
import { saveAgreedRating } from '../../src/lib/server/services/review-moderation';
import {
	finaliseReport,
	finalReport,
	reportPage,
	returnCheck,
	saveReport,
	sendForCheck,
	setBoardSharing
} from '../../src/lib/server/services/review-report';
import { structureOptions } from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor } from './support/fixtures';
import { seedOakfieldReview } from './support/peer-review';

const db = useTestDatabase();

type Who = 'lead' | 'second' | 'head' | 'senco' | 'admin' | 'board' | 'otherTenant' | 'staff';
const as = {} as Record<Who, Scope>;

beforeAll(async () => {
	const emails: Record<Who, string> = {
		lead: 'reviewer@kent.test',
		second: 'reviewer2@kent.test',
		head: 'head@kent.test',
		senco: 'senco@kent.test',
		admin: 'la.admin@kent.test',
		board: 'board@kent.test',
		otherTenant: 'la.admin@northbury.test',
		staff: 'staff@kent.test'
	};
	for (const [who, email] of Object.entries(emails)) as[who as Who] = await scopeFor(email);
});

const today = () => todayInEngland();
/** A YYYY-MM-DD date `days` after today (before it when negative). */
const fromToday = (days: number) => {
	const d = new Date(`${today()}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};

const STRENGTHS = 'Pupils with SEN are known well by every adult; provision maps are current.';
const AREAS = [
	'The school should:',
	'- Train teaching assistants in precision teaching',
	'- Review how pupil voice shapes',
	'  each pupil’s support plan',
	'',
	'Governors should hear from the SENCO each term.'
].join('\n');

interface ReportReview {
	reviewId: string;
	roundId: string;
	criteria: { id: string; code: string; title: string }[];
}

/**
 * A new Oakfield review put straight into the report stage: its 2025/26 self-evaluation
 * shared, and agreed ratings recorded for criteria in two sections.
 */
async function reviewInReport(label: string): Promise<ReportReview> {
	const seeded = await seedOakfieldReview(label);
	const handle = db.handle.db;
	const [evaluation] = await handle
		.select({ id: selfEvaluation.id, versionId: selfEvaluation.versionId })
		.from(selfEvaluation)
		.where(
			and(
				eq(selfEvaluation.settingId, seeded.settings.oakfield),
				eq(selfEvaluation.cycleId, seeded.cycleId)
			)
		);
	const all = await handle
		.select({
			id: frameworkCriterion.id,
			code: frameworkCriterion.code,
			title: frameworkCriterion.title,
			sectionId: frameworkCriterion.sectionId
		})
		.from(frameworkCriterion)
		.innerJoin(frameworkSection, eq(frameworkSection.id, frameworkCriterion.sectionId))
		.where(eq(frameworkCriterion.versionId, evaluation!.versionId))
		.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
	const firstSection = all.filter((c) => c.sectionId === all[0]!.sectionId);
	const other = all.find((c) => c.sectionId !== all[0]!.sectionId)!;
	const criteria = [firstSection[0]!, firstSection[1]!, other];
	await handle
		.update(peerReview)
		.set({ stage: 'report', evaluationId: evaluation!.id, version: 4 })
		.where(eq(peerReview.id, seeded.reviewId));
	await handle.insert(agreedRating).values(
		criteria.map((c, i) => ({
			tenantId: as.admin.tenantId,
			reviewId: seeded.reviewId,
			criterionId: c.id,
			rating: [3, 2, 4][i]!,
			rationale: `Agreed rationale for ${c.code}`,
			agreedBy: as.lead.userId
		}))
	);
	return {
		reviewId: seeded.reviewId,
		roundId: seeded.roundId,
		criteria: criteria.map(({ id, code, title }) => ({ id, code, title }))
	};
}

/** Drives a review from the report stage to finalised, as the lead and the host would. */
async function finalise(review: ReportReview) {
	let version = (await reportPage(as.lead, review.reviewId))!.version;
	const saved = await saveReport(as.lead, review.reviewId, version, {
		reportContext: 'A two-day visit in spring.',
		strengths: STRENGTHS,
		areasForDevelopment: AREAS
	});
	if (!saved.ok) throw new Error('could not save');
	expect(await sendForCheck(as.lead, review.reviewId, saved.version)).toEqual({ ok: true });
	version = (await reportPage(as.senco, review.reviewId))!.version;
	expect(await returnCheck(as.senco, review.reviewId, version, 'All accurate.')).toEqual({
		ok: true
	});
	version = (await reportPage(as.lead, review.reviewId))!.version;
	expect(await finaliseReport(as.lead, review.reviewId, version)).toEqual({ ok: true });
}

const stageOf = async (reviewId: string) => {
	const [row] = await db.handle.db
		.select({ stage: peerReview.stage })
		.from(peerReview)
		.where(eq(peerReview.id, reviewId));
	return row!.stage;
};

/** The SQLSTATE a failed statement gave, searching the error's cause chain. */
const sqlState = (e: unknown) => {
	for (let err = e; err && typeof err === 'object'; err = (err as Error).cause) {
		const code = (err as { code?: unknown }).code;
		if (typeof code === 'string') return code;
	}
	return null;
};

async function pdfText(pdf: Uint8Array) {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
		mergePages: true
	});
	return text.replace(/\s+/g, ' ');
}

describe('drafting, the factual accuracy check and finalising', () => {
	let review: ReportReview;
	beforeAll(async () => {
		review = await reviewInReport('Report stages');
	});

	it('lets the other reviewers read the draft but only the lead write it', async () => {
		const page = (await reportPage(as.second, review.reviewId))!;
		expect(page.may).toEqual({
			draft: false,
			send: false,
			finalise: false,
			check: false,
			share: false
		});
		expect(page.document.sections.map((s) => s.ratings.length)).toEqual([2, 1]);
		const text = { reportContext: '', strengths: 'x', areasForDevelopment: 'y' };
		expect(await saveReport(as.second, review.reviewId, page.version, text)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect((await reportPage(as.lead, review.reviewId))!.may.draft).toBe(true);
	});

	it('hides the draft from the host and the LA until their turn', async () => {
		expect(await reportPage(as.senco, review.reviewId)).toBeUndefined();
		expect(await reportPage(as.admin, review.reviewId)).toBeUndefined();
		expect(await finalReport(as.lead, review.reviewId)).toBeUndefined();
	});

	it('shows the agreed ratings by section with code, level name and rationale', async () => {
		const { document } = (await reportPage(as.lead, review.reviewId))!;
		const first = document.sections[0]!;
		expect(first.ratings[0]).toMatchObject({
			code: review.criteria[0]!.code,
			title: review.criteria[0]!.title,
			rating: 3,
			levelName: 'Established',
			rationale: `Agreed rationale for ${review.criteria[0]!.code}`
		});
		expect(first.ratings[1]!.levelName).toBe('Emerging');
		// Two of the section's criteria agreed, at 3 and 2: the lower middle is Emerging.
		expect(first.summary.rated).toBe(2);
		expect(first.summary.total).toBeGreaterThan(2);
		expect(first.levelName).toBe('Emerging');
		expect(document.sections[1]!.ratings[0]!.levelName).toBe('Embedded');
		expect(document.reviewers.map((r) => [r.name, r.isLead])).toEqual([
			['Ruth Okafor', true],
			['Grace Lin', false]
		]);
	});

	it('refuses a stale save and gives back the text saved since', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		const first = await saveReport(as.lead, review.reviewId, version, {
			reportContext: 'First words',
			strengths: '',
			areasForDevelopment: ''
		});
		expect(first).toEqual({ ok: true, version: version + 1 });
		const stale = await saveReport(as.lead, review.reviewId, version, {
			reportContext: 'Written from an old page',
			strengths: '',
			areasForDevelopment: ''
		});
		expect(stale).toEqual({
			ok: false,
			reason: 'stale',
			version: version + 1,
			current: { reportContext: 'First words', strengths: '', areasForDevelopment: '' }
		});
		const after = (await reportPage(as.lead, review.reviewId))!;
		expect(after.document.reportContext).toBe('First words');
		const audit = await latestAudit(as.admin, 'peer-review.report-saved');
		expect(audit?.detail).toEqual({
			before: { reportContext: '' },
			after: { reportContext: 'First words' }
		});
	});

	it('will not send a report without strengths and areas for development', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		expect(await sendForCheck(as.lead, review.reviewId, version)).toEqual({
			ok: false,
			reason: 'incomplete',
			missing: ['strengths', 'areasForDevelopment']
		});
		expect(await stageOf(review.reviewId)).toBe('report');
	});

	it('will not finalise before the host has checked the report', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		const saved = await saveReport(as.lead, review.reviewId, version, {
			reportContext: 'First words',
			strengths: STRENGTHS,
			areasForDevelopment: AREAS
		});
		expect(saved.ok).toBe(true);
		expect(await finaliseReport(as.lead, review.reviewId, version + 1)).toEqual({
			ok: false,
			reason: 'not-checked'
		});
		expect((await reportPage(as.lead, review.reviewId))!.may.finalise).toBe(false);
		expect(await stageOf(review.reviewId)).toBe('report');
	});

	it('keeps the host from writing the report or returning a check not asked for', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		const text = { reportContext: 'Host edit', strengths: 'x', areasForDevelopment: 'y' };
		for (const host of [as.head, as.senco])
			expect(await saveReport(host, review.reviewId, version, text)).toEqual({
				ok: false,
				reason: 'forbidden'
			});
		expect(await returnCheck(as.senco, review.reviewId, version, 'Early')).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'report'
		});
		expect(await sendForCheck(as.senco, review.reviewId, version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await sendForCheck(as.lead, review.reviewId, version - 1)).toEqual({
			ok: false,
			reason: 'stale'
		});
	});

	it('sends to the host, who reads it and returns factual accuracy comments', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		expect(await sendForCheck(as.lead, review.reviewId, version)).toEqual({ ok: true });
		expect(await stageOf(review.reviewId)).toBe('factual_check');

		// While the host checks, the lead cannot change or finalise the report.
		const text = { reportContext: 'Late', strengths: 'x', areasForDevelopment: 'y' };
		expect(await saveReport(as.lead, review.reviewId, version + 1, text)).toMatchObject({
			reason: 'wrong-stage'
		});
		expect(await finaliseReport(as.lead, review.reviewId, version + 1)).toMatchObject({
			reason: 'wrong-stage'
		});

		const hostView = (await reportPage(as.senco, review.reviewId))!;
		expect(hostView.document.strengths).toBe(STRENGTHS);
		expect(hostView.may.check).toBe(true);
		expect(hostView.may.draft).toBe(false);
		expect(await returnCheck(as.senco, review.reviewId, version, 'Stale')).toEqual({
			ok: false,
			reason: 'stale'
		});
		expect(await returnCheck(as.lead, review.reviewId, hostView.version, 'Lead')).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await returnCheck(as.senco, review.reviewId, hostView.version, ' The roll is 412, not 410. ')
		).toEqual({ ok: true });

		const leadView = (await reportPage(as.lead, review.reviewId))!;
		expect(leadView.stage).toBe('report');
		expect(leadView.document.hostComment).toBe('The roll is 412, not 410.');
		expect(leadView.document.hostCheckedAt).toBeInstanceOf(Date);
		expect(leadView.may.finalise).toBe(true);
		// Back in the lead's hands, the host no longer sees the draft.
		expect(await reportPage(as.senco, review.reviewId)).toBeUndefined();
		expect(await latestAudit(as.admin, 'peer-review.host_checked')).toMatchObject({
			actorEmail: 'senco@kent.test'
		});
	});

	it('finalises, after which nothing of the report or its ratings can change', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		expect(await finaliseReport(as.second, review.reviewId, version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await finaliseReport(as.lead, review.reviewId, version - 1)).toEqual({
			ok: false,
			reason: 'stale'
		});
		expect(await finaliseReport(as.lead, review.reviewId, version)).toEqual({ ok: true });
		const final = (await reportPage(as.admin, review.reviewId))!;
		expect(final.stage).toBe('finalised');
		expect(final.document.finalisedAt).toBeInstanceOf(Date);
		expect(final.may).toEqual({
			draft: false,
			send: false,
			finalise: false,
			check: false,
			share: false
		});
		const events = await db.handle.db
			.select({ action: reviewEvent.action })
			.from(reviewEvent)
			.where(eq(reviewEvent.reviewId, review.reviewId))
			.orderBy(asc(reviewEvent.at));
		expect(events.map((e) => e.action)).toEqual(['sent_for_check', 'host_checked', 'finalised']);

		const now = version + 1;
		const text = { reportContext: 'After', strengths: 'x', areasForDevelopment: 'y' };
		const refused = { ok: false, reason: 'wrong-stage', stage: 'finalised' };
		expect(await saveReport(as.lead, review.reviewId, now, text)).toEqual(refused);
		expect(await sendForCheck(as.lead, review.reviewId, now)).toEqual(refused);
		expect(await finaliseReport(as.lead, review.reviewId, now)).toEqual(refused);
		expect(await returnCheck(as.senco, review.reviewId, now, 'Late')).toEqual(refused);

		// The database holds the line too, whatever a service might try.
		const refusedByDatabase = (work: Promise<unknown>) =>
			work.then(
				() => null,
				(e: unknown) => sqlState(e)
			);
		expect(
			await refusedByDatabase(
				inTenant(as.lead, (tx) =>
					tx.insert(agreedRating).values({
						tenantId: as.lead.tenantId,
						reviewId: review.reviewId,
						criterionId: review.criteria[0]!.id,
						rating: 1,
						rationale: 'Sneaked in',
						agreedBy: as.lead.userId
					})
				)
			)
		).toBe('55000');
		expect(
			await refusedByDatabase(
				inTenant(as.lead, (tx) =>
					tx
						.update(agreedRating)
						.set({ rating: 1 })
						.where(eq(agreedRating.reviewId, review.reviewId))
				)
			)
		).toBe('55000');
		expect(
			await refusedByDatabase(
				inTenant(as.lead, (tx) =>
					tx
						.update(peerReview)
						.set({ strengths: 'Rewritten' })
						.where(eq(peerReview.id, review.reviewId))
				)
			)
		).toBe('55000');
		const after = (await finalReport(as.lead, review.reviewId))!;
		expect(after.strengths).toBe(STRENGTHS);
		expect(after.sections[0]!.ratings[0]!.rating).toBe(3);
	});
});

describe('a change after the host has checked the report', () => {
	const TEXT = {
		reportContext: 'A two-day visit.',
		strengths: STRENGTHS,
		areasForDevelopment: AREAS
	};
	const notChecked = { ok: false, reason: 'not-checked' };
	const leadPage = async (reviewId: string) => (await reportPage(as.lead, reviewId))!;

	/** Sends the lead's draft to the host, who returns it; gives the version the lead sees. */
	async function checkedByHost(reviewId: string, comment = 'All accurate.') {
		const { version } = await leadPage(reviewId);
		expect(await sendForCheck(as.lead, reviewId, version)).toEqual({ ok: true });
		const hostView = (await reportPage(as.senco, reviewId))!;
		expect(await returnCheck(as.senco, reviewId, hostView.version, comment)).toEqual({ ok: true });
		const page = await leadPage(reviewId);
		expect(page.may.finalise).toBe(true);
		return page.version;
	}

	async function draftedReview(label: string) {
		const review = await reviewInReport(label);
		const { version } = await leadPage(review.reviewId);
		expect(await saveReport(as.lead, review.reviewId, version, TEXT)).toMatchObject({ ok: true });
		return review;
	}

	/** Agreed rating version of a criterion of the review (0 when there is none). */
	const agreedVersion = async (reviewId: string, criterionId: string) => {
		const [row] = await db.handle.db
			.select({ version: agreedRating.version })
			.from(agreedRating)
			.where(and(eq(agreedRating.reviewId, reviewId), eq(agreedRating.criterionId, criterionId)));
		return row?.version ?? 0;
	};

	it('needs a new check once the lead changes the text, and not for an unchanged save', async () => {
		const { reviewId } = await draftedReview('Recheck text round');
		let version = await checkedByHost(reviewId, 'The roll is 412.');

		// Saving the same words changes nothing: the check stands.
		expect(await saveReport(as.lead, reviewId, version, TEXT)).toEqual({ ok: true, version });
		expect((await leadPage(reviewId)).may.finalise).toBe(true);

		const saved = await saveReport(as.lead, reviewId, version, {
			...TEXT,
			strengths: `${STRENGTHS} Rewritten after the check.`
		});
		expect(saved).toEqual({ ok: true, version: version + 1 });
		version += 1;
		expect(await finaliseReport(as.lead, reviewId, version)).toEqual(notChecked);
		const page = await leadPage(reviewId);
		expect(page.may.finalise).toBe(false);
		expect(page.document.hostCheckedAt).toBeNull();
		// The host's earlier comments are kept for the lead to read.
		expect(page.document.hostComment).toBe('The roll is 412.');
		expect(await stageOf(reviewId)).toBe('report');
		expect((await latestAudit(as.admin, 'peer-review.report-saved'))?.detail).toMatchObject({
			recheck: true
		});

		version = await checkedByHost(reviewId, 'Still accurate.');
		expect(await finaliseReport(as.lead, reviewId, version)).toEqual({ ok: true });
		expect((await finalReport(as.lead, reviewId))!.strengths).toContain('Rewritten after');
	});

	it('needs a new check once an agreed rating changes or is added, not when it is the same', async () => {
		const review = await draftedReview('Recheck ratings round');
		const [first] = review.criteria;
		let version = await checkedByHost(review.reviewId);

		// The same rating and rationale again: nothing changes.
		const v1 = await agreedVersion(review.reviewId, first!.id);
		expect(
			await saveAgreedRating(as.lead, review.reviewId, first!.id, v1, {
				rating: 3,
				rationale: `Agreed rationale for ${first!.code}`
			})
		).toMatchObject({ ok: true, version: v1 });
		expect((await leadPage(review.reviewId)).may.finalise).toBe(true);

		// A changed rating undoes the check.
		expect(
			await saveAgreedRating(as.lead, review.reviewId, first!.id, v1, {
				rating: 1,
				rationale: 'Lowered after the check'
			})
		).toMatchObject({ ok: true, version: v1 + 1 });
		version = (await leadPage(review.reviewId)).version;
		expect(await finaliseReport(as.lead, review.reviewId, version)).toEqual(notChecked);
		expect((await leadPage(review.reviewId)).document.hostCheckedAt).toBeNull();

		version = await checkedByHost(review.reviewId);
		// A newly added agreed rating undoes it as well.
		const [added] = await db.handle.db
			.select({ id: frameworkCriterion.id })
			.from(frameworkCriterion)
			.where(
				and(
					eq(
						frameworkCriterion.versionId,
						db.handle.db
							.select({ v: frameworkCriterion.versionId })
							.from(frameworkCriterion)
							.where(eq(frameworkCriterion.id, first!.id))
					),
					notInArray(
						frameworkCriterion.id,
						review.criteria.map((c) => c.id)
					)
				)
			)
			.limit(1);
		expect(
			await saveAgreedRating(as.lead, review.reviewId, added!.id, 0, {
				rating: 2,
				rationale: 'Added after the check'
			})
		).toMatchObject({ ok: true, version: 1 });
		version = (await leadPage(review.reviewId)).version;
		expect(await finaliseReport(as.lead, review.reviewId, version)).toEqual(notChecked);

		version = await checkedByHost(review.reviewId);
		expect(await finaliseReport(as.lead, review.reviewId, version)).toEqual({ ok: true });
		const final = (await finalReport(as.lead, review.reviewId))!;
		expect(final.sections.flatMap((s) => s.ratings).map((r) => r.criterionId)).toContain(added!.id);
	});
});

describe('the report as a PDF', () => {
	it('has the host, reviewers, the strengths and every agreed rating', async () => {
		const review = await reviewInReport('PDF round');
		await finalise(review);
		const report = (await finalReport(as.admin, review.reviewId))!;
		const pdf = await reviewPdf(report, new Date('2026-11-23T17:05:00Z'));
		expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const text = await pdfText(pdf);
		expect(text).toContain('Oakfield Primary School');
		expect(text).toContain('PDF round');
		expect(text).toContain('Ruth Okafor (lead), Willowbrook Primary School');
		expect(text).toContain(STRENGTHS);
		expect(text).toContain('Train teaching assistants in precision teaching');
		expect(text).toContain('All accurate.');
		for (const c of review.criteria) {
			expect(text).toContain(c.code);
			expect(text).toContain(`Agreed rationale for ${c.code}`);
		}
		for (const level of ['Established', 'Emerging', 'Embedded']) expect(text).toContain(level);
		expect(text).toMatch(/Page 1 of \d+/);
		const response = reviewPdfResponse({ ...report, roundName: 'PDF round / 2026' }, pdf);
		expect(response.headers.get('Content-Disposition')).toBe(
			'attachment; filename="oakfield-primary-school-pdf-round-2026-peer-review-report.pdf"'
		);
		expect(response.headers.get('Cache-Control')).toBe('private, no-store');
	});

	it('is open to whoever may read the final report, and to nobody else', async () => {
		const review = await reviewInReport('PDF readers');
		await finalise(review);
		for (const who of ['lead', 'second', 'head', 'senco', 'admin'] as const)
			expect((await finalReport(as[who], review.reviewId))?.reviewId).toBe(review.reviewId);
		expect(await finalReport(as.staff, review.reviewId)).toBeUndefined();
		expect(await finalReport(as.board, review.reviewId)).toBeUndefined();
		expect(await finalReport(as.otherTenant, review.reviewId)).toBeUndefined();
	});
});

describe('sharing the final report with the area board', () => {
	let review: ReportReview;
	let boardScope: (boardId: string) => Scope;
	beforeAll(async () => {
		review = await reviewInReport('Board sharing');
		boardScope = (boardId) => ({
			...as.board,
			membership: { ...as.board.membership, organisationId: boardId }
		});
	});

	it('cannot share a report that is not final', async () => {
		const { version } = (await reportPage(as.lead, review.reviewId))!;
		expect(await setBoardSharing(as.head, review.reviewId, version, true)).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'report'
		});
	});

	it('is the headteacher’s choice, version-checked and audited', async () => {
		await finalise(review);
		const page = (await reportPage(as.head, review.reviewId))!;
		expect(page.may.share).toBe(true);
		expect((await reportPage(as.senco, review.reviewId))!.may.share).toBe(false);
		expect(await setBoardSharing(as.senco, review.reviewId, page.version, true)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await setBoardSharing(as.lead, review.reviewId, page.version, true)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await setBoardSharing(as.head, review.reviewId, page.version - 1, true)).toEqual({
			ok: false,
			reason: 'stale'
		});
		expect(await boardReport(as.board, review.reviewId)).toBeUndefined();
		expect((await boardReports(as.board, 1))!.rows.map((r) => r.id)).not.toContain(review.reviewId);
		expect(await setBoardSharing(as.head, review.reviewId, page.version, true)).toEqual({
			ok: true
		});
		expect((await reportPage(as.head, review.reviewId))!.boardSharing).toBe(true);
		expect(await latestAudit(as.admin, 'peer-review.board_sharing_changed')).toMatchObject({
			actorEmail: 'head@kent.test',
			detail: { comment: 'Shared with the area board' }
		});
	});

	it('lets the South board (which covers Ashford) read it, without individual ratings', async () => {
		const list = (await boardReports(as.board, 1))!;
		expect(list.rows.find((r) => r.id === review.reviewId)).toMatchObject({
			hostName: 'Oakfield Primary School',
			roundName: 'Board sharing',
			cycleName: '2025/26'
		});
		const report = (await boardReport(as.board, review.reviewId))!;
		expect(report.strengths).toBe(STRENGTHS);
		expect(report.sections.flatMap((s) => s.ratings.map((r) => r.code))).toEqual(
			review.criteria.map((c) => c.code)
		);
		expect(Object.keys(report)).not.toContain('evidence');
		const pdf = await pdfText(await reviewPdf(report));
		expect(pdf).toContain(STRENGTHS);
	});

	it('is not found by a board whose scope leaves Oakfield out', async () => {
		const { district } = await structureOptions(as.admin);
		const canterbury = district.find((d) => d.label === 'Canterbury')!.value;
		const east = await createBoard(as.admin, {
			name: 'Canterbury Heads',
			scope: 'districts',
			districtIds: [canterbury],
			settingType: ''
		});
		const special = await createBoard(as.admin, {
			name: 'Special Schools Forum',
			scope: 'setting_type',
			districtIds: [],
			settingType: 'special'
		});
		const mainstream = await createBoard(as.admin, {
			name: 'Mainstream Forum',
			scope: 'setting_type',
			districtIds: [],
			settingType: 'mainstream'
		});
		if (!east.ok || !special.ok || !mainstream.ok) throw new Error('could not add boards');
		for (const outside of [east.id, special.id]) {
			expect(await boardReport(boardScope(outside), review.reviewId)).toBeUndefined();
			expect((await boardReports(boardScope(outside), 1))!.total).toBe(0);
		}
		expect((await boardReport(boardScope(mainstream.id), review.reviewId))?.reviewId).toBe(
			review.reviewId
		);
	});

	it('is not found by other people, another tenant, or once sharing stops', async () => {
		for (const who of ['lead', 'head', 'admin', 'otherTenant'] as const) {
			expect(await boardReport(as[who], review.reviewId)).toBeUndefined();
			expect(await boardReports(as[who], 1)).toBeUndefined();
		}
		expect(await boardReport(as.board, 'not-an-id')).toBeUndefined();
		const { version } = (await reportPage(as.head, review.reviewId))!;
		expect(await setBoardSharing(as.head, review.reviewId, version, false)).toEqual({ ok: true });
		expect(await boardReport(as.board, review.reviewId)).toBeUndefined();
	});
});

describe('the action plan and the follow-up visit', () => {
	let review: ReportReview;
	const action = (over: Partial<ActionInput> = {}): ActionInput => ({
		action: 'Train teaching assistants in precision teaching',
		criterionIds: [],
		owner: 'Sam Patel',
		dueDate: fromToday(30),
		status: 'not_started',
		impact: '',
		...over
	});

	beforeAll(async () => {
		review = await reviewInReport('Action plan');
	});

	it('opens only once the report is final', async () => {
		expect(await actionPlan(as.senco, review.reviewId)).toBeUndefined();
		expect(await addAction(as.senco, review.reviewId, action())).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'report'
		});
		await finalise(review);
		expect((await actionPlan(as.senco, review.reviewId))!.actions).toEqual([]);
	});

	it('suggests actions from the areas for development', async () => {
		const plan = (await actionPlan(as.head, review.reviewId))!;
		expect(plan.suggestions).toEqual([
			'Train teaching assistants in precision teaching',
			'Review how pupil voice shapes each pupil’s support plan',
			'Governors should hear from the SENCO each term.'
		]);
		expect((await actionPlan(as.second, review.reviewId))!.suggestions).toEqual([]);
	});

	it('validates an action: its length, date, and evidence of impact when done', () => {
		const form = (over: Record<string, unknown>) =>
			actionSchema.safeParse({ version: 0, ...action(), ...over });
		const problems = (over: Record<string, unknown>) => {
			const result = form(over);
			return result.success ? {} : result.error.flatten().fieldErrors;
		};
		expect(form({}).success).toBe(true);
		expect(problems({ status: 'done' })).toEqual({
			impact: ['Describe the evidence of impact before marking the action done']
		});
		expect(problems({ action: '  ' }).action).toEqual(['Describe the action']);
		expect(problems({ action: 'x'.repeat(1001) }).action).toEqual([
			'The action must be 1,000 characters or fewer'
		]);
		expect(problems({ owner: '' }).owner).toEqual(['Enter who owns the action']);
		expect(problems({ dueDate: '31/06/2027' }).dueDate).toHaveLength(1);
		expect(problems({ criterionIds: ['nope'] }).criterionIds).toEqual([
			'Choose criteria from the list'
		]);
		expect(problems({ status: 'finished' }).status).toHaveLength(1);
		expect(
			followUpRecordSchema.safeParse({ version: 1, doneOn: fromToday(1), notes: '' }).success
		).toBe(false);
		expect(followUpRecordSchema.safeParse({ version: 1, doneOn: today(), notes: '' }).success).toBe(
			true
		);
	});

	it('links only criteria of the framework version the host evaluated against', async () => {
		const [otherFramework] = await db.handle.db
			.select({ id: frameworkCriterion.id })
			.from(frameworkCriterion)
			.innerJoin(frameworkVersion, eq(frameworkVersion.id, frameworkCriterion.versionId))
			.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
			.where(and(eq(framework.key, 'catie'), eq(frameworkCriterion.tenantId, as.admin.tenantId)));
		for (const criterionIds of [[otherFramework!.id], ['00000000-0000-4000-8000-000000000000']])
			expect(await addAction(as.senco, review.reviewId, action({ criterionIds }))).toEqual({
				ok: false,
				reason: 'invalid',
				field: 'criterionIds',
				message: 'Choose criteria from the framework your self-evaluation used'
			});
		const editor = (await actionEditor(as.senco, review.reviewId, null))!;
		const codes = editor.sections.flatMap((s) => s.criteria.map((c) => c.code));
		expect(codes).toEqual(expect.arrayContaining(review.criteria.map((c) => c.code)));
	});

	it('is the host’s to keep; reviewers and the LA only read it', async () => {
		for (const who of ['lead', 'second', 'admin'] as const) {
			expect(await addAction(as[who], review.reviewId, action())).toEqual({
				ok: false,
				reason: 'forbidden'
			});
			expect((await actionPlan(as[who], review.reviewId))!.mayEdit).toBe(false);
		}
		expect(await addAction(as.staff, review.reviewId, action())).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	let overdueId = '';
	it('counts an action overdue once its date has passed and it is not done', async () => {
		const linked = [review.criteria[0]!.id, review.criteria[2]!.id];
		const added = await Promise.all([
			addAction(
				as.senco,
				review.reviewId,
				action({ dueDate: fromToday(-5), criterionIds: linked })
			),
			addAction(as.head, review.reviewId, action({ action: 'Due later', dueDate: fromToday(10) })),
			addAction(
				as.senco,
				review.reviewId,
				action({ action: 'Done late', dueDate: fromToday(-9), status: 'done', impact: 'Better' })
			),
			addAction(
				as.senco,
				review.reviewId,
				action({ action: 'Due today', dueDate: today(), status: 'in_progress' })
			)
		]);
		expect(added.every((a) => a.ok)).toBe(true);
		overdueId = (added[0] as { id: string }).id;
		const plan = (await actionPlan(as.admin, review.reviewId))!;
		expect(plan.overdueCount).toBe(1);
		const overdue = plan.actions.find((a) => a.id === overdueId)!;
		expect(overdue).toMatchObject({ overdue: true, daysOverdue: 5 });
		expect(overdue.criteria.map((c) => c.code)).toEqual([
			review.criteria[0]!.code,
			review.criteria[2]!.code
		]);
		expect(plan.actions.filter((a) => a.id !== overdueId).every((a) => !a.overdue)).toBe(true);
		expect(await latestAudit(as.admin, 'peer-review.action-added')).toMatchObject({
			subject: 'Oakfield Primary School, Action plan'
		});
	});

	it('lists overdue actions across the tenant for the LA, by round', async () => {
		const all = (await overdueAcrossTenant(as.admin, { roundId: '', page: 1 }))!;
		const row = all.rows.find((r) => r.id === overdueId)!;
		expect(row).toMatchObject({
			reviewId: review.reviewId,
			hostName: 'Oakfield Primary School',
			roundName: 'Action plan',
			owner: 'Sam Patel',
			dueDate: fromToday(-5),
			daysOverdue: 5
		});
		expect(all.rows.map((r) => r.id)).not.toContain(
			(await actionPlan(as.admin, review.reviewId))!.actions.find((a) => a.action === 'Done late')!
				.id
		);
		expect(all.rounds.map((r) => r.name)).toContain('Action plan');
		const thisRound = (await overdueAcrossTenant(as.admin, { roundId: review.roundId, page: 1 }))!;
		expect(thisRound.total).toBe(1);
		const other = all.rounds.find((r) => r.name === 'Report stages')!;
		const otherRound = (await overdueAcrossTenant(as.admin, { roundId: other.id, page: 1 }))!;
		expect(otherRound).toMatchObject({ total: 0, rows: [], followUps: [] });
		expect(await overdueAcrossTenant(as.senco, { roundId: '', page: 1 })).toBeUndefined();
		const northbury = (await overdueAcrossTenant(as.otherTenant, { roundId: '', page: 1 }))!;
		expect(northbury.total).toBe(0);
		expect(northbury.rounds).toEqual([]);
	});

	it('refuses a stale change and shows what is saved', async () => {
		const plan = (await actionPlan(as.senco, review.reviewId))!;
		const row = plan.actions.find((a) => a.id === overdueId)!;
		const changed = await updateAction(
			as.senco,
			review.reviewId,
			overdueId,
			row.version,
			action({ dueDate: row.dueDate, status: 'in_progress', owner: 'Helen Carter' })
		);
		expect(changed).toEqual({ ok: true, id: overdueId });
		const stale = await updateAction(
			as.head,
			review.reviewId,
			overdueId,
			row.version,
			action({ dueDate: row.dueDate, owner: 'Someone' })
		);
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			version: row.version + 1,
			current: { owner: 'Helen Carter', status: 'in_progress' }
		});
		expect(await latestAudit(as.admin, 'peer-review.action-changed')).toMatchObject({
			detail: { before: { owner: 'Sam Patel' }, after: { owner: 'Helen Carter' } }
		});
	});

	it('is no longer overdue once done, and removal takes the action away', async () => {
		const before = (await actionPlan(as.senco, review.reviewId))!;
		const row = before.actions.find((a) => a.id === overdueId)!;
		expect(
			await updateAction(
				as.senco,
				review.reviewId,
				overdueId,
				row.version,
				action({ dueDate: row.dueDate, status: 'done', impact: 'Reading ages rose' })
			)
		).toEqual({ ok: true, id: overdueId });
		expect((await actionPlan(as.senco, review.reviewId))!.overdueCount).toBe(0);
		const later = before.actions.find((a) => a.action === 'Due later')!;
		expect(await removeAction(as.second, review.reviewId, later.id)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await removeAction(as.senco, review.reviewId, later.id)).toEqual({ ok: true });
		expect(await removeAction(as.senco, review.reviewId, later.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		const after = (await actionPlan(as.senco, review.reviewId))!;
		expect(after.actions.map((a) => a.id)).not.toContain(later.id);
		expect(await latestAudit(as.admin, 'peer-review.action-removed')).toMatchObject({
			detail: { before: { action: 'Due later' } }
		});
	});

	it('schedules the follow-up visit, then records it once it has happened', async () => {
		let { version } = (await actionPlan(as.senco, review.reviewId))!;
		const visit = { doneOn: fromToday(-1), notes: 'Saw the new plans in use.' };
		expect(await recordFollowUp(as.senco, review.reviewId, version, visit)).toEqual({
			ok: false,
			reason: 'not-scheduled'
		});
		expect(await scheduleFollowUp(as.second, review.reviewId, version, fromToday(-3))).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await scheduleFollowUp(as.head, review.reviewId, version, fromToday(-3))).toEqual({
			ok: true
		});
		expect(await scheduleFollowUp(as.head, review.reviewId, version, fromToday(4))).toEqual({
			ok: false,
			reason: 'stale'
		});
		const plan = (await actionPlan(as.admin, review.reviewId))!;
		expect(plan.followUp).toMatchObject({ date: fromToday(-3), doneOn: null, overdue: true });
		const late = (await overdueAcrossTenant(as.admin, { roundId: review.roundId, page: 1 }))!;
		expect(late.followUps).toEqual([
			{
				reviewId: review.reviewId,
				hostName: 'Oakfield Primary School',
				roundName: 'Action plan',
				date: fromToday(-3),
				daysOverdue: 3
			}
		]);

		version = plan.version;
		expect(
			await recordFollowUp(as.senco, review.reviewId, version, { ...visit, doneOn: fromToday(1) })
		).toEqual({ ok: false, reason: 'in-future' });
		expect(await recordFollowUp(as.senco, review.reviewId, version, visit)).toEqual({ ok: true });
		expect(await recordFollowUp(as.senco, review.reviewId, version + 1, visit)).toEqual({
			ok: false,
			reason: 'already-recorded'
		});
		const done = (await actionPlan(as.lead, review.reviewId))!;
		expect(done.followUp).toMatchObject({
			doneOn: fromToday(-1),
			notes: 'Saw the new plans in use.',
			overdue: false
		});
		expect(
			(await overdueAcrossTenant(as.admin, { roundId: review.roundId, page: 1 }))!.followUps
		).toEqual([]);
		expect(await latestAudit(as.admin, 'peer-review.follow_up_recorded')).toMatchObject({
			actorEmail: 'senco@kent.test'
		});
		expect(await latestAudit(as.admin, 'peer-review.follow-up-scheduled')).toMatchObject({
			detail: { before: null, after: fromToday(-3) }
		});
	});
});

describe('another tenant', () => {
	it('finds none of the review, its report or its actions', async () => {
		const review = await reviewInReport('Isolation');
		await finalise(review);
		const added = await addAction(as.senco, review.reviewId, {
			action: 'Kent only',
			criterionIds: [],
			owner: 'Sam Patel',
			dueDate: fromToday(-2),
			status: 'not_started',
			impact: ''
		});
		if (!added.ok) throw new Error('could not add');
		const other = as.otherTenant;
		const notFound = { ok: false, reason: 'not-found' };
		expect(await reportPage(other, review.reviewId)).toBeUndefined();
		expect(await finalReport(other, review.reviewId)).toBeUndefined();
		expect(await actionPlan(other, review.reviewId)).toBeUndefined();
		expect(await actionEditor(other, review.reviewId, added.id)).toBeUndefined();
		const text = { reportContext: '', strengths: 'x', areasForDevelopment: 'y' };
		expect(await saveReport(other, review.reviewId, 1, text)).toEqual(notFound);
		expect(await setBoardSharing(other, review.reviewId, 1, true)).toEqual(notFound);
		expect(
			await updateAction(other, review.reviewId, added.id, 1, {
				action: 'x',
				criterionIds: [],
				owner: 'x',
				dueDate: today(),
				status: 'not_started',
				impact: ''
			})
		).toEqual(notFound);
		expect(await removeAction(other, review.reviewId, added.id)).toEqual(notFound);
		expect(await scheduleFollowUp(other, review.reviewId, 1, today())).toEqual(notFound);
		// The same ids from the right tenant but the wrong review are not found either.
		const elsewhere = await reviewInReport('Isolation elsewhere');
		await finalise(elsewhere);
		expect(await actionEditor(as.senco, elsewhere.reviewId, added.id)).toBeUndefined();
		expect(await removeAction(as.senco, elsewhere.reviewId, added.id)).toEqual(notFound);
		const kept = (await actionPlan(as.senco, review.reviewId))!;
		expect(kept.actions.map((a) => a.id)).toEqual([added.id]);
	});
});
