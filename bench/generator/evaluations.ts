import { and, eq, inArray, sql } from 'drizzle-orm';
import { SHARING_LABELS, type SharingLevel } from '../../src/lib/domain/evaluation';
import { SETTING_TYPES } from '../../src/lib/domain/organisation';
import {
	cycleFramework,
	evaluationCycle,
	evaluationEvent,
	evidence,
	judgement,
	judgementHistory,
	selfEvaluation
} from '../../src/lib/server/db/schema';
import type { Tx } from '../../src/lib/server/db/tenant';
import { EARLY_YEARS_VOICE, EVIDENCE_LINKS, narrative, nextSteps, SCHOOL_VOICE } from '../prose';
import type { Random } from '../random';
import {
	isEarlyYears,
	type BenchCycle,
	type BenchEvaluation,
	type BenchSetting,
	type County
} from './county';
import { addDays, at, dayOf, insertRows, secondsSince, thousands } from './write';

/** The three closed cycles and the open one, each with its deadline. */
const CYCLES = [
	{ name: '2023/24', deadline: '2024-07-19', open: false },
	{ name: '2024/25', deadline: '2025-07-18', open: false },
	{ name: '2025/26', deadline: '2026-07-17', open: false },
	{ name: '2026/27', deadline: '2027-03-31', open: true }
] as const;

const SHARING: [SharingLevel, number][] = [
	['none', 70],
	['summary', 20],
	['full', 10]
];

// Evaluations written per round of statements: enough rows to fill them, few enough to keep
// the narratives' memory small.
const BATCH = 100;

/** How a setting rates itself: its overall strength, stronger and weaker sections, quirks. */
interface Profile {
	strength: number;
	sections: number[];
	quirks: Float32Array;
}

function profileOf(r: Random, criteria: number, sections: number): Profile {
	return {
		strength: 1.7 + (1.8 * (r.next() + r.next() + r.next())) / 3,
		sections: Array.from({ length: sections }, () => r.next() - 0.5),
		quirks: Float32Array.from({ length: criteria }, () => 0.6 * (r.next() - 0.5))
	};
}

/** When a setting signed off its evaluation of a cycle: review hosts early, before their visits. */
function signOffDay(r: Random, cycle: BenchCycle, host: boolean): string {
	if (cycle.open) return addDays('2026-10-19', r.int(0, 17));
	const year = Number(cycle.deadline.slice(0, 4));
	return host
		? addDays(`${year - 1}-11-15`, r.int(0, 75))
		: addDays(`${year}-02-01`, r.int(0, 159));
}

/** One self-evaluation's rows: the evaluation, its judgements, events and evidence. */
interface Written {
	evaluation: typeof selfEvaluation.$inferInsert;
	judgements: (typeof judgement.$inferInsert)[];
	events: (typeof evaluationEvent.$inferInsert)[];
	evidence: (typeof evidence.$inferInsert)[];
	bench: BenchEvaluation;
}

/**
 * A setting's self-evaluation of one cycle: signed off, with every criterion rated, or under
 * way with about two thirds of its criteria rated in framework order.
 */
function evaluationOf(
	r: Random,
	county: County,
	cycle: { index: number; row: BenchCycle },
	s: BenchSetting,
	profile: Profile,
	signedOff: { on: string } | null
): Written {
	const { tenantId } = county;
	const fw = county.frameworks[s.settingType];
	const top = fw.scale.length;
	const voice = isEarlyYears(s) ? EARLY_YEARS_VOICE : SCHOOL_VOICE;
	const id = r.uuid();
	const rated = signedOff
		? fw.criteria.length
		: Math.round((fw.criteria.length * r.int(60, 72)) / 100);
	const drift = 0.12 * cycle.index + 0.5 * (r.next() - 0.5);
	const ratings = new Int8Array(fw.criteria.length);
	const signedOffAt = signedOff ? at(signedOff.on, '12:00') : null;
	const submittedAt = signedOff ? at(signedOff.on, '15:00', -r.int(2, 10)) : null;
	const begun = submittedAt
		? new Date(submittedAt.getTime() - 56 * 86_400_000)
		: at('2026-09-07', '08:30', r.int(0, 30));
	const targetDate = cycle.row.open
		? '2027-07-16'
		: `${Number(cycle.row.deadline.slice(0, 4)) + 1}-07-16`;
	let lastSave = begun;
	const judgements = fw.criteria.slice(0, rated).map((c, i) => {
		const level = profile.strength + profile.sections[c.section]! + profile.quirks[i]! + drift;
		const rating = Math.min(top, Math.max(1, Math.round(level + 0.9 * (r.next() - 0.5))));
		ratings[i] = rating;
		const savedAt = submittedAt
			? at(dayOf(submittedAt), '16:00', -r.int(1, 40))
			: at('2026-09-21', '16:00', r.int(0, 67));
		if (savedAt > lastSave) lastSave = savedAt;
		return {
			tenantId,
			id: r.uuid(),
			evaluationId: id,
			criterionId: c.id,
			rating,
			narrative: narrative(r, voice, rating),
			nextSteps: nextSteps(r),
			targetRating: rating < 3 ? rating + 1 : null,
			targetDate: rating < 3 ? targetDate : null,
			version: 1,
			updatedBy: s.sencoId,
			updatedAt: savedAt
		};
	});
	const sharing = signedOff ? r.weighted(SHARING) : 'none';
	const events: Written['events'] = [];
	const links: Written['evidence'] = [];
	if (submittedAt && signedOffAt) {
		const event = (
			action: (typeof events)[number]['action'],
			actorId: string | null,
			when: Date,
			comment = ''
		) =>
			events.push({ tenantId, id: r.uuid(), evaluationId: id, action, comment, actorId, at: when });
		event('submitted', s.sencoId, submittedAt);
		event('signed_off', s.headId, signedOffAt);
		if (sharing !== 'none')
			event('sharing_changed', s.headId, signedOffAt, SHARING_LABELS[sharing]);
		for (const [title, path] of r.sample(EVIDENCE_LINKS, 3)) {
			links.push({
				tenantId,
				id: r.uuid(),
				evaluationId: id,
				criterionId: r.pick(fw.criteria).id,
				kind: 'link',
				title,
				url: `https://setting-${s.number}.example.org/send/${path}`,
				addedBy: s.sencoId,
				addedAt: at(dayOf(submittedAt), '11:00', -r.int(3, 50))
			});
		}
	}
	return {
		evaluation: {
			tenantId,
			id,
			cycleId: cycle.row.id,
			settingId: s.id,
			versionId: fw.versionId,
			status: signedOff ? 'signed_off' : 'in_progress',
			sharing,
			submittedAt,
			signedOffAt,
			signedOffBy: signedOff ? s.headId : null,
			// Submitting, signing off and choosing what to share each moved it on.
			version: signedOff ? (sharing === 'none' ? 3 : 4) : 1,
			createdAt: begun,
			updatedAt: signedOffAt ?? lastSave
		},
		judgements,
		events,
		evidence: links,
		bench: { id, setting: s, ratings, signedOffAt }
	};
}

/** Each judgement's first history entry, copied in one statement; its id follows from the judgement's. */
async function copyHistory(tx: Tx, tenantId: string, evaluationIds: string[]) {
	await tx.insert(judgementHistory).select(
		tx
			.select({
				tenantId: judgement.tenantId,
				id: sql<string>`overlay(overlay(md5(${judgement.id}::text) placing '4' from 13) placing '8' from 17)::uuid`.as(
					'id'
				),
				judgementId: judgement.id,
				version: judgement.version,
				rating: judgement.rating,
				narrative: judgement.narrative,
				nextSteps: judgement.nextSteps,
				targetRating: judgement.targetRating,
				targetDate: judgement.targetDate,
				savedBy: judgement.updatedBy,
				savedAt: judgement.updatedAt
			})
			.from(judgement)
			.where(and(eq(judgement.tenantId, tenantId), inArray(judgement.evaluationId, evaluationIds)))
	);
}

/** Writes one cycle's self-evaluations in batches, judgements with their history. */
async function writeCycle(
	tx: Tx,
	r: Random,
	county: County,
	cycle: { index: number; row: BenchCycle },
	planned: { setting: BenchSetting; signedOff: { on: string } | null }[],
	profiles: Map<string, Profile>,
	log: (line: string) => void
) {
	const started = performance.now();
	const own = new Map<string, BenchEvaluation>();
	let judgements = 0;
	for (let i = 0; i < planned.length; i += BATCH) {
		const batch = planned
			.slice(i, i + BATCH)
			.map((p) =>
				evaluationOf(r, county, cycle, p.setting, profiles.get(p.setting.id)!, p.signedOff)
			);
		await insertRows(
			tx,
			selfEvaluation,
			batch.map((w) => w.evaluation)
		);
		await insertRows(
			tx,
			judgement,
			batch.flatMap((w) => w.judgements)
		);
		await copyHistory(
			tx,
			county.tenantId,
			batch.map((w) => w.bench.id)
		);
		await insertRows(
			tx,
			evaluationEvent,
			batch.flatMap((w) => w.events)
		);
		await insertRows(
			tx,
			evidence,
			batch.flatMap((w) => w.evidence)
		);
		for (const w of batch) own.set(w.bench.setting.id, w.bench);
		judgements += batch.reduce((n, w) => n + w.judgements.length, 0);
	}
	log(
		`cycle ${cycle.row.name}: ${thousands(planned.length)} evaluations, ${thousands(judgements)} judgements (and as many history rows) in ${secondsSince(started)}`
	);
	return own;
}

/** The cycles and which framework each type of setting uses in them (the starter ones). */
export async function writeCycles(tx: Tx, county: County): Promise<void> {
	const { tenantId } = county;
	const r = county.random.fork('cycles');
	const cycles = CYCLES.map((c) => ({ id: r.uuid(), ...c }));
	await insertRows(
		tx,
		evaluationCycle,
		cycles.map((c) => ({
			tenantId,
			id: c.id,
			name: c.name,
			deadline: c.deadline,
			status: c.open ? ('open' as const) : ('closed' as const),
			createdAt: at(`${c.name.slice(0, 4)}-09-01`, '09:00'),
			updatedAt: at(c.deadline, '18:00')
		}))
	);
	await insertRows(
		tx,
		cycleFramework,
		cycles.flatMap((c) =>
			SETTING_TYPES.map((settingType) => ({
				tenantId,
				cycleId: c.id,
				settingType,
				versionId: county.frameworks[settingType].versionId
			}))
		)
	);
	county.cycles = cycles;
}

/**
 * One cycle's self-evaluations: every setting signed off in a closed cycle; in the open one,
 * the in-progress settings under way and the visit's host signed off. Ratings vary by setting
 * and section and drift upwards a little from year to year.
 */
export async function writeEvaluations(
	tx: Tx,
	county: County,
	index: number,
	log: (line: string) => void
): Promise<void> {
	const r = county.random.fork('evaluations');
	const profiles = new Map(
		county.settings.map((s) => {
			const fw = county.frameworks[s.settingType];
			return [s.id, profileOf(r.fork(`profile/${s.number}`), fw.criteria.length, fw.sections)];
		})
	);
	const row = county.cycles[index]!;
	const c = r.fork(`cycle/${row.name}`);
	const hosts = new Set(county.reviewHosts[index] ?? []);
	const planned = row.open
		? [
				...county.inProgress.map((setting) => ({ setting, signedOff: null })),
				{ setting: county.visitHost, signedOff: { on: signOffDay(c, row, true) } }
			]
		: county.settings.map((setting) => ({
				setting,
				signedOff: { on: signOffDay(c, row, hosts.has(setting)) }
			}));
	county.evaluations[index] = await writeCycle(
		tx,
		c,
		county,
		{ index, row },
		planned,
		profiles,
		log
	);
}
