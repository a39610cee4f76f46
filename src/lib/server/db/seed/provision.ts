import {
	academicYearOf,
	type AreaOfNeed,
	type NeedCode,
	type Outcome,
	type SenStatus,
	type Tier
} from '../../../domain/provision';
import type { SettingType } from '../../../domain/organisation';
import { apdrReview, intervention, provisionRecord, senPupil, senPupilChange } from '../schema';
import type { Tx } from '../tenant';
import { chunked } from '../chunks';

/** How many pupils a demo setting has at SEN support (K) and with an EHC plan (E). */
export interface DemoRegister {
	settingId: string;
	settingType: SettingType;
	phase: string;
	/** Three letters the pupils' references start with. */
	prefix: string;
	k: number;
	e: number;
	/** Who the register's history says made the entries, when the demo has such a person. */
	keptBy?: string;
}

export type Offer = [
	name: string,
	area: AreaOfNeed,
	tier: Tier,
	groupSize: number,
	sessions: number,
	minutes: number,
	staffRole: string,
	hourlyCostPence: number,
	measure: string
];

// A typical mainstream offer, and an early years one; costs are realistic hourly rates.
const SCHOOL_OFFER: Offer[] = [
	[
		'Quality-first adaptive teaching',
		'cognition_learning',
		'universal',
		30,
		5,
		60,
		'Class teacher',
		3800,
		'Teacher assessment'
	],
	[
		'Precision teaching',
		'cognition_learning',
		'targeted',
		1,
		5,
		10,
		'Teaching assistant',
		1850,
		'Words read correctly a minute'
	],
	[
		'Phonics catch-up group',
		'cognition_learning',
		'targeted',
		4,
		3,
		20,
		'Teaching assistant',
		1850,
		'Phonics screening score'
	],
	[
		'Talk Boost language group',
		'communication_interaction',
		'targeted',
		4,
		3,
		30,
		'Teaching assistant',
		1850,
		'Language progress tracker'
	],
	[
		'Speech and language therapy',
		'communication_interaction',
		'specialist',
		1,
		1,
		45,
		'Speech and language therapist',
		6500,
		'Therapist goals met'
	],
	['Social skills group', 'semh', 'targeted', 6, 1, 45, 'Learning mentor', 2100, 'Boxall profile'],
	[
		'ELSA sessions',
		'semh',
		'targeted',
		1,
		1,
		30,
		'Emotional literacy support assistant',
		2000,
		'Strengths and difficulties score'
	],
	[
		'Fine motor skills group',
		'sensory_physical',
		'targeted',
		5,
		2,
		20,
		'Teaching assistant',
		1850,
		'Handwriting checklist'
	],
	[
		'Occupational therapy programme',
		'sensory_physical',
		'specialist',
		1,
		1,
		40,
		'Occupational therapist',
		6000,
		'Therapist goals met'
	]
];
const EARLY_YEARS_OFFER: Offer[] = [
	[
		'Language-rich small group',
		'communication_interaction',
		'targeted',
		3,
		3,
		15,
		'Early years practitioner',
		1400,
		'Early years outcomes'
	],
	[
		'Attention and listening group',
		'communication_interaction',
		'targeted',
		4,
		2,
		15,
		'Early years practitioner',
		1400,
		'Attention levels'
	],
	[
		'Sensory play sessions',
		'sensory_physical',
		'targeted',
		3,
		2,
		20,
		'Early years practitioner',
		1400,
		'Observation checklist'
	],
	[
		'Settling and regulation support',
		'semh',
		'targeted',
		1,
		3,
		15,
		'Key person',
		1400,
		'Wellbeing scale'
	]
];

// Primary needs in roughly the proportions the census finds, with specialist settings
// leaning towards severe and complex needs.
const MAINSTREAM_NEEDS: [NeedCode, number][] = [
	['SLCN', 24],
	['SEMH', 20],
	['ASD', 14],
	['MLD', 12],
	['SPLD', 12],
	['OTH', 4],
	['NSA', 4],
	['PD', 3],
	['HI', 2],
	['VI', 2],
	['SLD', 2],
	['MSI', 1]
];
const SPECIAL_NEEDS: [NeedCode, number][] = [
	['ASD', 35],
	['SLD', 20],
	['SEMH', 12],
	['PMLD', 10],
	['MLD', 10],
	['SLCN', 6],
	['PD', 4],
	['HI', 1],
	['VI', 1],
	['MSI', 1]
];
const PRU_NEEDS: [NeedCode, number][] = [
	['SEMH', 70],
	['ASD', 12],
	['SLCN', 8],
	['MLD', 6],
	['SPLD', 4]
];

/** A small seeded generator, so the demo is the same on every machine. */
function random(seed: string) {
	let state = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 2654435761) >>> 0, 7);
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(weighted: readonly [T, number][]): T => {
		let roll = next() * weighted.reduce((sum, [, w]) => sum + w, 0);
		for (const [value, weight] of weighted) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return weighted[weighted.length - 1]![0];
	};
	return {
		next,
		pick,
		between: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
	};
}

const addDays = (day: string, days: number) =>
	new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);

function yearGroups(settingType: SettingType, phase: string): string[] {
	if (settingType === 'early_years') return ['Age 2', 'Age 3', 'Age 4'];
	if (phase === 'Primary') return ['R', '1', '2', '3', '4', '5', '6'];
	if (phase === 'Secondary') return ['7', '8', '9', '10', '11'];
	return ['3', '5', '7', '9', '11', '12'];
}

function needsOf(settingType: SettingType) {
	if (settingType === 'special') return SPECIAL_NEEDS;
	if (settingType === 'pru') return PRU_NEEDS;
	return MAINSTREAM_NEEDS;
}

/**
 * A provision map for each demo setting: its offer, its SEN register with history, last
 * year's provision with outcomes, this year's under way, and reviews of SEN support, some
 * of them overdue. Dates follow `today`, so the demo always looks current.
 */
export async function seedProvision(
	tx: Tx,
	tenantId: string,
	registers: readonly DemoRegister[],
	options: { today: string }
): Promise<void> {
	const thisYear = academicYearOf(options.today);
	const lastYearStart = addDays(thisYear.start, -365);
	const pupils: (typeof senPupil.$inferInsert & { id: string })[] = [];
	const changes: (typeof senPupilChange.$inferInsert)[] = [];
	const offers: (typeof intervention.$inferInsert & { id: string })[] = [];
	const records: (typeof provisionRecord.$inferInsert)[] = [];
	const reviews: (typeof apdrReview.$inferInsert)[] = [];

	for (const register of registers) {
		const rng = random(register.prefix);
		const offer = (register.settingType === 'early_years' ? EARLY_YEARS_OFFER : SCHOOL_OFFER).map(
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
			]) => ({
				id: crypto.randomUUID(),
				tenantId,
				settingId: register.settingId,
				name,
				areaOfNeed,
				tier,
				groupSize,
				sessionsPerWeek,
				minutesPerSession,
				staffRole,
				hourlyCostPence,
				outcomeMeasure
			})
		);
		offers.push(...offer);
		const groups = yearGroups(register.settingType, register.phase);
		const statuses: SenStatus[] = [
			...Array<SenStatus>(register.k).fill('K'),
			...Array<SenStatus>(register.e).fill('E')
		];
		statuses.forEach((senStatus, n) => {
			const id = crypto.randomUUID();
			const primaryNeed = rng.pick(needsOf(register.settingType));
			const secondary = rng.next() < 0.25 ? rng.pick(needsOf(register.settingType)) : null;
			const addedOn = addDays(lastYearStart, -rng.between(0, 500));
			const entry = {
				yearGroup: groups[rng.between(0, groups.length - 1)]!,
				senStatus,
				primaryNeed,
				secondaryNeed: secondary === primaryNeed ? null : secondary
			};
			pupils.push({
				id,
				tenantId,
				settingId: register.settingId,
				reference: `${register.prefix}-${String(n + 1).padStart(3, '0')}`,
				addedOn,
				...entry
			});
			// Some plans came after a spell of SEN support: the history shows the move.
			if (senStatus === 'E' && rng.next() < 0.4) {
				changes.push(
					{
						tenantId,
						pupilId: id,
						event: 'added',
						effectiveOn: addedOn,
						...entry,
						senStatus: 'K',
						changedBy: register.keptBy ?? null
					},
					{
						tenantId,
						pupilId: id,
						event: 'changed',
						effectiveOn: addDays(addedOn, rng.between(120, 300)),
						...entry,
						changedBy: register.keptBy ?? null
					}
				);
			} else {
				changes.push({
					tenantId,
					pupilId: id,
					event: 'added',
					effectiveOn: addedOn,
					...entry,
					changedBy: register.keptBy ?? null
				});
			}

			// Last year's provision, finished with an outcome; this year's, mostly still going.
			const suited = offer.filter((o) => o.tier !== 'universal');
			const place = (start: string, finished: boolean) => {
				const chosen = suited[rng.between(0, suited.length - 1)]!;
				const weeks = rng.between(6, 12);
				const outcome: Outcome | null = finished
					? rng.pick<Outcome>([
							['met', 50],
							['partly_met', 30],
							['not_met', 15],
							['too_early', 5]
						])
					: null;
				records.push({
					tenantId,
					settingId: register.settingId,
					pupilId: id,
					interventionId: chosen.id,
					startDate: start,
					endDate: finished ? addDays(start, weeks * 7 - 3) : null,
					weeks: finished ? weeks : null,
					entryMeasure: `Baseline ${rng.between(20, 60)}`,
					exitMeasure: finished ? `Exit ${rng.between(30, 80)}` : '',
					outcome
				});
			};
			if (rng.next() < 0.8) place(addDays(lastYearStart, rng.between(7, 120)), true);
			// About one pupil in ten has nothing yet this year, so the map has someone to flag.
			const thisYearStart = addDays(thisYear.start, rng.between(3, 30));
			if (rng.next() < 0.9 && thisYearStart <= options.today) {
				place(thisYearStart, rng.next() < 0.3 && addDays(thisYearStart, 84) <= options.today);
			}

			if (senStatus === 'K') {
				const held = addDays(options.today, -rng.between(40, 110));
				reviews.push({
					tenantId,
					settingId: register.settingId,
					pupilId: id,
					dueOn: held,
					heldOn: held,
					outcome: rng.pick([
						['Good progress; targets carried on with small changes.', 2],
						['Targets met; new targets set with the family.', 2],
						['Slower progress; more time in the small group agreed.', 1]
					])
				});
				// One in six reviews has slipped past its date.
				const overdue = rng.next() < 1 / 6;
				reviews.push({
					tenantId,
					settingId: register.settingId,
					pupilId: id,
					dueOn: addDays(options.today, overdue ? -rng.between(3, 30) : rng.between(5, 60))
				});
			}
		});
	}

	for (const part of chunked(offers)) await tx.insert(intervention).values(part);
	for (const part of chunked(pupils)) await tx.insert(senPupil).values(part);
	for (const part of chunked(changes)) await tx.insert(senPupilChange).values(part);
	for (const part of chunked(records)) await tx.insert(provisionRecord).values(part);
	for (const part of chunked(reviews)) await tx.insert(apdrReview).values(part);
}
