import { and, asc, eq } from 'drizzle-orm';
import { compareRatings } from '../../../domain/calibration';
import type { ActionStatus, VisitActivity } from '../../../domain/peer-review';
import {
	agreedRating,
	frameworkCriterion,
	frameworkSection,
	judgement,
	lineOfEnquiry,
	peerReview,
	reviewAction,
	reviewerRating,
	reviewEvent,
	reviewReviewer,
	reviewRound,
	reviewRoundSetting,
	selfEvaluation,
	visitEvidence
} from '../schema';
import type { Tx } from '../tenant';

/** A demo peer reviewer: the person, and the setting they review from. */
export interface DemoReviewer {
	userId: string;
	settingId: string;
}

type Who = 'lead' | 'second';

/** One finalised review of the demo: everything its six stages left behind. */
interface DemoReview {
	host: string;
	/** Which of the two demo reviewers leads; the other reviews with them. */
	lead: 'grace' | 'sam';
	profile: { roll: number; senSupport: number; ehcp: number; priorities: string };
	visit: { start: string; end: string; activities: string; people: string };
	/** The sections whose criteria the reviewers rated and agreed. */
	sections: string[];
	enquiries: [question: string, codes: string[]][];
	evidence: [activity: VisitActivity, on: string, notes: string, codes: string[], by: Who][];
	report: {
		context: string;
		strengths: string;
		areas: string;
		hostComment: string;
		checkedOn: string;
		finalisedOn: string;
	};
	boardSharing: boolean;
	actions: [
		action: string,
		codes: string[],
		owner: string,
		due: string,
		status: ActionStatus,
		impact: string
	][];
	followUp: { date: string; doneOn: string | null; notes: string };
}

/**
 * Last year's round in the South area, finalised before the summer: five hosts reviewed by
 * Sam Patel (Oakfield) and Grace Lin (Cliffside), neither ever from the host. Two heads let
 * the area board read the report. Hosts signed off their self-evaluations early for it
 * (seed/demo-evaluations.ts).
 */
const SOUTH_ROUND = 'South Kent peer review, spring 2026';
const SOUTH_REVIEWS: DemoReview[] = [
	{
		host: 'Kingsmead High School',
		lead: 'grace',
		profile: {
			roll: 980,
			senSupport: 60,
			ehcp: 14,
			priorities:
				'Consistent adaptive teaching across departments; transition from Year 6 for pupils with EHC plans.'
		},
		visit: {
			start: '2026-03-10',
			end: '2026-03-11',
			activities:
				'Learning walks in English, maths and science (Years 7 to 9); a pupil voice group of eight pupils at SEN support; a review of pupil passports and the provision map.',
			people:
				'The SENCO, two heads of department, the transition lead, parents of pupils with EHC plans and the SEND governor.'
		},
		sections: ['MCS-1', 'MCS-3', 'MCS-4', 'MCS-7', 'MCS-8', 'MCS-11'],
		enquiries: [
			[
				'How do subject teachers use pupil passports when they plan lessons?',
				['MCS-4.2', 'MCS-7.3']
			],
			[
				'How are families of Year 6 pupils with EHC plans involved before their child joins?',
				['MCS-8.2', 'MCS-8.4']
			]
		],
		evidence: [
			[
				'learning_walk',
				'2026-03-10',
				'In eight of eleven lessons tasks were adapted with the strategies in pupil passports; in three the passport had not been read.',
				['MCS-4.2', 'MCS-7.3'],
				'lead'
			],
			[
				'pupil_voice',
				'2026-03-10',
				'Pupils said they are asked about their support plans; two said homework set only out loud is hard to follow.',
				['MCS-1.3', 'MCS-4.2'],
				'second'
			],
			[
				'parent_carer_meeting',
				'2026-03-11',
				'Parents value the summer transition days; two heard the date of their child’s annual review late.',
				['MCS-3.3', 'MCS-8.4'],
				'lead'
			],
			[
				'document_review',
				'2026-03-11',
				'The training log shows whole-staff sessions on autism and literacy this year, with no follow-up in classrooms.',
				['MCS-7.2', 'MCS-7.3'],
				'second'
			]
		],
		report: {
			context:
				'A two-day visit to an 11-16 academy of 980 pupils, 60 at SEN support and 14 with EHC plans. The review looked at work with families, assessment, teaching and learning, staff training, transition and support for social, emotional and mental health.',
			strengths:
				'Transition from primary school is planned early and families value it.\n\nPupils at SEN support know whom to ask for help, and the pastoral team responds quickly.\n\nThe provision map is current and links each intervention to an entry and an exit measure.',
			areas:
				'- Make sure every subject teacher reads and uses pupil passports when planning\n- Give families the date of each annual review at least six weeks ahead\n- Check in lessons that whole-staff training is changing practice',
			hostComment:
				'Accurate. We would add that the passports were relaunched in January, after the autumn data was collected.',
			checkedOn: '2026-03-27',
			finalisedOn: '2026-04-02'
		},
		boardSharing: true,
		actions: [
			[
				'Relaunch pupil passports with a five-minute check at each department meeting',
				['MCS-4.2', 'MCS-7.3'],
				'Head of teaching and learning',
				'2026-06-30',
				'done',
				'Drop-in checks in June found passports in use in 14 of the 16 lessons seen.'
			],
			[
				'Send families the date of each annual review at least six weeks ahead',
				['MCS-3.3'],
				'SENCO',
				'2026-12-18',
				'in_progress',
				''
			],
			[
				'Add classroom follow-up visits to the staff training plan',
				['MCS-7.2'],
				'Deputy headteacher',
				'2027-03-26',
				'not_started',
				''
			]
		],
		followUp: {
			date: '2026-10-14',
			doneOn: '2026-10-14',
			notes:
				'Passports are now part of every department’s planning. Annual review letters go out earlier, though two were still late this term.'
		}
	},
	{
		host: 'Seabrook Junior School',
		lead: 'sam',
		profile: {
			roll: 240,
			senSupport: 22,
			ehcp: 4,
			priorities:
				'Speech, language and communication support in Years 3 and 4; reading interventions for pupils who join below the expected standard.'
		},
		visit: {
			start: '2026-03-17',
			end: '2026-03-17',
			activities:
				'A learning walk in all eight classes; two reading interventions observed; pupil voice with six pupils.',
			people: 'The SENCO, the headteacher, three teaching assistants and four parents.'
		},
		sections: ['MCS-1', 'MCS-2', 'MCS-4', 'MCS-9', 'MCS-10'],
		enquiries: [
			[
				'How quickly are speech and language needs picked up for pupils joining in Year 3?',
				['MCS-9.1', 'MCS-8.2']
			],
			[
				'Do the reading interventions close the gap, and how is that checked?',
				['MCS-10.2', 'MCS-4.5']
			]
		],
		evidence: [
			[
				'learning_walk',
				'2026-03-17',
				'Visual timetables and word banks in every classroom; teaching assistants pre-teach topic vocabulary in Years 3 and 4.',
				['MCS-9.2', 'MCS-4.4'],
				'lead'
			],
			[
				'other',
				'2026-03-17',
				'Two precision teaching sessions observed: well paced, with each pupil’s score recorded at the end.',
				['MCS-10.2', 'MCS-4.5'],
				'second'
			],
			[
				'parent_carer_meeting',
				'2026-03-17',
				'Parents said the school listens and acts; one asked to hear before her son’s support changes rather than after.',
				['MCS-1.2', 'MCS-1.4'],
				'lead'
			]
		],
		report: {
			context:
				'A one-day visit to a junior school of 240 pupils, 22 at SEN support and 4 with EHC plans, looking at work with families, pastoral care, teaching and learning, and additional support for communication and for cognition and learning.',
			strengths:
				'Classrooms throughout the school are communication-friendly.\n\nReading interventions are well run, and each pupil’s progress is recorded after every session.\n\nFamilies describe the school as approachable and quick to act.',
			areas:
				'- Screen the language of every new Year 3 pupil in the first half term\n- Tell families before their child’s support changes, not after',
			hostComment: 'Agreed. The screening tool has been bought and the staff training is booked.',
			checkedOn: '2026-03-30',
			finalisedOn: '2026-04-15'
		},
		boardSharing: true,
		actions: [
			[
				'Screen the language of every new Year 3 pupil by October half term',
				['MCS-9.1'],
				'SENCO',
				'2026-10-23',
				'done',
				'All 61 new pupils screened; nine joined the Talk Boost group.'
			],
			[
				'Write to families before any change to their child’s support',
				['MCS-1.2'],
				'SENCO',
				'2026-11-13',
				'in_progress',
				''
			],
			[
				'Train two more teaching assistants in precision teaching',
				['MCS-10.2', 'MCS-4.4'],
				'Headteacher',
				'2027-02-12',
				'not_started',
				''
			]
		],
		followUp: { date: '2026-12-09', doneOn: null, notes: '' }
	},
	{
		host: 'Castle Hill Infant School',
		lead: 'sam',
		profile: {
			roll: 180,
			senSupport: 14,
			ehcp: 2,
			priorities:
				'Early identification in Reception; an outdoor area and quiet room that a pupil who uses a wheelchair can reach.'
		},
		visit: {
			start: '2026-03-24',
			end: '2026-03-24',
			activities:
				'A learning walk in Reception and Year 1, including the outdoor area; a review of assessment records; a meeting with the site manager.',
			people: 'The SENCO, the Reception lead, the site manager and two parents.'
		},
		sections: ['MCS-3', 'MCS-5', 'MCS-6', 'MCS-9', 'MCS-12'],
		enquiries: [
			[
				'How are the results of the Reception baseline used to identify needs?',
				['MCS-3.1', 'MCS-3.4']
			],
			[
				'What has changed in the building since the accessibility plan was written?',
				['MCS-5.1', 'MCS-5.5']
			]
		],
		evidence: [
			[
				'document_review',
				'2026-03-24',
				'Needs are identified within six weeks of entry, and the plan of every pupil at SEN support is reviewed each term.',
				['MCS-3.1', 'MCS-3.2'],
				'lead'
			],
			[
				'learning_walk',
				'2026-03-24',
				'A ramp now leads to the outdoor area, but the quiet room can only be reached up a step.',
				['MCS-5.2', 'MCS-5.5'],
				'second'
			],
			[
				'learning_walk',
				'2026-03-24',
				'Ear defenders, wobble cushions and writing slopes are in every classroom and used without fuss.',
				['MCS-12.6', 'MCS-6.5'],
				'second'
			]
		],
		report: {
			context:
				'A one-day visit to an infant school of 180 pupils, 14 at SEN support and 2 with EHC plans, looking at assessment, the physical and sensory environment, resources, and additional support for communication and for sensory and physical needs.',
			strengths:
				'Needs are identified early and recorded well.\n\nStaff adapt resources thoughtfully for pupils with sensory needs.',
			areas:
				'- Make the quiet room accessible to every pupil\n- Update the accessibility plan and share it with families',
			hostComment:
				'The ramp to the outdoor area was fitted in January 2026, not December 2025. Otherwise accurate.',
			checkedOn: '2026-04-08',
			finalisedOn: '2026-04-21'
		},
		boardSharing: false,
		actions: [
			[
				'Fit a ramp to the quiet room',
				['MCS-5.2', 'MCS-5.5'],
				'Site manager',
				'2026-08-28',
				'done',
				'Fitted in the summer holiday; the pupil who uses a wheelchair uses the room every day.'
			],
			[
				'Publish the updated accessibility plan and send it to families',
				['MCS-5.1'],
				'Headteacher',
				'2026-09-30',
				'done',
				'Published on 21 September and sent to every family.'
			],
			[
				'Add sensory checks to the termly learning walk',
				['MCS-12.6', 'MCS-5.4'],
				'SENCO',
				'2027-01-29',
				'in_progress',
				''
			]
		],
		followUp: {
			date: '2026-10-21',
			doneOn: '2026-10-21',
			notes: 'Both building changes are made; sensory checks are being tried in Reception first.'
		}
	},
	{
		host: 'Eastwell Vale Primary School',
		lead: 'grace',
		profile: {
			roll: 236,
			senSupport: 31,
			ehcp: 5,
			priorities:
				'A new SENCO since September: rebuilding the SEN register and the records of the graduated approach.'
		},
		visit: {
			start: '2026-03-03',
			end: '2026-03-04',
			activities:
				'Learning walks in every year group; a review of the SEN register and pupil plans; a meeting with the SEND governor.',
			people:
				'The SENCO, the headteacher, the SEND governor, the Year 2 and Year 5 teachers and five parents.'
		},
		sections: ['MCS-1', 'MCS-3', 'MCS-5', 'MCS-7', 'MCS-8', 'MCS-10'],
		enquiries: [
			[
				'Is every pupil on the SEN register at the right stage, with a current plan?',
				['MCS-3.2', 'MCS-3.3']
			],
			['How does the school meet its duties on accessibility?', ['MCS-5.1', 'MCS-5.2']]
		],
		evidence: [
			[
				'document_review',
				'2026-03-03',
				'Twelve of the 31 pupils at SEN support had plans more than a term old; four had no recorded review.',
				['MCS-3.2'],
				'lead'
			],
			[
				'staff_meeting',
				'2026-03-03',
				'Teachers know the new SENCO and how to raise a concern; few have had SEND training in the last two years.',
				['MCS-7.2', 'MCS-7.3'],
				'second'
			],
			[
				'parent_carer_meeting',
				'2026-03-04',
				'Parents are positive about the new SENCO; several were not invited to a review meeting last year.',
				['MCS-1.2', 'MCS-1.4'],
				'lead'
			]
		],
		report: {
			context:
				'A two-day visit to a primary school of 236 pupils, 31 at SEN support and 5 with EHC plans, soon after a change of SENCO. The review looked at work with families, assessment, the environment, staff training, transition and support for cognition and learning.',
			strengths:
				'The new SENCO has a clear picture of what needs to change, and the backing of leaders and governors.\n\nFamilies already report better communication.',
			areas:
				'- Bring every pupil’s plan up to date and review each one termly with the family\n- Write and publish the accessibility plan the law requires\n- Plan SEND training for all staff this year',
			hostComment: 'Accurate. We had already started on the plans; twelve are now up to date.',
			checkedOn: '2026-03-20',
			finalisedOn: '2026-03-27'
		},
		boardSharing: false,
		actions: [
			[
				'Review every SEN support plan with the family',
				['MCS-1.2', 'MCS-3.2'],
				'SENCO',
				'2026-07-17',
				'done',
				'All 31 plans were reviewed with families by the end of the summer term.'
			],
			[
				'Write and publish the accessibility plan',
				['MCS-5.1'],
				'Headteacher',
				'2026-10-16',
				'in_progress',
				''
			],
			[
				'Run SEND training for all staff each term',
				['MCS-7.2'],
				'SENCO',
				'2027-03-26',
				'not_started',
				''
			]
		],
		followUp: { date: '2026-11-04', doneOn: null, notes: '' }
	},
	{
		host: 'Channel Coast Learning Centre',
		lead: 'grace',
		profile: {
			roll: 60,
			senSupport: 12,
			ehcp: 3,
			priorities: 'Pupils’ return to mainstream school; attendance of pupils with EHC plans.'
		},
		visit: {
			start: '2026-04-21',
			end: '2026-04-22',
			activities:
				'Learning walks in the key stage 3 and key stage 4 groups; a review of reintegration plans; pupil voice.',
			people:
				'The head of centre, the SENCO, the reintegration lead and the SENCOs of two partner schools.'
		},
		sections: ['CATIE-1', 'CATIE-2', 'CATIE-4'],
		enquiries: [
			[
				'How are partner schools involved in planning a pupil’s return?',
				['CATIE-4.5', 'CATIE-2.3']
			],
			['How close is the curriculum to what pupils would learn in their own school?', ['CATIE-1.3']]
		],
		evidence: [
			[
				'document_review',
				'2026-04-21',
				'Every pupil has a reintegration plan; partner schools have signed nine of the fourteen.',
				['CATIE-4.5'],
				'lead'
			],
			[
				'pupil_voice',
				'2026-04-21',
				'Pupils could say what they are working towards and when they expect to go back.',
				['CATIE-2.6'],
				'second'
			],
			[
				'staff_meeting',
				'2026-04-22',
				'Attendance is tracked daily, but partner schools hear about it only at review meetings.',
				['CATIE-2.4'],
				'second'
			]
		],
		report: {
			context:
				'A two-day visit to a pupil referral unit for 60 pupils aged 11 to 16, 12 at SEN support and 3 with EHC plans, against the priorities of the Countywide Approach to Inclusive Education: core inclusive education, additional support and transition.',
			strengths:
				'Relationships between staff and pupils are strong, and pupils know their targets.\n\nEvery pupil has a plan for returning to school.',
			areas:
				'- Agree each reintegration plan with the partner school before the placement starts\n- Share attendance with partner schools every half term',
			hostComment: 'Accurate.',
			checkedOn: '2026-05-08',
			finalisedOn: '2026-05-15'
		},
		boardSharing: false,
		actions: [
			[
				'Agree the reintegration plan with the partner school at the start of each placement',
				['CATIE-4.5'],
				'Reintegration lead',
				'2026-09-25',
				'done',
				'All eleven placements since September have a plan signed by the partner school.'
			],
			[
				'Send attendance to partner schools every half term',
				['CATIE-2.4'],
				'Head of centre',
				'2026-12-18',
				'in_progress',
				''
			],
			[
				'Visit the partner school with each pupil before they return',
				['CATIE-4.5', 'CATIE-4.6'],
				'Reintegration lead',
				'2027-02-26',
				'not_started',
				''
			]
		],
		followUp: { date: '2027-01-20', doneOn: null, notes: '' }
	}
];

// How an agreed rating departs from the host's own, criterion by criterion in turn: mostly
// the same, lower a little more often than higher, as reviews of generous self-ratings find.
const AGREED_SHIFT = [0, -1, 0, 0, 1, 0, -1, 0, 0];

const RATIONALE: Record<ReturnType<typeof compareRatings>, string> = {
	higher: 'In place in some classes, but not yet consistent across the setting.',
	equal: 'What we saw on the visit matches the setting’s own judgement.',
	lower: 'Practice seen on the visit is stronger than the setting’s own judgement.'
};

const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00Z`);
const daysAfter = (day: string, days: number) =>
	new Date(at(day).getTime() + days * 24 * 60 * 60 * 1000);

/**
 * The host's own ratings of the criteria in these sections of the self-evaluation it shared,
 * in framework order, and a lookup of the framework's criteria by code for the links.
 */
async function hostRatings(tx: Tx, evaluationId: string, sectionCodes: string[]) {
	const [own] = await tx
		.select({ versionId: selfEvaluation.versionId })
		.from(selfEvaluation)
		.where(eq(selfEvaluation.id, evaluationId));
	const criteria = await tx
		.select({
			id: frameworkCriterion.id,
			code: frameworkCriterion.code,
			section: frameworkSection.code,
			self: judgement.rating
		})
		.from(frameworkCriterion)
		.innerJoin(
			frameworkSection,
			and(
				eq(frameworkSection.tenantId, frameworkCriterion.tenantId),
				eq(frameworkSection.id, frameworkCriterion.sectionId)
			)
		)
		.leftJoin(
			judgement,
			and(
				eq(judgement.tenantId, frameworkCriterion.tenantId),
				eq(judgement.criterionId, frameworkCriterion.id),
				eq(judgement.evaluationId, evaluationId)
			)
		)
		.where(eq(frameworkCriterion.versionId, own!.versionId))
		.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
	const idOf = new Map(criteria.map((c) => [c.code, c.id]));
	const ids = (codes: string[]) =>
		codes.map((code) => {
			const id = idOf.get(code);
			if (!id) throw new Error(`The demo framework has no criterion ${code}`);
			return id;
		});
	const rated = criteria.flatMap((c) =>
		sectionCodes.includes(c.section) && c.self !== null ? [{ id: c.id, self: c.self }] : []
	);
	return { rated, ids };
}

/** What the seed knows of the review it is writing. */
interface ReviewContext {
	tenantId: string;
	reviewId: string;
	lead: DemoReviewer;
	second: DemoReviewer;
}

/** Stages 3 and 4: the lines of enquiry and the evidence log, linked to criteria. */
async function seedVisitWork(
	tx: Tx,
	{ tenantId, reviewId, lead, second }: ReviewContext,
	plan: DemoReview,
	ids: (codes: string[]) => string[]
) {
	const by: Record<Who, string> = { lead: lead.userId, second: second.userId };
	await tx.insert(lineOfEnquiry).values(
		plan.enquiries.map(([question, codes], j) => ({
			tenantId,
			reviewId,
			question,
			criterionIds: ids(codes),
			authorId: j === 0 ? lead.userId : second.userId,
			createdAt: daysAfter(plan.visit.start, -7)
		}))
	);
	await tx.insert(visitEvidence).values(
		plan.evidence.map(([activity, on, notes, codes, who]) => ({
			tenantId,
			reviewId,
			authorId: by[who],
			activity,
			happenedOn: on,
			notes,
			criterionIds: ids(codes),
			createdAt: at(on, '15:30')
		}))
	);
}

/**
 * Stage 4: both reviewers' ratings and the agreed ones, from the host's own by index
 * arithmetic (`start` moves each review along AGREED_SHIFT). The lead proposed the level
 * agreed; every fourth time the second reviewer kept to the host's, so moderation had
 * differences to settle.
 */
async function seedRatings(
	tx: Tx,
	{ tenantId, reviewId, lead, second }: ReviewContext,
	rated: { id: string; self: number }[],
	{ start, visitEnd }: { start: number; visitEnd: string }
) {
	const levels = rated.map(({ id, self }, j) => {
		const shift = AGREED_SHIFT[(start + j) % AGREED_SHIFT.length]!;
		const agreed = Math.min(4, Math.max(1, self + shift));
		return { criterionId: id, self, agreed, seconded: j % 4 === 3 ? self : agreed };
	});
	const rating = (reviewerId: string, self: number, level: number) => ({
		reviewerId,
		rating: level,
		rationale: RATIONALE[compareRatings(self, level)],
		updatedAt: at(visitEnd, '17:00')
	});
	await tx.insert(reviewerRating).values(
		levels.flatMap((l) => [
			{ tenantId, reviewId, criterionId: l.criterionId, ...rating(lead.userId, l.self, l.agreed) },
			{
				tenantId,
				reviewId,
				criterionId: l.criterionId,
				...rating(second.userId, l.self, l.seconded)
			}
		])
	);
	await tx.insert(agreedRating).values(
		levels.map((l) => ({
			tenantId,
			reviewId,
			criterionId: l.criterionId,
			rating: l.agreed,
			rationale: `Agreed at moderation. ${RATIONALE[compareRatings(l.self, l.agreed)]}`,
			agreedBy: lead.userId,
			updatedAt: daysAfter(visitEnd, 2)
		}))
	);
}

/** Stage 6: the host's action plan, written the week after the report was finalised. */
async function seedActions(
	tx: Tx,
	{ tenantId, reviewId }: ReviewContext,
	plan: DemoReview,
	ids: (codes: string[]) => string[]
) {
	const written = daysAfter(plan.report.finalisedOn, 5);
	await tx.insert(reviewAction).values(
		plan.actions.map(([action, codes, owner, dueDate, status, impact]) => ({
			tenantId,
			reviewId,
			action,
			criterionIds: ids(codes),
			owner,
			dueDate,
			status,
			impact,
			// Marking an action in progress or done saved it a second time.
			version: status === 'not_started' ? 1 : 2,
			createdAt: written,
			updatedAt: written
		}))
	);
}

/**
 * Seeds SOUTH_ROUND as confirmed in the closed cycle, with each of its reviews finalised:
 * the host's profile, the visit plan, lines of enquiry, the evidence log, both reviewers'
 * ratings and the agreed ones, the report with the host's factual check, the action plan and
 * the follow-up. The trail records the reviewers' steps; the hosts' own steps (sharing, the
 * check, the board decision) are on the review, as the demo has no account at these settings.
 */
export async function seedSouthReviews(
	tx: Tx,
	kent: {
		tenantId: string;
		cycleId: string;
		settingIds: ReadonlyMap<string, string>;
		/** Each host's signed-off self-evaluation of the cycle, by setting name. */
		evaluations: ReadonlyMap<string, string>;
		reviewers: Record<DemoReview['lead'], DemoReviewer>;
	}
) {
	const { tenantId } = kent;
	const hostIds = SOUTH_REVIEWS.map((r) => kent.settingIds.get(r.host)!);
	const [round] = await tx
		.insert(reviewRound)
		.values({
			tenantId,
			cycleId: kent.cycleId,
			name: SOUTH_ROUND,
			groupShape: 'clusters',
			clusterSize: SOUTH_REVIEWS.length,
			status: 'confirmed',
			confirmedAt: at('2026-01-12'),
			version: 4,
			createdAt: at('2026-01-05'),
			updatedAt: at('2026-01-12')
		})
		.returning({ id: reviewRound.id });
	await tx
		.insert(reviewRoundSetting)
		.values(
			hostIds.map((settingId) => ({ tenantId, roundId: round!.id, settingId, groupNumber: 1 }))
		);

	for (const [i, plan] of SOUTH_REVIEWS.entries()) {
		const evaluationId = kent.evaluations.get(plan.host);
		if (!evaluationId) throw new Error(`${plan.host} has no signed-off self-evaluation to share`);
		const lead = kent.reviewers[plan.lead];
		const second = kent.reviewers[plan.lead === 'grace' ? 'sam' : 'grace'];
		const { visit, report } = plan;
		const finalisedAt = at(report.finalisedOn, '16:00');
		const [review] = await tx
			.insert(peerReview)
			.values({
				tenantId,
				roundId: round!.id,
				hostSettingId: hostIds[i]!,
				// Finalised once its work is written: a finalised review's work is closed to writes.
				stage: 'report',
				evaluationId,
				...plan.profile,
				visitStart: visit.start,
				visitEnd: visit.end,
				visitActivities: visit.activities,
				visitPeople: visit.people,
				reportContext: report.context,
				strengths: report.strengths,
				areasForDevelopment: report.areas,
				hostComment: report.hostComment,
				hostCheckedAt: at(report.checkedOn, '10:00'),
				boardSharing: plan.boardSharing,
				followUpDate: plan.followUp.date,
				followUpDoneOn: plan.followUp.doneOn,
				followUpNotes: plan.followUp.notes,
				version: 12,
				createdAt: at('2026-01-12'),
				updatedAt: finalisedAt
			})
			.returning({ id: peerReview.id });
		const context: ReviewContext = { tenantId, reviewId: review!.id, lead, second };
		await tx.insert(reviewReviewer).values([
			{ tenantId, reviewId: context.reviewId, ...lead, isLead: true },
			{ tenantId, reviewId: context.reviewId, ...second, isLead: false }
		]);
		const { rated, ids } = await hostRatings(tx, evaluationId, plan.sections);
		await seedVisitWork(tx, context, plan, ids);
		await seedRatings(tx, context, rated, { start: i, visitEnd: visit.end });
		await seedActions(tx, context, plan, ids);
		await tx.insert(reviewEvent).values(
			(
				[
					['visit_started', at(visit.start, '08:30')],
					['report_started', daysAfter(visit.end, 2)],
					['sent_for_check', daysAfter(visit.end, 7)],
					['finalised', finalisedAt]
				] as const
			).map(([action, when]) => ({
				tenantId,
				reviewId: context.reviewId,
				action,
				actorId: lead.userId,
				at: when
			}))
		);
		await tx
			.update(peerReview)
			.set({ stage: 'finalised', finalisedAt })
			.where(and(eq(peerReview.tenantId, tenantId), eq(peerReview.id, context.reviewId)));
	}
}
