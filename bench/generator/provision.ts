import {
	NEEDS,
	type AreaOfNeed,
	type NeedCode,
	type Outcome,
	type SenStatus,
	type Tier
} from '../../src/lib/domain/provision';
import {
	apdrReview,
	intervention,
	provisionRecord,
	senPupil,
	senPupilChange
} from '../../src/lib/server/db/schema';
import type { Offer } from '../../src/lib/server/db/seed/provision';
import type { Tx } from '../../src/lib/server/db/tenant';
import type { Random } from '../random';
import type { BenchSetting, County, SettingKind } from './county';
import { addDays, at, insertRows, secondsSince, thousands, TODAY } from './write';

const TA = 'Teaching assistant';
const EYP = 'Early years practitioner';

// What schools and nurseries commonly offer, at realistic hourly rates.
// prettier-ignore
const SCHOOL_OFFER: Offer[] = [
	['Quality-first adaptive teaching', 'cognition_learning', 'universal', 30, 5, 60, 'Class teacher', 3800, 'Teacher assessment'],
	['Precision teaching', 'cognition_learning', 'targeted', 1, 5, 10, TA, 1850, 'Words read correctly a minute'],
	['Phonics catch-up group', 'cognition_learning', 'targeted', 4, 3, 20, TA, 1850, 'Phonics screening score'],
	['Reading fluency group', 'cognition_learning', 'targeted', 4, 3, 20, TA, 1850, 'Reading age'],
	['Number sense group', 'cognition_learning', 'targeted', 4, 3, 30, TA, 1850, 'Number assessment score'],
	['Touch-typing programme', 'cognition_learning', 'targeted', 6, 2, 30, TA, 1850, 'Words a minute'],
	['Pre-teaching vocabulary group', 'communication_interaction', 'targeted', 4, 2, 20, TA, 1850, 'Vocabulary check'],
	['Talk Boost language group', 'communication_interaction', 'targeted', 4, 3, 30, TA, 1850, 'Language progress tracker'],
	['Speech and language therapy', 'communication_interaction', 'specialist', 1, 1, 45, 'Speech and language therapist', 6500, 'Therapist goals met'],
	['Lego-based therapy', 'communication_interaction', 'targeted', 3, 1, 45, TA, 1850, 'Social communication checklist'],
	['Attention Autism group', 'communication_interaction', 'targeted', 6, 3, 20, TA, 1850, 'Attention levels'],
	['Social skills group', 'semh', 'targeted', 6, 1, 45, 'Learning mentor', 2100, 'Boxall profile'],
	['ELSA sessions', 'semh', 'targeted', 1, 1, 30, 'Emotional literacy support assistant', 2000, 'Strengths and difficulties score'],
	['Nurture group', 'semh', 'targeted', 8, 5, 60, 'Nurture lead', 2400, 'Boxall profile'],
	['Zones of regulation group', 'semh', 'targeted', 5, 2, 30, 'Learning mentor', 2100, 'Self-regulation checklist'],
	['Counselling', 'semh', 'specialist', 1, 1, 50, 'School counsellor', 4500, 'Wellbeing score'],
	['Mentoring', 'semh', 'targeted', 1, 1, 30, 'Learning mentor', 2100, 'Attendance'],
	['Fine motor skills group', 'sensory_physical', 'targeted', 5, 2, 20, TA, 1850, 'Handwriting checklist'],
	['Sensory circuits', 'sensory_physical', 'targeted', 6, 5, 15, TA, 1850, 'Sensory profile'],
	['Occupational therapy programme', 'sensory_physical', 'specialist', 1, 1, 40, 'Occupational therapist', 6000, 'Therapist goals met']
];
// prettier-ignore
const EARLY_YEARS_OFFER: Offer[] = [
	['Quality-first inclusive practice', 'cognition_learning', 'universal', 8, 5, 60, 'Room leader', 1600, 'Development Matters'],
	['Language-rich small group', 'communication_interaction', 'targeted', 3, 3, 15, EYP, 1400, 'Early years outcomes'],
	['Attention and listening group', 'communication_interaction', 'targeted', 4, 2, 15, EYP, 1400, 'Attention levels'],
	['WellComm activities', 'communication_interaction', 'targeted', 2, 3, 10, EYP, 1400, 'WellComm screening score'],
	['Makaton signing group', 'communication_interaction', 'targeted', 4, 2, 15, EYP, 1400, 'Signs used'],
	['Speech and language therapy', 'communication_interaction', 'specialist', 1, 1, 30, 'Speech and language therapist', 6500, 'Therapist goals met'],
	['Sensory play sessions', 'sensory_physical', 'targeted', 3, 2, 20, EYP, 1400, 'Observation checklist'],
	['Fine motor play', 'sensory_physical', 'targeted', 4, 2, 15, EYP, 1400, 'Physical development tracker'],
	['Settling and regulation support', 'semh', 'targeted', 1, 3, 15, 'Key person', 1400, 'Wellbeing scale'],
	['Portage home visits', 'cognition_learning', 'specialist', 1, 1, 60, 'Portage worker', 3200, 'Portage checklist']
];

// Primary needs in roughly the proportions the census finds for each kind of setting.
// prettier-ignore
const NEEDS_BY_KIND: Record<SettingKind, [NeedCode, number][]> = {
	primary: [['SLCN', 28], ['SEMH', 18], ['ASD', 13], ['MLD', 12], ['SPLD', 10], ['OTH', 4], ['NSA', 5], ['PD', 3], ['HI', 2], ['VI', 2], ['SLD', 2], ['MSI', 1]],
	secondary: [['SEMH', 26], ['SPLD', 18], ['ASD', 16], ['MLD', 12], ['SLCN', 12], ['OTH', 5], ['NSA', 4], ['PD', 3], ['HI', 2], ['VI', 2]],
	special: [['ASD', 35], ['SLD', 20], ['SEMH', 12], ['PMLD', 10], ['MLD', 10], ['SLCN', 6], ['PD', 4], ['HI', 1], ['VI', 1], ['MSI', 1]],
	pru: [['SEMH', 70], ['ASD', 12], ['SLCN', 8], ['MLD', 6], ['SPLD', 4]],
	earlyYears: [['SLCN', 45], ['ASD', 15], ['NSA', 15], ['SEMH', 8], ['PD', 6], ['MLD', 5], ['HI', 3], ['VI', 3]]
};

/** How much of the roll is on the SEN register, and what share of it has an EHC plan. */
const REGISTER: Record<SettingKind, { rate: number; plans: number }> = {
	primary: { rate: 0.16, plans: 0.2 },
	secondary: { rate: 0.15, plans: 0.2 },
	special: { rate: 1, plans: 0.95 },
	pru: { rate: 0.5, plans: 0.25 },
	earlyYears: { rate: 0.08, plans: 0.1 }
};

const YEAR_GROUPS: Record<SettingKind, string[]> = {
	primary: ['R', '1', '2', '3', '4', '5', '6'],
	secondary: ['7', '8', '9', '10', '11'],
	special: ['R', ...Array.from({ length: 14 }, (_, i) => String(i + 1))],
	pru: ['7', '8', '9', '10', '11'],
	earlyYears: ['Age 2', 'Age 3', 'Age 4']
};

/** Terms provision starts in over the last three school years, most in the last two. */
const TERMS: [start: string, weight: number][] = [
	['2024-09-04', 1],
	['2025-01-06', 1],
	['2025-04-22', 1],
	['2025-09-03', 2.2],
	['2026-01-05', 2.2],
	['2026-04-20', 2.2],
	['2026-09-03', 3.5]
];

const RECORD_NOTES = [
	'Attended well; two sessions missed through illness.',
	'Moved to a smaller group after the first half term.',
	'Family shared the home activities each week.',
	'Sessions paused for assessments, then resumed.'
];
const REVIEW_OUTCOMES: [string, number][] = [
	['Good progress; targets carried on with small changes.', 2],
	['Targets met; new targets set with the family.', 2],
	['Slower progress; more time in the small group agreed.', 1]
];

/** Whole numbers in proportion to the weights that add up to exactly `total` (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	const exact = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
	const out = exact.map(Math.floor);
	let left = total - out.reduce((a, b) => a + b, 0);
	const order = exact
		.map((e, i) => [e - Math.floor(e), i] as const)
		.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (const [, i] of order) {
		if (left-- <= 0) break;
		out[i]! += 1;
	}
	return out;
}

/** Rows of one tenant's provision, gathered to be written table by table. */
interface ProvisionRows {
	interventions: (typeof intervention.$inferInsert)[];
	pupils: (typeof senPupil.$inferInsert)[];
	changes: (typeof senPupilChange.$inferInsert)[];
	records: (typeof provisionRecord.$inferInsert)[];
	reviews: (typeof apdrReview.$inferInsert)[];
}

type Offered = { id: string; area: AreaOfNeed; tier: Tier };

/** The setting's offer: 5 to 15 interventions from the common ones (fewer in a nursery). */
function offerOf(r: Random, tenantId: string, s: BenchSetting, rows: ProvisionRows): Offered[] {
	const menu = s.kind === 'earlyYears' ? EARLY_YEARS_OFFER : SCHOOL_OFFER;
	const chosen = r.sample(menu, r.int(5, Math.min(15, menu.length)));
	return chosen.map(
		([
			name,
			areaOfNeed,
			tier,
			groupSize,
			sessionsPerWeek,
			minutesPerSession,
			staffRole,
			hourlyCostPence,
			outcomeMeasure
		]) => {
			const id = r.uuid();
			rows.interventions.push({
				tenantId,
				id,
				settingId: s.id,
				name,
				areaOfNeed,
				tier,
				groupSize,
				sessionsPerWeek,
				minutesPerSession,
				staffRole,
				hourlyCostPence,
				outcomeMeasure,
				createdAt: at('2024-09-02', '09:00'),
				updatedAt: at('2024-09-02', '09:00')
			});
			return { id, area: areaOfNeed, tier };
		}
	);
}

/** One pupil's provision records, each starting in a term of the last three years. */
function recordsOf(
	r: Random,
	tenantId: string,
	s: BenchSetting,
	pupilId: string,
	need: NeedCode,
	offer: Offered[],
	count: number,
	rows: ProvisionRows
) {
	const area = NEEDS[need].area;
	const targeted = offer.filter((o) => o.tier !== 'universal');
	const suited = targeted.filter((o) => o.area === area);
	const taken = new Set<string>();
	const spans: { start: string; end: string | null }[] = [];
	for (let k = 0; k < count; k++) {
		const choice =
			suited.length > 0 && r.chance(0.7)
				? r.pick(suited)
				: targeted.length > 0 && r.chance(0.9)
					? r.pick(targeted)
					: r.pick(offer);
		let start = addDays(r.weighted(TERMS), r.int(2, 35));
		while (taken.has(`${choice.id}|${start}`)) start = addDays(start, 1);
		taken.add(`${choice.id}|${start}`);
		const weeks = r.int(6, 12);
		const end = addDays(start, weeks * 7 - 3);
		const finished = end < TODAY;
		const entry = r.int(10, 60);
		rows.records.push({
			tenantId,
			id: r.uuid(),
			settingId: s.id,
			pupilId,
			interventionId: choice.id,
			startDate: start,
			endDate: finished ? end : null,
			weeks: finished ? weeks - (r.chance(0.3) ? 1 : 0) : null,
			entryMeasure: String(entry),
			exitMeasure: finished ? String(entry + r.int(-2, 25)) : '',
			outcome: finished
				? r.weighted<Outcome>([
						['met', 50],
						['partly_met', 30],
						['not_met', 15],
						['too_early', 5]
					])
				: null,
			notes: r.chance(0.25) ? r.pick(RECORD_NOTES) : '',
			createdAt: at(start, '09:00'),
			updatedAt: at(finished ? end : start, '15:00')
		});
		spans.push({ start, end: finished ? end : null });
	}
	return spans;
}

/** A pupil as the register's history and reviews need it. */
interface Entry {
	tenantId: string;
	id: string;
	addedOn: string;
	removedOn: string | null;
	yearGroup: string;
	senStatus: SenStatus;
	primaryNeed: NeedCode;
	secondaryNeed: NeedCode | null;
}

/** The register entry's history: added (some at SEN support, moved to a plan later), removed. */
function history(r: Random, s: BenchSetting, pupil: Entry, rows: ProvisionRows) {
	const { tenantId, id, addedOn, removedOn, ...entry } = pupil;
	const change = (event: 'added' | 'changed' | 'removed', on: string, status: SenStatus) =>
		rows.changes.push({
			tenantId,
			id: r.uuid(),
			pupilId: id,
			event,
			effectiveOn: on,
			...entry,
			senStatus: status,
			changedBy: s.sencoId,
			at: at(on, '10:00')
		});
	const movedOn = addDays(addedOn, r.int(120, 300));
	if (entry.senStatus === 'E' && r.chance(0.3) && movedOn <= (removedOn ?? TODAY)) {
		change('added', addedOn, 'K');
		change('changed', movedOn, 'E');
	} else change('added', addedOn, entry.senStatus);
	if (removedOn) change('removed', removedOn, entry.senStatus);
}

/** Reviews of a pupil's SEN support: most held last term, the next one due (one in six overdue). */
function supportReviews(
	r: Random,
	s: BenchSetting,
	pupil: { tenantId: string; id: string },
	rows: ProvisionRows
) {
	const own = { tenantId: pupil.tenantId, settingId: s.id, pupilId: pupil.id };
	if (r.chance(0.7)) {
		const held = addDays(TODAY, -r.int(20, 110));
		rows.reviews.push({
			...own,
			id: r.uuid(),
			dueOn: held,
			heldOn: held,
			outcome: r.weighted(REVIEW_OUTCOMES)
		});
	}
	const overdue = r.chance(1 / 6);
	rows.reviews.push({
		...own,
		id: r.uuid(),
		dueOn: addDays(TODAY, overdue ? -r.int(3, 30) : r.int(5, 70)),
		heldOn: null,
		outcome: ''
	});
}

/** One setting's register: its pupils, their history, provision and reviews of SEN support. */
function registerOf(
	r: Random,
	county: County,
	s: BenchSetting,
	pupils: number,
	recordCounts: number[],
	rows: ProvisionRows
) {
	const { tenantId } = county;
	const offer = offerOf(r, tenantId, s, rows);
	const prefix = s.name
		.replace(/[^A-Za-z]/g, '')
		.slice(0, 3)
		.toUpperCase();
	const needs = NEEDS_BY_KIND[s.kind];
	for (let n = 0; n < pupils; n++) {
		const id = r.uuid();
		const senStatus: SenStatus = r.chance(REGISTER[s.kind].plans) ? 'E' : 'K';
		const primaryNeed = r.weighted(needs);
		const secondary = r.chance(0.25) ? r.weighted(needs) : null;
		const entry = {
			yearGroup: r.pick(YEAR_GROUPS[s.kind]),
			senStatus,
			primaryNeed,
			secondaryNeed: secondary === primaryNeed ? null : secondary
		};
		const spans = recordsOf(r, tenantId, s, id, primaryNeed, offer, recordCounts[n]!, rows);
		const first = spans.reduce((min, x) => (x.start < min ? x.start : min), TODAY);
		const addedOn = addDays(first, -r.int(5, 90));
		const ended = spans.every((x) => x.end !== null && x.end < '2026-07-01');
		const removedOn =
			spans.length > 0 && ended && r.chance(0.3) ? addDays('2026-07-17', r.int(0, 7)) : null;
		rows.pupils.push({
			tenantId,
			id,
			settingId: s.id,
			reference: `${prefix}-${String(n + 1).padStart(3, '0')}`,
			...entry,
			addedOn,
			removedOn,
			createdAt: at(addedOn, '10:00'),
			updatedAt: at(removedOn ?? addedOn, '10:00')
		});
		history(r, s, { tenantId, id, addedOn, removedOn, ...entry }, rows);
		if (senStatus === 'K' && !removedOn) supportReviews(r, s, { tenantId, id }, rows);
	}
}

/**
 * Every setting's offer of interventions and SEN register with its history, provision
 * records over the last three school years, and reviews of SEN support. Pupils are shared out
 * by roll (schools far more than nurseries), the measured setting holding a fixed number.
 */
export async function writeProvision(tx: Tx, county: County, log: (line: string) => void) {
	const started = performance.now();
	const r = county.random.fork('provision');
	const { shape, settings } = county;
	const others = settings.slice(1).map((s) => s.roll * REGISTER[s.kind].rate);
	const registers = [
		shape.measuredPupils,
		...apportion(shape.pupils - shape.measuredPupils, others)
	];
	// Pupils' shares of the records: varied, fewer in nurseries, a little more where measured.
	const shares = settings.flatMap((s, i) =>
		Array.from(
			{ length: registers[i]! },
			() => (0.3 + 1.4 * r.next()) * (s.kind === 'earlyYears' ? 0.6 : 1) * (i === 0 ? 1.15 : 1)
		)
	);
	const counts = apportion(shape.records, shares);
	const rows: ProvisionRows = {
		interventions: [],
		pupils: [],
		changes: [],
		records: [],
		reviews: []
	};
	let next = 0;
	settings.forEach((s, i) => {
		const own = counts.slice(next, next + registers[i]!);
		next += registers[i]!;
		registerOf(r.fork(`setting/${s.number}`), county, s, registers[i]!, own, rows);
	});
	await insertRows(tx, intervention, rows.interventions);
	await insertRows(tx, senPupil, rows.pupils);
	await insertRows(tx, senPupilChange, rows.changes);
	await insertRows(tx, provisionRecord, rows.records);
	await insertRows(tx, apdrReview, rows.reviews);
	log(
		`provision: ${thousands(rows.pupils.length)} pupils, ${thousands(rows.records.length)} records, ${thousands(rows.reviews.length)} reviews of SEN support in ${secondsSince(started)}`
	);
}
