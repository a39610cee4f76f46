import { and, asc, eq, sql } from 'drizzle-orm';
import { SHARING_LABELS, type SharingLevel } from '../../../domain/evaluation';
import type { SettingType } from '../../../domain/organisation';
import {
	cycleFramework,
	evaluationCycle,
	evaluationEvent,
	evidence,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	judgement,
	judgementHistory,
	selfEvaluation
} from '../schema';
import type { Tx } from '../tenant';

/** Which starter framework each type of setting evaluates against in the demo cycles. */
const FRAMEWORK_BY_TYPE: Record<SettingType, string> = {
	mainstream: 'mcs',
	special: 'catie',
	pru: 'catie',
	early_years: 'early-years'
};

/** A closed cycle last year and an open one now, each using the starter frameworks. */
export async function seedCycles(tx: Tx, tenantId: string) {
	const versions = await tx
		.select({ key: framework.key, id: frameworkVersion.id })
		.from(frameworkVersion)
		.innerJoin(
			framework,
			and(
				eq(framework.tenantId, frameworkVersion.tenantId),
				eq(framework.id, frameworkVersion.frameworkId)
			)
		)
		.where(and(eq(frameworkVersion.tenantId, tenantId), eq(frameworkVersion.status, 'published')));
	const versionOf = new Map(versions.map((v) => [v.key, v.id]));
	const cycles: Record<'previous' | 'current', string> = { previous: '', current: '' };
	const plan = [
		['previous', '2025/26', '2026-07-17', 'closed', '2025-09-01T09:00:00Z'],
		['current', '2026/27', '2027-03-31', 'open', '2026-09-01T09:00:00Z']
	] as const;
	for (const [which, name, deadline, status, createdAt] of plan) {
		const [cycle] = await tx
			.insert(evaluationCycle)
			.values({ tenantId, name, deadline, status, createdAt: new Date(createdAt) })
			.returning({ id: evaluationCycle.id });
		cycles[which] = cycle!.id;
		await tx.insert(cycleFramework).values(
			Object.entries(FRAMEWORK_BY_TYPE).map(([settingType, key]) => ({
				tenantId,
				cycleId: cycle!.id,
				settingType: settingType as SettingType,
				versionId: versionOf.get(key)!
			}))
		);
	}
	return { ...cycles, versionOf: (type: SettingType) => versionOf.get(FRAMEWORK_BY_TYPE[type])! };
}
export type DemoCycles = Awaited<ReturnType<typeof seedCycles>>;

// Demo ratings follow a fixed pattern, so every run shows the same picture: mostly
// established, some emerging, a few embedded and one or two not yet in place.
const PATTERN = [3, 2, 3, 4, 3, 2, 3, 3, 1, 3, 4, 2];

/** How a demo self-evaluation rates its criteria: index arithmetic only, never chance. */
export interface DemoRatings {
	/** Where in the pattern the ratings start, so settings differ. */
	offset: number;
	/**
	 * Added to the pattern's ratings, section by section in turn (kept on the scale): a setting
	 * stronger in some sections and weaker in others, or a year on, moved up or down.
	 */
	lift?: readonly number[];
	/** How many statutory criteria are rated at the lowest level whatever the pattern says. */
	gaps?: number;
}

interface DemoEvaluation extends DemoRatings {
	tenantId: string;
	cycleId: string;
	settingId: string;
	versionId: string;
	/** Who rated and who signed off; null where the demo has no account at the setting. */
	senco: string | null;
	head: string | null;
}

/** The demo rating of each criterion, in framework order. */
function demoRatings(
	criteria: readonly { sectionId: string; statutory: boolean }[],
	{ offset, lift = [0], gaps = 0 }: DemoRatings
): number[] {
	const sections = [...new Set(criteria.map((c) => c.sectionId))];
	const statutory = criteria.flatMap((c, i) => (c.statutory ? [i] : []));
	// Spread over the framework, starting where the setting's pattern starts.
	const held = new Set(
		Array.from(
			{ length: Math.min(gaps, statutory.length) },
			(_, j) => statutory[(offset + 3 * j) % statutory.length]!
		)
	);
	return criteria.map((c, i) => {
		if (held.has(i)) return 1;
		const shift = lift[sections.indexOf(c.sectionId) % lift.length]!;
		// A weaker section is emerging, not absent: only `gaps` put a statutory duty at level 1.
		const floor = shift < 0 ? 2 : 1;
		return Math.min(4, Math.max(floor, PATTERN[(i + offset) % PATTERN.length]! + shift));
	});
}

/**
 * Writes a rated, written-up judgement (with its first history entry) on each criterion of
 * the version, leaving out the last `skipSections` sections.
 */
async function seedJudgements(
	tx: Tx,
	input: DemoEvaluation & { evaluationId: string; savedAt: Date; skipSections: number }
) {
	const { tenantId, evaluationId, senco, savedAt } = input;
	const criteria = await tx
		.select({
			id: frameworkCriterion.id,
			code: frameworkCriterion.code,
			sectionId: frameworkCriterion.sectionId,
			statutory: frameworkCriterion.statutory
		})
		.from(frameworkCriterion)
		.innerJoin(
			frameworkSection,
			and(
				eq(frameworkSection.tenantId, frameworkCriterion.tenantId),
				eq(frameworkSection.id, frameworkCriterion.sectionId)
			)
		)
		.where(
			and(
				eq(frameworkCriterion.tenantId, tenantId),
				eq(frameworkCriterion.versionId, input.versionId)
			)
		)
		.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
	const sections = [...new Set(criteria.map((c) => c.sectionId))];
	const kept = new Set(sections.slice(0, sections.length - input.skipSections));
	const ratings = demoRatings(criteria, input);
	const values = criteria
		.map((c, i) => ({ c, rating: ratings[i]! }))
		.filter(({ c }) => kept.has(c.sectionId))
		.map(({ c, rating }) => ({
			criterionId: c.id,
			rating,
			narrative: `Checked through a learning walk, the provision map and a sample of pupil plans (${c.code}).`,
			nextSteps: rating < 3 ? 'Add to the SEND development plan with a named lead.' : '',
			// Targets where the setting is not yet established: its development priorities.
			targetRating: rating < 3 ? rating + 1 : null,
			targetDate: rating < 3 ? '2027-07-16' : null
		}));
	await tx
		.insert(judgement)
		.values(
			values.map((v) => ({ tenantId, evaluationId, ...v, updatedBy: senco, updatedAt: savedAt }))
		);
	// Each judgement's first version, copied in one statement (the seed writes thousands).
	await tx.insert(judgementHistory).select(
		tx
			.select({
				tenantId: judgement.tenantId,
				id: sql<string>`gen_random_uuid()`.as('id'),
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
			.where(and(eq(judgement.tenantId, tenantId), eq(judgement.evaluationId, evaluationId)))
	);
	return criteria;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A self-evaluation with every criterion rated and written up and one piece of evidence,
 * submitted by the SENCO on `submittedAt` and begun some weeks before; `status` and `version`
 * say how far it went from there, and `later` what its trail records after the submission.
 */
async function seedCompleteEvaluation(
	tx: Tx,
	input: DemoEvaluation,
	values: Pick<
		typeof selfEvaluation.$inferInsert,
		'status' | 'sharing' | 'signedOffAt' | 'signedOffBy' | 'version'
	> & {
		submittedAt: Date;
	},
	later: Omit<typeof evaluationEvent.$inferInsert, 'tenantId' | 'evaluationId'>[] = []
) {
	const { tenantId, senco } = input;
	const { submittedAt } = values;
	const [evaluation] = await tx
		.insert(selfEvaluation)
		.values({
			tenantId,
			cycleId: input.cycleId,
			settingId: input.settingId,
			versionId: input.versionId,
			...values,
			createdAt: new Date(submittedAt.getTime() - 56 * DAY)
		})
		.returning({ id: selfEvaluation.id });
	const evaluationId = evaluation!.id;
	const criteria = await seedJudgements(tx, {
		...input,
		evaluationId,
		savedAt: submittedAt,
		skipSections: 0
	});
	await tx.insert(evidence).values({
		tenantId,
		evaluationId,
		criterionId: criteria[0]!.id,
		kind: 'link',
		title: 'SEN information report on the school website',
		url: 'https://example.org/send-information-report',
		addedBy: senco,
		addedAt: submittedAt
	});
	await tx
		.insert(evaluationEvent)
		.values(
			[{ action: 'submitted' as const, actorId: senco, at: submittedAt }, ...later].map(
				(event) => ({ tenantId, evaluationId, ...event })
			)
		);
	return evaluationId;
}

/** When a demo self-evaluation was submitted and signed off, and what the board may see. */
interface DemoSignOff {
	sharing?: SharingLevel;
	submittedAt?: Date;
	signedOffAt?: Date;
}

/**
 * A self-evaluation signed off by the head, by default late in the summer term with the
 * summary shared with the board: the demo setting's last year, to compare this year with.
 */
export async function seedSignedOffEvaluation(tx: Tx, input: DemoEvaluation & DemoSignOff) {
	const { head } = input;
	const sharing = input.sharing ?? 'summary';
	const signedOffAt = input.signedOffAt ?? new Date('2026-07-03T12:00:00Z');
	return seedCompleteEvaluation(
		tx,
		input,
		{
			status: 'signed_off',
			sharing,
			submittedAt: input.submittedAt ?? new Date('2026-06-26T15:00:00Z'),
			signedOffAt,
			signedOffBy: head,
			// Submitting, signing off and choosing what to share each moved it on.
			version: sharing === 'none' ? 3 : 4
		},
		[
			{ action: 'signed_off', actorId: head, at: signedOffAt },
			...(sharing === 'none'
				? []
				: [
						{
							action: 'sharing_changed' as const,
							comment: SHARING_LABELS[sharing],
							actorId: head,
							at: signedOffAt
						}
					])
		]
	);
}

/** A self-evaluation complete and submitted, waiting for the head to sign it off. */
export async function seedSubmittedEvaluation(
	tx: Tx,
	input: DemoEvaluation & { submittedAt: Date }
) {
	return seedCompleteEvaluation(tx, input, {
		status: 'submitted',
		sharing: 'none',
		submittedAt: input.submittedAt,
		signedOffAt: null,
		signedOffBy: null,
		version: 2
	});
}

/** A self-evaluation under way: every section done but the last `skipSections` (one by default). */
export async function seedEvaluationInProgress(
	tx: Tx,
	input: DemoEvaluation & { skipSections?: number }
) {
	const [evaluation] = await tx
		.insert(selfEvaluation)
		.values({
			tenantId: input.tenantId,
			cycleId: input.cycleId,
			settingId: input.settingId,
			versionId: input.versionId,
			createdAt: new Date('2026-09-14T08:30:00Z')
		})
		.returning({ id: selfEvaluation.id });
	await seedJudgements(tx, {
		...input,
		evaluationId: evaluation!.id,
		savedAt: new Date('2026-11-20T16:00:00Z'),
		skipSections: input.skipSections ?? 1
	});
	return evaluation!.id;
}
