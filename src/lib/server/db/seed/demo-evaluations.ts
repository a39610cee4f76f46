import type { SharingLevel } from '../../../domain/evaluation';
import type { SettingType } from '../../../domain/organisation';
import type { Tx } from '../tenant';
import {
	seedEvaluationInProgress,
	seedSignedOffEvaluation,
	seedSubmittedEvaluation,
	type DemoCycles,
	type DemoRatings
} from './evaluations';

/** How far a demo setting's self-evaluation of one cycle got, and how it rated itself. */
type DemoYear =
	| { status: 'signed_off'; sharing: SharingLevel; on: string; ratings: DemoRatings }
	| { status: 'submitted'; on: string; ratings: DemoRatings }
	| { status: 'in_progress'; skipSections: number; ratings: DemoRatings };

const signedOff = (sharing: SharingLevel, on: string, ratings: DemoRatings): DemoYear => ({
	status: 'signed_off',
	sharing,
	on,
	ratings
});
const submitted = (on: string, ratings: DemoRatings): DemoYear => ({
	status: 'submitted',
	on,
	ratings
});
const inProgress = (skipSections: number, ratings: DemoRatings): DemoYear => ({
	status: 'in_progress',
	skipSections,
	ratings
});

/**
 * Kent's self-evaluations beside Oakfield's, for last year (2025/26, closed) and this year
 * (2026/27, open); a setting or year not listed has not started. Every South setting signed
 * off last year, as did a few elsewhere. The area board's view shapes the rest: a group shows
 * its figures only when five or more of its settings keep their results private (so each South
 * district has five sharing nothing), a framework's sections only when five or more private
 * settings rated them, and any count of one to four is withheld (so this year the South has
 * five settings or more at each stage). Those signed off again moved up in some sections and
 * down in others. Hosts of last year's peer reviews (seed/peer-reviews.ts) signed off early,
 * before their visits. The demo accounts' settings leave this year's for their SENCOs to start.
 */
const KENT_EVALUATIONS: Record<string, [previous: DemoYear | null, current: DemoYear | null]> = {
	// Ashford
	'Willowbrook Primary School': [
		signedOff('none', '2026-07-03', { offset: 1, lift: [0, 0, 1] }),
		null
	],
	'Little Acorns Pre-School': [
		signedOff('none', '2026-07-06', { offset: 8, lift: [0, 1, 0, -1] }),
		null
	],
	'Kingsmead High School': [
		signedOff('full', '2026-01-23', { offset: 10, lift: [0, 0, -1, 0, 1] }),
		signedOff('full', '2026-11-13', { offset: 10, lift: [1, 0, -1, 0, 1] })
	],
	'Hawthorn Special School': [
		signedOff('none', '2026-07-09', { offset: 5, lift: [1, 0] }),
		inProgress(2, { offset: 5, lift: [1, 0] })
	],
	'Stour Meadow Primary School': [
		signedOff('full', '2026-06-19', { offset: 11, lift: [0, 1, 0] }),
		submitted('2026-11-18', { offset: 11, lift: [0, 1, 1] })
	],
	'Eastwell Vale Primary School': [
		signedOff('none', '2026-02-06', { offset: 4, lift: [-1, 0], gaps: 2 }),
		submitted('2026-11-26', { offset: 4, gaps: 1 })
	],
	'Singleton Hill Academy': [
		signedOff('none', '2026-07-10', { offset: 9, lift: [0, -1, 0, 1] }),
		null
	],
	'Bluebell Meadow Day Nursery': [
		signedOff('summary', '2026-06-26', { offset: 3, lift: [0, 0, 1] }),
		inProgress(6, { offset: 3, lift: [1, 0, 0, -1] })
	],
	// Dover
	'Cliffside Primary School': [
		signedOff('none', '2026-06-29', { offset: 4, lift: [0, -1, 0] }),
		null
	],
	'Harbour View Academy': [
		signedOff('none', '2026-07-10', { offset: 9, lift: [1, 0, -1] }),
		inProgress(8, { offset: 11 })
	],
	'Castle Hill Infant School': [
		signedOff('summary', '2026-01-30', { offset: 1, lift: [0, 1] }),
		signedOff('summary', '2026-11-20', { offset: 1, lift: [1, 0, 1, -1] })
	],
	'Buckland Brook Primary School': [
		signedOff('none', '2026-07-02', { offset: 10, lift: [0, -1], gaps: 1 }),
		signedOff('none', '2026-11-25', { offset: 10 })
	],
	'Deal Shore Primary School': [
		signedOff('none', '2026-06-12', { offset: 11, lift: [-1, 0, 0], gaps: 3 }),
		submitted('2026-11-24', { offset: 11, gaps: 1 })
	],
	'Sandwich Haven Primary School': [
		signedOff('none', '2026-07-14', { offset: 5 }),
		signedOff('none', '2026-11-17', { offset: 5, lift: [1, 0], gaps: 1 })
	],
	'Langdon Ridge Academy': [
		signedOff('full', '2026-06-05', { offset: 4, lift: [0, 0, 1] }),
		signedOff('none', '2026-11-10', { offset: 4, lift: [1, 1, 0] })
	],
	// Folkestone & Hythe
	'Seabrook Junior School': [
		signedOff('full', '2026-01-16', { offset: 5, lift: [0, -1, 1] }),
		signedOff('full', '2026-11-19', { offset: 5, lift: [1, -1, 1] })
	],
	'Marsh Edge Primary School': [
		signedOff('none', '2026-07-07', { offset: 5, lift: [0, 0, -1] }),
		signedOff('none', '2026-11-11', { offset: 5, lift: [1, 0, 0] })
	],
	'Channel Coast Learning Centre': [
		signedOff('none', '2026-02-13', { offset: 9, lift: [0, -1], gaps: 1 }),
		submitted('2026-11-23', { offset: 9 })
	],
	'Hythe Bay Nursery School': [
		signedOff('summary', '2026-06-30', { offset: 9, lift: [1, 0] }),
		submitted('2026-11-16', { offset: 9, lift: [1, 0] })
	],
	'Cheriton Brook Primary School': [
		signedOff('none', '2026-07-08', { offset: 10, lift: [0, 1, -1] }),
		null
	],
	'Sandgate Hill Primary School': [
		signedOff('none', '2026-07-16', { offset: 1, lift: [0, -1] }),
		inProgress(9, { offset: 4 })
	],
	'Leas Cliff Academy': [
		signedOff('none', '2026-07-15', { offset: 1, lift: [-1, 0, 0, 0] }),
		signedOff('none', '2026-11-12', { offset: 1, lift: [0, 0, 0, 1] })
	],
	// Elsewhere in Kent
	'Westgate Primary School': [
		signedOff('summary', '2026-06-24', { offset: 11, lift: [0, 1] }),
		inProgress(6, { offset: 11 })
	],
	'Cathedral Fields Primary School': [
		signedOff('full', '2026-07-01', { offset: 4, lift: [1, 0, 0] }),
		null
	],
	'Stour Valley Special School': [
		signedOff('summary', '2026-06-17', { offset: 2, lift: [1, 0] }),
		null
	],
	'Margate Sands High School': [
		signedOff('full', '2026-07-13', { offset: 11, lift: [0, -1, 0] }),
		null
	],
	'Dartford Heath Primary School': [
		signedOff('summary', '2026-06-10', { offset: 4, lift: [0, 0, 1] }),
		null
	],
	'Ramsgate Harbour Primary School': [
		signedOff('summary', '2026-06-22', { offset: 10, lift: [0, 1] }),
		null
	],
	'Sevenoaks Weald Primary School': [
		signedOff('full', '2026-07-02', { offset: 1, lift: [1, 0, 0, 0] }),
		null
	],
	'High Weald Academy': [signedOff('summary', '2026-07-09', { offset: 9, lift: [0, 0, 1] }), null],
	'Mote Park High School': [
		signedOff('full', '2026-07-06', { offset: 10, lift: [-1, 0], gaps: 1 }),
		null
	]
};

/** A day of the demo at a time of day, in UTC (England is on GMT or an hour ahead). */
const at = (day: string, time: string, daysBefore = 0) =>
	new Date(new Date(`${day}T${time}:00Z`).getTime() - daysBefore * 24 * 60 * 60 * 1000);

/**
 * Seeds the self-evaluations of KENT_EVALUATIONS, written by the setting's SENCO where the demo
 * has an account for one, and signed off by a head it has none for. Returns last year's
 * signed-off evaluation of each setting that has one, by setting name, for the peer reviews.
 */
export async function seedKentEvaluations(
	tx: Tx,
	kent: {
		tenantId: string;
		cycles: DemoCycles;
		settings: ReadonlyMap<string, { id: string; settingType: SettingType }>;
		/** The SENCO's account, at the settings where the demo has one. */
		sencos: Readonly<Record<string, string>>;
	}
): Promise<Map<string, string>> {
	const signedOffLastYear = new Map<string, string>();
	for (const [name, years] of Object.entries(KENT_EVALUATIONS)) {
		const found = kent.settings.get(name);
		if (!found) throw new Error(`The demo has no setting called ${name}`);
		for (const [which, year] of [
			['previous', years[0]],
			['current', years[1]]
		] as const) {
			if (!year) continue;
			const input = {
				tenantId: kent.tenantId,
				cycleId: kent.cycles[which],
				settingId: found.id,
				versionId: kent.cycles.versionOf(found.settingType),
				senco: kent.sencos[name] ?? null,
				head: null,
				...year.ratings
			};
			if (year.status === 'in_progress') {
				await seedEvaluationInProgress(tx, { ...input, skipSections: year.skipSections });
			} else if (year.status === 'submitted') {
				await seedSubmittedEvaluation(tx, { ...input, submittedAt: at(year.on, '15:00') });
			} else {
				const id = await seedSignedOffEvaluation(tx, {
					...input,
					sharing: year.sharing,
					submittedAt: at(year.on, '15:00', 5),
					signedOffAt: at(year.on, '12:00')
				});
				if (which === 'previous') signedOffLastYear.set(name, id);
			}
		}
	}
	return signedOffLastYear;
}
