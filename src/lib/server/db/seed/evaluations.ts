import { and, asc, eq } from 'drizzle-orm';
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

// Demo ratings follow a fixed pattern, so every run shows the same picture: mostly
// established, some emerging, a few embedded and one or two not yet in place.
const PATTERN = [3, 2, 3, 4, 3, 2, 3, 3, 1, 3, 4, 2];

interface DemoEvaluation {
	tenantId: string;
	cycleId: string;
	settingId: string;
	versionId: string;
	senco: string;
	head: string;
	/** Where in the pattern the ratings start, so settings differ. */
	offset: number;
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
			sectionId: frameworkCriterion.sectionId
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
	const values = criteria
		.filter((c) => kept.has(c.sectionId))
		.map((c, i) => {
			const rating = PATTERN[(i + input.offset) % PATTERN.length]!;
			return {
				criterionId: c.id,
				rating,
				narrative: `Checked through a learning walk, the provision map and a sample of pupil plans (${c.code}).`,
				nextSteps: rating < 3 ? 'Add to the SEND development plan with a named lead.' : '',
				targetRating: rating < 4 ? rating + 1 : null,
				targetDate: rating < 4 ? '2027-07-16' : null
			};
		});
	const rows = await tx
		.insert(judgement)
		.values(
			values.map((v) => ({ tenantId, evaluationId, ...v, updatedBy: senco, updatedAt: savedAt }))
		)
		.returning({ id: judgement.id, criterionId: judgement.criterionId });
	const byCriterion = new Map(values.map(({ criterionId, ...saved }) => [criterionId, saved]));
	await tx.insert(judgementHistory).values(
		rows.map((r) => ({
			tenantId,
			judgementId: r.id,
			version: 1,
			...byCriterion.get(r.criterionId)!,
			savedBy: senco,
			savedAt
		}))
	);
	return criteria;
}

/**
 * A self-evaluation with every criterion rated and written up, signed off by the head and
 * summary shared with the board: the demo setting's last year, to compare this year with.
 */
export async function seedSignedOffEvaluation(tx: Tx, input: DemoEvaluation) {
	const { tenantId, senco, head } = input;
	const submittedAt = new Date('2026-06-26T15:00:00Z');
	const signedOffAt = new Date('2026-07-03T12:00:00Z');
	const [evaluation] = await tx
		.insert(selfEvaluation)
		.values({
			tenantId,
			cycleId: input.cycleId,
			settingId: input.settingId,
			versionId: input.versionId,
			status: 'signed_off',
			sharing: 'summary',
			submittedAt,
			signedOffAt,
			signedOffBy: head,
			version: 4
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
	await tx.insert(evaluationEvent).values([
		{ tenantId, evaluationId, action: 'submitted', actorId: senco, at: submittedAt },
		{ tenantId, evaluationId, action: 'signed_off', actorId: head, at: signedOffAt },
		{
			tenantId,
			evaluationId,
			action: 'sharing_changed',
			comment: 'The summary ratings',
			actorId: head,
			at: signedOffAt
		}
	]);
	return evaluationId;
}

/** This year's self-evaluation under way: every section done but the last. */
export async function seedEvaluationInProgress(tx: Tx, input: DemoEvaluation) {
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
		skipSections: 1
	});
	return evaluation!.id;
}
