/**
 * Provision tracking: the SEN register, the setting's offer of interventions, and which
 * pupils receive them, with the census vocabulary and the cost arithmetic. Pure.
 */

/** School census SEN provision codes for pupils on the register (N, no SEN, is not held). */
export const SEN_STATUSES = ['K', 'E'] as const;
export type SenStatus = (typeof SEN_STATUSES)[number];
export const SEN_STATUS_LABELS: Record<SenStatus, string> = {
	K: 'SEN support',
	E: 'EHC plan'
};

import { AREAS_OF_NEED, AREA_OF_NEED_LABELS, type AreaOfNeed } from './framework';

// The four broad areas of need tag framework criteria and interventions alike.
export { AREAS_OF_NEED, AREA_OF_NEED_LABELS, type AreaOfNeed };

/** School census primary need codes, in census order. */
export const NEED_CODES = [
	'SPLD',
	'MLD',
	'SLD',
	'PMLD',
	'SEMH',
	'SLCN',
	'HI',
	'VI',
	'MSI',
	'PD',
	'ASD',
	'OTH',
	'NSA'
] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/** Each need code's name, and the broad area it sits in (none for "other" and "no assessment"). */
export const NEEDS: Record<NeedCode, { label: string; area: AreaOfNeed | null }> = {
	SPLD: { label: 'Specific learning difficulty', area: 'cognition_learning' },
	MLD: { label: 'Moderate learning difficulty', area: 'cognition_learning' },
	SLD: { label: 'Severe learning difficulty', area: 'cognition_learning' },
	PMLD: { label: 'Profound and multiple learning difficulty', area: 'cognition_learning' },
	SEMH: { label: 'Social, emotional and mental health', area: 'semh' },
	SLCN: { label: 'Speech, language and communication needs', area: 'communication_interaction' },
	HI: { label: 'Hearing impairment', area: 'sensory_physical' },
	VI: { label: 'Vision impairment', area: 'sensory_physical' },
	MSI: { label: 'Multi-sensory impairment', area: 'sensory_physical' },
	PD: { label: 'Physical disability', area: 'sensory_physical' },
	ASD: { label: 'Autistic spectrum disorder', area: 'communication_interaction' },
	OTH: { label: 'Other difficulty or disability', area: null },
	NSA: { label: 'SEN support but no specialist assessment of type of need', area: null }
};

/** Tiers of the graduated approach an intervention is offered at. */
export const TIERS = ['universal', 'targeted', 'specialist'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = {
	universal: 'Universal',
	targeted: 'Targeted',
	specialist: 'Specialist'
};

/** How a completed piece of provision went. */
export const OUTCOMES = ['met', 'partly_met', 'not_met', 'too_early'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
	met: 'Target met',
	partly_met: 'Target partly met',
	not_met: 'Target not met',
	too_early: 'Too early to say'
};

/**
 * Year groups as the school census writes them (N1, N2, R, 1-14), and age bands for early
 * years settings, which do not have year groups.
 */
export const YEAR_GROUPS = [
	'Age 0-1',
	'Age 2',
	'Age 3',
	'Age 4',
	'N1',
	'N2',
	'R',
	...Array.from({ length: 14 }, (_, i) => String(i + 1))
] as const;
export const yearGroupLabel = (code: string) =>
	/^\d+$/.test(code)
		? `Year ${code}`
		: code === 'R'
			? 'Reception'
			: code.startsWith('N')
				? `Nursery ${code.slice(1)}`
				: code;

/** What happened to a pupil's register entry, as its history records it. */
export const PUPIL_EVENTS = ['added', 'changed', 'removed', 'restored'] as const;
export type PupilEvent = (typeof PUPIL_EVENTS)[number];

// Limits shared by the forms, the import and the database's checks.
export const MAX_GROUP_SIZE = 40;
export const MAX_SESSIONS_PER_WEEK = 25;
export const MAX_MINUTES_PER_SESSION = 480;
/** £1,000 an hour, in pence: beyond any staff or specialist rate. */
export const MAX_HOURLY_COST_PENCE = 100_000;
export const MAX_WEEKS = 52;

/** What the cost of an intervention rests on. */
export interface InterventionShape {
	groupSize: number;
	sessionsPerWeek: number;
	minutesPerSession: number;
	hourlyCostPence: number;
}

/** Hours of staff time a week the intervention takes, for the whole group. */
export const hoursPerWeek = (i: Pick<InterventionShape, 'sessionsPerWeek' | 'minutesPerSession'>) =>
	(i.sessionsPerWeek * i.minutesPerSession) / 60;

const DAY = 86_400_000;

/**
 * Weeks of provision in a record: the weeks it says it ran, if given, or else the whole
 * weeks from its start to its end (or to `today` while it goes on), at least one once it
 * has started, and none before.
 */
export function weeksOf(
	record: { startDate: string; endDate: string | null; weeks: number | null },
	today: string
): number {
	if (record.weeks !== null) return record.weeks;
	const end = record.endDate ?? today;
	const days = (Date.parse(end) - Date.parse(record.startDate)) / DAY + 1;
	if (days <= 0) return 0;
	return Math.min(MAX_WEEKS, Math.max(1, Math.round(days / 7)));
}

/**
 * What one pupil's place costs, in pence: the staff time of the sessions, at the hourly
 * cost, shared between the group, over the weeks.
 */
export const costPerPupilPence = (i: InterventionShape, weeks: number) =>
	Math.round((hoursPerWeek(i) * weeks * i.hourlyCostPence) / i.groupSize);

/** Hours of provision one pupil receives over the weeks. */
export const pupilHours = (
	i: Pick<InterventionShape, 'sessionsPerWeek' | 'minutesPerSession'>,
	weeks: number
) => hoursPerWeek(i) * weeks;

/** Whether a record's outcome counts as completed provision (too early to say does not). */
export const isCompleted = (outcome: Outcome | null): outcome is Exclude<Outcome, 'too_early'> =>
	outcome !== null && outcome !== 'too_early';

/** Share of completed provision with its target met, or null when none is completed. */
export function effectiveness(outcomes: readonly (Outcome | null)[]): number | null {
	const completed = outcomes.filter(isCompleted);
	if (!completed.length) return null;
	return completed.filter((o) => o === 'met').length / completed.length;
}

/** A review of SEN support is overdue once its date has passed without it being held. */
export const isReviewOverdue = (review: { dueOn: string; heldOn: string | null }, today: string) =>
	review.heldOn === null && review.dueOn < today;

/** Pence as pounds for display: £1,234 or £12.50. */
export function formatPounds(pence: number): string {
	const pounds = pence / 100;
	return pounds.toLocaleString('en-GB', {
		style: 'currency',
		currency: 'GBP',
		minimumFractionDigits: Number.isInteger(pounds) ? 0 : 2,
		maximumFractionDigits: 2
	});
}

/** An English school year, 1 September to 31 August, named like "2026/27". */
export interface AcademicYear {
	label: string;
	start: string;
	end: string;
}

/** The school year starting in September of `startYear`. */
export function academicYear(startYear: number): AcademicYear {
	return {
		label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
		start: `${startYear}-09-01`,
		end: `${startYear + 1}-08-31`
	};
}

/** The school year a YYYY-MM-DD date falls in. */
export const academicYearOf = (day: string) => {
	const year = Number(day.slice(0, 4));
	return academicYear(Number(day.slice(5, 7)) >= 9 ? year : year - 1);
};

/** Reads "2026/27" (or "2026") back to its school year, or null when it is not one. */
export function parseAcademicYear(value: string): AcademicYear | null {
	const match = /^(\d{4})(?:\/(\d{2}))?$/.exec(value.trim());
	if (!match) return null;
	const start = Number(match[1]);
	if (start < 2000 || start > 2100) return null;
	const year = academicYear(start);
	return match[2] === undefined || year.label === value.trim() ? year : null;
}
