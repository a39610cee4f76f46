import { and, eq, sql } from 'drizzle-orm';
import { compareRatings } from '../../src/lib/domain/calibration';
import {
	VISIT_ACTIVITIES,
	type ActionStatus,
	type ReviewEvent
} from '../../src/lib/domain/peer-review';
import {
	agreedRating,
	lineOfEnquiry,
	peerReview,
	reviewAction,
	reviewerRating,
	reviewEvent,
	reviewReviewer,
	reviewRound,
	reviewRoundSetting,
	visitEvidence
} from '../../src/lib/server/db/schema';
import type { Tx } from '../../src/lib/server/db/tenant';
import {
	ACTION_IMPACTS,
	areasForDevelopment,
	EARLY_YEARS_VOICE,
	enquiry,
	FOLLOW_UP_NOTES,
	HOST_COMMENTS,
	OWNERS,
	priorities,
	RATIONALES,
	reportContext,
	REVIEW_ACTIONS,
	SCHOOL_VOICE,
	strengths,
	visitActivities,
	visitNote,
	visitPeople
} from '../prose';
import type { Random } from '../random';
import {
	isEarlyYears,
	type BenchEvaluation,
	type BenchSetting,
	type County,
	type Reviewer,
	type SettingKind
} from './county';
import { addDays, at, dayOf, insertRows, secondsSince, thousands, TODAY } from './write';

const DESCRIPTIONS: Record<SettingKind, string> = {
	primary: 'a primary school',
	secondary: 'a secondary school',
	special: 'a special school',
	pru: 'a pupil referral unit',
	earlyYears: 'an early years setting'
};

/** Every row a review leaves behind, gathered for a round so each table is written at once. */
class RoundRows {
	reviews: (typeof peerReview.$inferInsert)[] = [];
	reviewers: (typeof reviewReviewer.$inferInsert)[] = [];
	enquiries: (typeof lineOfEnquiry.$inferInsert)[] = [];
	evidence: (typeof visitEvidence.$inferInsert)[] = [];
	ratings: (typeof reviewerRating.$inferInsert)[] = [];
	agreed: (typeof agreedRating.$inferInsert)[] = [];
	actions: (typeof reviewAction.$inferInsert)[] = [];
	events: (typeof reviewEvent.$inferInsert)[] = [];

	async write(tx: Tx) {
		await insertRows(tx, peerReview, this.reviews);
		await insertRows(tx, reviewReviewer, this.reviewers);
		await insertRows(tx, lineOfEnquiry, this.enquiries);
		await insertRows(tx, visitEvidence, this.evidence);
		await insertRows(tx, reviewerRating, this.ratings);
		await insertRows(tx, agreedRating, this.agreed);
		await insertRows(tx, reviewAction, this.actions);
		await insertRows(tx, reviewEvent, this.events);
	}
}

/** What one review is about: its host, the evaluation shared, its people and visit days. */
interface ReviewPlan {
	tenantId: string;
	reviewId: string;
	host: BenchSetting;
	evaluation: BenchEvaluation;
	lead: Reviewer;
	second: Reviewer;
	visit: { start: string; end: string };
}

/** Two reviewers from the register, neither reviewing from the host. */
function pickReviewers(r: Random, pool: readonly Reviewer[], host: BenchSetting) {
	const [lead, second] = r.sample(
		pool.filter((p) => p.settingId !== host.id),
		2
	);
	if (!lead || !second) throw new Error('The register has too few reviewers for a review');
	return { lead, second };
}

/** The host's roll, and how many of its pupils are at SEN support and have EHC plans. */
function profileOf(r: Random, host: BenchSetting) {
	const { roll } = host;
	const special = host.kind === 'special';
	const ehcp = special
		? Math.round(roll * 0.95)
		: Math.max(0, Math.round(roll * r.int(1, 4) * 0.01));
	return {
		roll,
		senSupport: special ? roll - ehcp : Math.round(roll * r.int(9, 17) * 0.01),
		ehcp
	};
}

/**
 * Stages 3 and 4 of a review: its reviewers, lines of enquiry, evidence log, both reviewers'
 * ratings of every criterion, and agreed ratings for the first `agreedShare` of them.
 */
function writeVisit(
	r: Random,
	rows: RoundRows,
	county: County,
	plan: ReviewPlan,
	agreedShare: number
) {
	const { tenantId, reviewId, lead, second, visit } = plan;
	const voice = isEarlyYears(plan.host) ? EARLY_YEARS_VOICE : SCHOOL_VOICE;
	const criteria = county.frameworks[plan.host.settingType].criteria;
	const someCriteria = (n: number) => r.sample(criteria, n).map((c) => c.id);
	rows.reviewers.push(
		{ tenantId, id: r.uuid(), reviewId, ...lead, isLead: true },
		{ tenantId, id: r.uuid(), reviewId, ...second, isLead: false }
	);
	const enquiries = r.int(3, 5);
	for (let j = 0; j < enquiries; j++) {
		rows.enquiries.push({
			tenantId,
			id: r.uuid(),
			reviewId,
			question: enquiry(r, voice),
			criterionIds: someCriteria(r.int(1, 3)),
			authorId: j % 2 === 0 ? lead.userId : second.userId,
			createdAt: at(visit.start, '10:00', -7)
		});
	}
	const entries = r.int(8, 15);
	for (let j = 0; j < entries; j++) {
		const on = j < entries / 2 ? visit.start : visit.end;
		rows.evidence.push({
			tenantId,
			id: r.uuid(),
			reviewId,
			authorId: j % 2 === 0 ? lead.userId : second.userId,
			activity: r.pick(VISIT_ACTIVITIES),
			happenedOn: on,
			notes: visitNote(r, voice),
			criterionIds: someCriteria(r.int(0, 3)),
			createdAt: at(on, '15:30')
		});
	}
	// Agreed mostly as the host rated itself, lower a little more often than higher; the
	// second reviewer kept to the host's rating now and then, so moderation had work to do.
	const top = county.frameworks[plan.host.settingType].scale.length;
	criteria.forEach((c, i) => {
		const self = plan.evaluation.ratings[i]!;
		const agreed = Math.min(
			top,
			Math.max(
				1,
				self +
					r.weighted([
						[0, 70],
						[-1, 20],
						[1, 10]
					])
			)
		);
		const seconded = r.chance(0.25) ? self : agreed;
		const rating = (reviewerId: string, level: number) => ({
			tenantId,
			id: r.uuid(),
			reviewId,
			criterionId: c.id,
			reviewerId,
			rating: level,
			rationale: r.pick(RATIONALES[compareRatings(self, level)]),
			updatedAt: at(visit.end, '17:00')
		});
		rows.ratings.push(rating(lead.userId, agreed), rating(second.userId, seconded));
		if (i / criteria.length < agreedShare) {
			rows.agreed.push({
				tenantId,
				id: r.uuid(),
				reviewId,
				criterionId: c.id,
				rating: agreed,
				rationale: `Agreed at moderation. ${r.pick(RATIONALES[compareRatings(self, agreed)])}`,
				agreedBy: lead.userId,
				updatedAt: at(visit.end, '17:00', 2)
			});
		}
	});
	return { voice, someCriteria };
}

/** A review of a closed cycle taken through all six stages and finalised. */
function finalisedReview(
	r: Random,
	rows: RoundRows,
	county: County,
	plan: ReviewPlan,
	roundId: string
) {
	const { tenantId, reviewId, host, lead, visit } = plan;
	const { voice, someCriteria } = writeVisit(r, rows, county, plan, 1);
	const profile = profileOf(r, host);
	const checkedOn = addDays(visit.end, r.int(12, 20));
	const finalisedAt = at(addDays(checkedOn, r.int(3, 10)), '16:00');
	const finalisedOn = dayOf(finalisedAt);
	const followUpDate = addDays(finalisedOn, r.int(120, 200));
	const followedUp = followUpDate <= TODAY && r.chance(0.8);
	const boardSharing = r.chance(0.5);
	const hostPerson = host.headId ?? host.sencoId;
	rows.reviews.push({
		tenantId,
		id: reviewId,
		roundId,
		hostSettingId: host.id,
		// Finalised once its work is written: a finalised review's work is closed to writes.
		stage: 'report',
		evaluationId: plan.evaluation.id,
		...profile,
		priorities: priorities(r, voice),
		visitStart: visit.start,
		visitEnd: visit.end,
		visitActivities: visitActivities(r, voice),
		visitPeople: visitPeople(r),
		reportContext: reportContext(r, voice, { description: DESCRIPTIONS[host.kind], ...profile }),
		strengths: strengths(r, voice),
		areasForDevelopment: areasForDevelopment(r),
		hostComment: r.pick(HOST_COMMENTS),
		hostCheckedAt: at(checkedOn, '10:00'),
		boardSharing,
		followUpDate,
		followUpDoneOn: followedUp ? followUpDate : null,
		followUpNotes: followedUp ? r.pick(FOLLOW_UP_NOTES) : '',
		version: 12,
		createdAt: at(visit.start, '09:00', -60),
		updatedAt: finalisedAt
	});
	const actions = r.sample(REVIEW_ACTIONS, r.int(3, 6));
	for (const action of actions) {
		const dueDate = addDays(finalisedOn, r.int(30, 330));
		const status: ActionStatus =
			dueDate < TODAY
				? r.weighted([
						['done', 60],
						['in_progress', 30],
						['not_started', 10]
					])
				: r.weighted([
						['not_started', 50],
						['in_progress', 40],
						['done', 10]
					]);
		const written = at(finalisedOn, '09:00', 5);
		rows.actions.push({
			tenantId,
			id: r.uuid(),
			reviewId,
			action,
			criterionIds: someCriteria(r.int(1, 2)),
			owner: r.pick(OWNERS),
			dueDate,
			status,
			impact: status === 'done' ? r.pick(ACTION_IMPACTS) : '',
			// Marking an action in progress or done saved it a second time.
			version: status === 'not_started' ? 1 : 2,
			createdAt: written,
			updatedAt: written
		});
	}
	const trail: [ReviewEvent, string, Date][] = [
		['shared', hostPerson, at(dayOf(plan.evaluation.signedOffAt!), '09:00', r.int(3, 10))],
		['visit_started', lead.userId, at(visit.start, '08:30')],
		['report_started', lead.userId, at(visit.end, '09:00', 2)],
		['sent_for_check', lead.userId, at(visit.end, '16:00', 7)],
		['host_checked', hostPerson, at(checkedOn, '10:00')],
		['finalised', lead.userId, finalisedAt]
	];
	if (boardSharing) trail.push(['board_sharing_changed', hostPerson, at(finalisedOn, '12:00', 1)]);
	if (followedUp) trail.push(['follow_up_recorded', lead.userId, at(followUpDate, '15:00')]);
	for (const [action, actorId, when] of trail) {
		rows.events.push({ tenantId, id: r.uuid(), reviewId, action, actorId, at: when });
	}
}

/** A confirmed round of a cycle and the settings taking part, placed in groups of four. */
async function writeRound(
	tx: Tx,
	r: Random,
	county: County,
	cycleIndex: number,
	hosts: BenchSetting[]
) {
	const { tenantId } = county;
	const cycle = county.cycles[cycleIndex]!;
	const year = Number(cycle.name.slice(0, 4));
	const confirmedAt = at(`${year}-${cycle.open ? '10-12' : '11-10'}`, '10:00');
	const roundId = r.uuid();
	await insertRows(tx, reviewRound, [
		{
			tenantId,
			id: roundId,
			cycleId: cycle.id,
			name: `Peer review ${cycle.name}`,
			groupShape: 'clusters',
			clusterSize: 4,
			status: 'confirmed',
			confirmedAt,
			version: 4,
			createdAt: at(`${year}-${cycle.open ? '10-01' : '11-01'}`, '10:00'),
			updatedAt: confirmedAt
		}
	]);
	await insertRows(
		tx,
		reviewRoundSetting,
		hosts.map((h, i) => ({
			tenantId,
			id: r.uuid(),
			roundId,
			settingId: h.id,
			groupNumber: Math.floor(i / 4) + 1
		}))
	);
	return roundId;
}

/** A closed cycle's round: every host's review finalised, in its cycle's spring. */
async function writeFinalisedRound(tx: Tx, r: Random, county: County, c: number) {
	const hosts = county.reviewHosts[c]!;
	const year = Number(county.cycles[c]!.deadline.slice(0, 4));
	const pool = county.reviewers.slice(1);
	const roundId = await writeRound(tx, r, county, c, hosts);
	const rows = new RoundRows();
	for (const host of hosts) {
		const start = addDays(`${year}-02-20`, r.int(0, 60));
		const plan: ReviewPlan = {
			tenantId: county.tenantId,
			reviewId: r.uuid(),
			host,
			evaluation: county.evaluations[c]!.get(host.id)!,
			...pickReviewers(r, pool, host),
			visit: { start, end: addDays(start, r.int(0, 1)) }
		};
		finalisedReview(r, rows, county, plan, roundId);
	}
	await rows.write(tx);
	await tx
		.update(peerReview)
		.set({ stage: 'finalised', finalisedAt: sql`${peerReview.updatedAt}` })
		.where(and(eq(peerReview.tenantId, county.tenantId), eq(peerReview.roundId, roundId)));
	return hosts.length;
}

/**
 * The open cycle's review at its visit: led by reviewer@ with a second reviewer from the
 * register, both having rated every criterion, about half of them agreed so far.
 */
async function writeVisitReview(tx: Tx, r: Random, county: County) {
	const { tenantId, visitHost: host } = county;
	const open = county.cycles.findIndex((c) => c.open);
	const roundId = await writeRound(tx, r, county, open, [host]);
	const lead = county.reviewers[0]!;
	const [second] = r.sample(
		county.reviewers
			.slice(1)
			.filter((p) => p.settingId !== host.id && p.settingId !== lead.settingId),
		1
	);
	if (!second) throw new Error('The register has too few reviewers for the visit');
	const evaluation = county.evaluations[open]!.get(host.id)!;
	const reviewId = r.uuid();
	const visit = { start: '2026-11-24', end: '2026-11-25' };
	const rows = new RoundRows();
	const voice = isEarlyYears(host) ? EARLY_YEARS_VOICE : SCHOOL_VOICE;
	rows.reviews.push({
		tenantId,
		id: reviewId,
		roundId,
		hostSettingId: host.id,
		stage: 'visit',
		evaluationId: evaluation.id,
		...profileOf(r, host),
		priorities: priorities(r, voice),
		visitStart: visit.start,
		visitEnd: visit.end,
		visitActivities: visitActivities(r, voice),
		visitPeople: visitPeople(r),
		version: 6,
		createdAt: at('2026-10-12', '10:00'),
		updatedAt: at(visit.start, '08:30')
	});
	writeVisit(r, rows, county, { tenantId, reviewId, host, evaluation, lead, second, visit }, 0.5);
	const trail: [ReviewEvent, string, Date][] = [
		['shared', host.headId ?? host.sencoId, at(dayOf(evaluation.signedOffAt!), '09:00', 3)],
		['visit_started', lead.userId, at(visit.start, '08:30')]
	];
	for (const [action, actorId, when] of trail) {
		rows.events.push({ tenantId, id: r.uuid(), reviewId, action, actorId, at: when });
	}
	await rows.write(tx);
}

/** Each closed cycle's round of finalised peer reviews, and the open cycle's review at its visit. */
export async function writeReviews(tx: Tx, county: County, log: (line: string) => void) {
	const started = performance.now();
	const r = county.random.fork('reviews');
	let finalised = 0;
	for (const c of county.reviewHosts.keys())
		finalised += await writeFinalisedRound(tx, r, county, c);
	await writeVisitReview(tx, r, county);
	log(
		`peer reviews: ${thousands(finalised)} finalised and 1 at its visit in ${secondsSince(started)}`
	);
}
