import { and, asc, desc, eq, lt, ne } from 'drizzle-orm';
import type { ScaleLevel } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import {
	criterionComplete,
	sectionStatus,
	summariseSection,
	type RatedCriterion
} from '../../domain/rollup';
import type { Scope } from '../auth/guards';
import {
	appUser,
	evaluationCycle,
	evaluationEvent,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	judgement,
	judgementHistory,
	organisation,
	peerReview,
	selfEvaluation,
	setting
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { SHARING_LABELS } from '../../domain/evaluation';
import { writeAudit } from './audit';
import { openCyclesForSetting } from './cycles';
import { isEditable, mayDo, memberEvaluation, type EvaluationRow } from './evaluation-access';
import { NOT_FOUND } from './structure';

/** What a setting records against one criterion. */
export interface JudgementValues {
	rating: number | null;
	narrative: string;
	nextSteps: string;
	targetRating: number | null;
	/** An ISO date (yyyy-mm-dd). */
	targetDate: string | null;
}

export const EMPTY_JUDGEMENT: JudgementValues = {
	rating: null,
	narrative: '',
	nextSteps: '',
	targetRating: null,
	targetDate: null
};

const judgementColumns = {
	rating: judgement.rating,
	narrative: judgement.narrative,
	nextSteps: judgement.nextSteps,
	targetRating: judgement.targetRating,
	targetDate: judgement.targetDate
};

const isTouched = (j: JudgementValues) =>
	j.rating !== null ||
	j.narrative.trim() !== '' ||
	j.nextSteps.trim() !== '' ||
	j.targetRating !== null ||
	j.targetDate !== null;

const sameValues = (a: JudgementValues, b: JudgementValues) =>
	a.rating === b.rating &&
	a.narrative === b.narrative &&
	a.nextSteps === b.nextSteps &&
	a.targetRating === b.targetRating &&
	a.targetDate === b.targetDate;

/**
 * Self-evaluations with the setting, cycle and framework version each is about; callers
 * add the where clause.
 */
function evaluationsInContext(tx: Tx) {
	return tx
		.select({
			id: selfEvaluation.id,
			cycleId: selfEvaluation.cycleId,
			versionId: selfEvaluation.versionId,
			status: selfEvaluation.status,
			settingName: organisation.name,
			settingType: setting.settingType,
			cycleName: evaluationCycle.name,
			deadline: evaluationCycle.deadline,
			cycleCreatedAt: evaluationCycle.createdAt,
			frameworkName: framework.name,
			versionLabel: frameworkVersion.label,
			versionNumber: frameworkVersion.number,
			scale: frameworkVersion.scale
		})
		.from(selfEvaluation)
		.innerJoin(organisation, rowOf(organisation, selfEvaluation.tenantId, selfEvaluation.settingId))
		.innerJoin(setting, rowOf(setting, selfEvaluation.tenantId, selfEvaluation.settingId))
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, selfEvaluation.tenantId, selfEvaluation.cycleId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, selfEvaluation.tenantId, selfEvaluation.versionId)
		)
		.innerJoin(
			framework,
			rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId)
		);
}

/** The framework, cycle and setting an evaluation is about. */
export async function evaluationContext(tx: Tx, row: Pick<EvaluationRow, 'id'>) {
	const [context] = await evaluationsInContext(tx).where(eq(selfEvaluation.id, row.id));
	if (!context) throw new Error('A self-evaluation lost its cycle, setting or framework.');
	return context;
}

/** Every section of the evaluation's framework version, each with its criteria and judgements. */
export async function loadContent(tx: Tx, evaluationId: string, versionId: string) {
	const [sections, criteria] = await Promise.all([
		tx
			.select({
				id: frameworkSection.id,
				code: frameworkSection.code,
				title: frameworkSection.title,
				description: frameworkSection.description
			})
			.from(frameworkSection)
			.where(eq(frameworkSection.versionId, versionId))
			.orderBy(asc(frameworkSection.position)),
		tx
			.select({
				id: frameworkCriterion.id,
				sectionId: frameworkCriterion.sectionId,
				code: frameworkCriterion.code,
				title: frameworkCriterion.title,
				descriptors: frameworkCriterion.descriptors,
				statutory: frameworkCriterion.statutory,
				areasOfNeed: frameworkCriterion.areasOfNeed,
				judgementVersion: judgement.version,
				updatedAt: judgement.updatedAt,
				...judgementColumns
			})
			.from(frameworkCriterion)
			.leftJoin(
				judgement,
				and(
					eq(judgement.tenantId, frameworkCriterion.tenantId),
					eq(judgement.criterionId, frameworkCriterion.id),
					eq(judgement.evaluationId, evaluationId)
				)
			)
			.where(eq(frameworkCriterion.versionId, versionId))
			.orderBy(asc(frameworkCriterion.position))
	]);
	return sections.map((section) => {
		const own = criteria
			.filter((c) => c.sectionId === section.id)
			.map((c) => {
				const values: JudgementValues = {
					rating: c.rating,
					narrative: c.narrative ?? '',
					nextSteps: c.nextSteps ?? '',
					targetRating: c.targetRating,
					targetDate: c.targetDate
				};
				const rated: RatedCriterion = {
					code: c.code,
					statutory: c.statutory,
					rating: c.rating,
					hasNarrative: values.narrative.trim() !== '',
					touched: isTouched(values)
				};
				return {
					id: c.id,
					code: c.code,
					title: c.title,
					descriptors: c.descriptors,
					statutory: c.statutory,
					areasOfNeed: c.areasOfNeed,
					values,
					rated,
					complete: criterionComplete(rated)
				};
			});
		return { ...section, criteria: own };
	});
}
type Content = Awaited<ReturnType<typeof loadContent>>;

/** A member's evaluation with what it is about and everything recorded in it. */
async function readEvaluation(tx: Tx, scope: Scope, evaluationId: string) {
	const row = await memberEvaluation(tx, scope, evaluationId);
	if (!row) return undefined;
	const [context, content] = await Promise.all([
		evaluationContext(tx, row),
		loadContent(tx, row.id, row.versionId)
	]);
	return { row, context, content };
}

const sectionOverview = (content: Content, scale: ScaleLevel[]) =>
	content.map((s) => {
		const rated = s.criteria.map((c) => c.rated);
		return {
			id: s.id,
			code: s.code,
			title: s.title,
			status: sectionStatus(rated),
			complete: s.criteria.filter((c) => c.complete).length,
			total: s.criteria.length,
			summary: summariseSection(rated, scale)
		};
	});

const rightsOf = (scope: Scope, row: EvaluationRow) => ({
	edit: mayDo(scope, 'edit') && isEditable(row),
	addEvidence: mayDo(scope, 'read') && isEditable(row),
	submit: mayDo(scope, 'edit') && isEditable(row),
	signOff: mayDo(scope, 'signOff')
});

/** The self-evaluations of the scope's setting, and the open cycles it can start one in. */
export async function settingEvaluations(scope: Scope) {
	if (!mayDo(scope, 'read')) return undefined;
	return inTenant(scope, async (tx) => {
		const settingId = scope.membership.organisationId;
		const [own] = await tx
			.select({ settingType: setting.settingType })
			.from(setting)
			.where(eq(setting.id, settingId));
		if (!own) return undefined;
		const [evaluations, open] = await Promise.all([
			evaluationsInContext(tx)
				.where(eq(selfEvaluation.settingId, settingId))
				.orderBy(desc(evaluationCycle.createdAt)),
			openCyclesForSetting(tx, own.settingType)
		]);
		const started = new Set(evaluations.map((e) => e.cycleId));
		const progress = await Promise.all(
			evaluations.map(async (e) => {
				const content = await loadContent(tx, e.id, e.versionId);
				const all = content.flatMap((s) => s.criteria);
				return { complete: all.filter((c) => c.complete).length, total: all.length };
			})
		);
		return {
			settingType: own.settingType,
			canStart: mayDo(scope, 'edit'),
			evaluations: evaluations.map((e, i) => ({ ...e, progress: progress[i]! })),
			startable: open.filter((c) => !started.has(c.id))
		};
	});
}

export type StartResult =
	{ ok: true; id: string } | typeof NOT_FOUND | { ok: false; reason: 'forbidden' };

/**
 * Starts the setting's self-evaluation in an open cycle, pinned to the framework version the
 * cycle sets for its type. Starting twice (two people, or a double click) gives the same one.
 */
export async function startEvaluation(scope: Scope, cycleId: string): Promise<StartResult> {
	if (!isRecordId(cycleId)) return NOT_FOUND;
	if (!mayDo(scope, 'edit')) return { ok: false, reason: 'forbidden' };
	return inTenant(scope, async (tx) => {
		const settingId = scope.membership.organisationId;
		const [own] = await tx
			.select({ settingType: setting.settingType })
			.from(setting)
			.where(eq(setting.id, settingId));
		if (!own) return NOT_FOUND;
		const cycle = (await openCyclesForSetting(tx, own.settingType, { lock: true })).find(
			(c) => c.id === cycleId
		);
		if (!cycle) return NOT_FOUND;
		await tx
			.insert(selfEvaluation)
			.values({
				tenantId: scope.tenantId,
				cycleId,
				settingId,
				versionId: cycle.versionId
			})
			.onConflictDoNothing();
		const [row] = await tx
			.select({ id: selfEvaluation.id })
			.from(selfEvaluation)
			.where(and(eq(selfEvaluation.cycleId, cycleId), eq(selfEvaluation.settingId, settingId)));
		return { ok: true, id: row!.id };
	});
}

/** An evaluation's task list: its sections with status and progress, and its sign-off trail. */
export async function getEvaluation(scope: Scope, evaluationId: string) {
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId);
		if (!row) return undefined;
		const [context, content, events] = await Promise.all([
			evaluationContext(tx, row),
			loadContent(tx, row.id, row.versionId),
			tx
				.select({
					action: evaluationEvent.action,
					comment: evaluationEvent.comment,
					actorName: appUser.name,
					at: evaluationEvent.at
				})
				.from(evaluationEvent)
				.leftJoin(appUser, eq(appUser.id, evaluationEvent.actorId))
				.where(eq(evaluationEvent.evaluationId, row.id))
				.orderBy(desc(evaluationEvent.at))
		]);
		const sections = sectionOverview(content, context.scale);
		const all = content.flatMap((s) => s.criteria);
		return {
			evaluation: {
				id: row.id,
				status: row.status,
				sharing: row.sharing,
				sharedForReview: await sharedForReview(tx, row.id),
				version: row.version,
				submittedAt: row.submittedAt,
				signedOffAt: row.signedOffAt
			},
			context,
			sections,
			progress: {
				complete: all.filter((c) => c.complete).length,
				rated: all.filter((c) => c.values.rating !== null).length,
				total: all.length
			},
			events,
			rights: rightsOf(scope, row)
		};
	});
}

/** One section's criteria with where each stands, for the section page. */
export async function getSection(scope: Scope, evaluationId: string, sectionId: string) {
	if (!isRecordId(sectionId)) return undefined;
	return inTenant(scope, async (tx) => {
		const read = await readEvaluation(tx, scope, evaluationId);
		if (!read) return undefined;
		const { row, context, content } = read;
		const index = content.findIndex((s) => s.id === sectionId);
		const section = content[index];
		if (!section) return undefined;
		return {
			evaluation: { id: row.id, status: row.status },
			context,
			section: {
				id: section.id,
				code: section.code,
				title: section.title,
				description: section.description,
				summary: summariseSection(
					section.criteria.map((c) => c.rated),
					context.scale
				),
				criteria: section.criteria.map((c) => ({
					id: c.id,
					code: c.code,
					title: c.title,
					statutory: c.statutory,
					rating: c.values.rating,
					complete: c.complete,
					touched: c.rated.touched
				}))
			},
			previous: content[index - 1] ? { id: content[index - 1]!.id } : null,
			next: content[index + 1] ? { id: content[index + 1]!.id } : null,
			rights: rightsOf(scope, row)
		};
	});
}

/** The criterion page: its descriptors, the setting's judgement on it, and where it sits. */
export async function getCriterion(scope: Scope, evaluationId: string, criterionId: string) {
	if (!isRecordId(criterionId)) return undefined;
	return inTenant(scope, async (tx) => {
		const read = await readEvaluation(tx, scope, evaluationId);
		if (!read) return undefined;
		const { row, context, content } = read;
		const order = content.flatMap((s) => s.criteria.map((c) => ({ section: s, criterion: c })));
		const index = order.findIndex((o) => o.criterion.id === criterionId);
		const found = order[index];
		if (!found) return undefined;
		const saved = await savedJudgement(tx, row.id, criterionId);
		const neighbour = (o: (typeof order)[number] | undefined) =>
			o ? { id: o.criterion.id, code: o.criterion.code, title: o.criterion.title } : null;
		return {
			evaluation: { id: row.id, status: row.status },
			context,
			section: { id: found.section.id, code: found.section.code, title: found.section.title },
			criterion: {
				id: found.criterion.id,
				code: found.criterion.code,
				title: found.criterion.title,
				descriptors: found.criterion.descriptors,
				statutory: found.criterion.statutory,
				areasOfNeed: found.criterion.areasOfNeed
			},
			judgement: saved ?? { ...EMPTY_JUDGEMENT, version: 0, savedByName: null, savedAt: null },
			previous: neighbour(order[index - 1]),
			next: neighbour(order[index + 1]),
			rights: rightsOf(scope, row)
		};
	});
}

/** The stored judgement with who saved it last, or undefined before the first save. */
async function savedJudgement(tx: Tx, evaluationId: string, criterionId: string, lock = false) {
	const query = tx
		.select({
			id: judgement.id,
			version: judgement.version,
			savedByName: appUser.name,
			savedAt: judgement.updatedAt,
			...judgementColumns
		})
		.from(judgement)
		.leftJoin(appUser, eq(appUser.id, judgement.updatedBy))
		.where(and(eq(judgement.evaluationId, evaluationId), eq(judgement.criterionId, criterionId)));
	const [found] = lock ? await query.for('update', { of: judgement }) : await query;
	return found;
}
export type SavedJudgement = NonNullable<Awaited<ReturnType<typeof savedJudgement>>>;

export type SaveJudgementResult =
	| { ok: true; version: number; savedAt: Date }
	| typeof NOT_FOUND
	| { ok: false; reason: 'forbidden' }
	| { ok: false; reason: 'locked'; status: EvaluationRow['status'] }
	| { ok: false; reason: 'invalid'; field: keyof JudgementValues; message: string }
	| { ok: false; reason: 'conflict'; current: SavedJudgement };

/**
 * Saves a judgement if nobody has saved it since `expectedVersion` was read (0 for a first
 * save); otherwise returns what they saved, so the person can choose or merge. Each save
 * that changes something adds a history entry; saving the same values again changes nothing.
 */
export async function saveJudgement(
	scope: Scope,
	evaluationId: string,
	criterionId: string,
	expectedVersion: number,
	values: JudgementValues
): Promise<SaveJudgementResult> {
	if (!isRecordId(criterionId)) return NOT_FOUND;
	return inTenant(scope, async (tx) => {
		// A share lock: saves go on side by side, but not while the evaluation is submitted.
		const row = await memberEvaluation(tx, scope, evaluationId, { lock: 'share' });
		if (!row) return NOT_FOUND;
		if (!mayDo(scope, 'edit')) return { ok: false, reason: 'forbidden' };
		if (!isEditable(row)) return { ok: false, reason: 'locked', status: row.status };
		const [criterion] = await tx
			.select({ scale: frameworkVersion.scale })
			.from(frameworkCriterion)
			.innerJoin(
				frameworkVersion,
				rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
			)
			.where(
				and(eq(frameworkCriterion.id, criterionId), eq(frameworkCriterion.versionId, row.versionId))
			);
		if (!criterion) return NOT_FOUND;
		const top = criterion.scale.length;
		for (const field of ['rating', 'targetRating'] as const) {
			const value = values[field];
			if (value !== null && (!Number.isInteger(value) || value < 1 || value > top))
				return { ok: false, reason: 'invalid', field, message: 'Choose a level from the scale' };
		}

		const current = await savedJudgement(tx, row.id, criterionId, true);
		const conflict = async () => {
			const now = await savedJudgement(tx, row.id, criterionId);
			return { ok: false, reason: 'conflict', current: now! } as const;
		};
		if ((current?.version ?? 0) !== expectedVersion) {
			return current ? { ok: false, reason: 'conflict', current } : NOT_FOUND;
		}
		if (current && sameValues(current, values))
			return { ok: true, version: current.version, savedAt: current.savedAt };

		const now = new Date();
		let judgementId: string;
		let version: number;
		if (!current) {
			const [inserted] = await tx
				.insert(judgement)
				.values({
					tenantId: scope.tenantId,
					evaluationId: row.id,
					criterionId,
					...values,
					updatedBy: scope.userId,
					updatedAt: now
				})
				.onConflictDoNothing()
				.returning({ id: judgement.id, version: judgement.version });
			// Someone else's first save landed between our read and our insert.
			if (!inserted) return conflict();
			judgementId = inserted.id;
			version = inserted.version;
		} else {
			judgementId = current.id;
			version = current.version + 1;
			await tx
				.update(judgement)
				.set({ ...values, version, updatedBy: scope.userId, updatedAt: now })
				.where(eq(judgement.id, current.id));
		}
		await tx.insert(judgementHistory).values({
			tenantId: scope.tenantId,
			judgementId,
			version,
			...values,
			savedBy: scope.userId,
			savedAt: now
		});
		return { ok: true, version, savedAt: now };
	});
}

/** Every saved version of a judgement, newest first. */
export async function judgementHistoryOf(scope: Scope, evaluationId: string, criterionId: string) {
	if (!isRecordId(criterionId)) return undefined;
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId);
		if (!row) return undefined;
		const [criterion] = await tx
			.select({ code: frameworkCriterion.code, title: frameworkCriterion.title })
			.from(frameworkCriterion)
			.where(
				and(eq(frameworkCriterion.id, criterionId), eq(frameworkCriterion.versionId, row.versionId))
			);
		if (!criterion) return undefined;
		const [context, entries] = await Promise.all([
			evaluationContext(tx, row),
			tx
				.select({
					version: judgementHistory.version,
					rating: judgementHistory.rating,
					narrative: judgementHistory.narrative,
					nextSteps: judgementHistory.nextSteps,
					targetRating: judgementHistory.targetRating,
					targetDate: judgementHistory.targetDate,
					savedByName: appUser.name,
					savedAt: judgementHistory.savedAt
				})
				.from(judgementHistory)
				.innerJoin(
					judgement,
					rowOf(judgement, judgementHistory.tenantId, judgementHistory.judgementId)
				)
				.leftJoin(appUser, eq(appUser.id, judgementHistory.savedBy))
				.where(and(eq(judgement.evaluationId, row.id), eq(judgement.criterionId, criterionId)))
				.orderBy(desc(judgementHistory.version))
		]);
		return {
			evaluation: { id: row.id },
			context,
			criterion: { id: criterionId, ...criterion },
			entries
		};
	});
}

export type WorkflowResult =
	| { ok: true }
	| typeof NOT_FOUND
	| { ok: false; reason: 'forbidden' }
	| { ok: false; reason: 'stale' }
	| { ok: false; reason: 'wrong-status'; status: EvaluationRow['status'] }
	| { ok: false; reason: 'incomplete'; unrated: number }
	| { ok: false; reason: 'shared-for-review' };

type Step = {
	right: 'edit' | 'signOff';
	from: readonly EvaluationRow['status'][];
	to: EvaluationRow['status'];
	action: 'submitted' | 'returned' | 'signed_off' | 'reopened';
};

const STEPS = {
	submit: {
		right: 'edit',
		from: ['in_progress', 'returned'],
		to: 'submitted',
		action: 'submitted'
	},
	return: { right: 'signOff', from: ['submitted'], to: 'returned', action: 'returned' },
	signOff: { right: 'signOff', from: ['submitted'], to: 'signed_off', action: 'signed_off' },
	reopen: { right: 'signOff', from: ['signed_off'], to: 'in_progress', action: 'reopened' }
} as const satisfies Record<string, Step>;
export type WorkflowStep = keyof typeof STEPS;

/**
 * Moves an evaluation on: the SENCO submits it (every criterion rated), the head returns it
 * with comments or signs it off (which locks it), and only the head can reopen it. Each
 * step is recorded in the evaluation's trail and the audit log.
 */
export async function moveEvaluation(
	scope: Scope,
	evaluationId: string,
	expectedVersion: number,
	stepName: WorkflowStep,
	comment = ''
): Promise<WorkflowResult> {
	const step: Step = STEPS[stepName];
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId, { lock: 'update' });
		if (!row) return NOT_FOUND;
		if (!mayDo(scope, step.right)) return { ok: false, reason: 'forbidden' };
		if (row.version !== expectedVersion) return { ok: false, reason: 'stale' };
		if (!step.from.includes(row.status))
			return { ok: false, reason: 'wrong-status', status: row.status };
		// The version a peer review read stays as it was signed off: its reviewers, report and
		// calibration rest on it. Changes belong in the next cycle's self-evaluation.
		if (stepName === 'reopen' && (await sharedForReview(tx, row.id)))
			return { ok: false, reason: 'shared-for-review' };
		if (stepName === 'submit') {
			const content = await loadContent(tx, row.id, row.versionId);
			const unrated = content.flatMap((s) => s.criteria).filter((c) => c.values.rating === null);
			if (unrated.length > 0) return { ok: false, reason: 'incomplete', unrated: unrated.length };
		}
		const now = new Date();
		await tx
			.update(selfEvaluation)
			.set({
				status: step.to,
				version: row.version + 1,
				updatedAt: now,
				...(step.to === 'submitted' ? { submittedAt: now } : {}),
				...(step.to === 'signed_off'
					? { signedOffAt: now, signedOffBy: scope.userId }
					: { signedOffAt: null, signedOffBy: null })
			})
			.where(eq(selfEvaluation.id, row.id));
		await recordEvent(tx, scope, row, step.action, comment);
		return { ok: true };
	});
}

/** Whether a peer review has been given this self-evaluation to read. */
async function sharedForReview(tx: Tx, evaluationId: string) {
	const [shared] = await tx
		.select({ id: peerReview.id })
		.from(peerReview)
		.where(eq(peerReview.evaluationId, evaluationId))
		.limit(1);
	return shared !== undefined;
}

async function recordEvent(
	tx: Tx,
	scope: Scope,
	row: EvaluationRow,
	action: (typeof evaluationEvent.$inferInsert)['action'],
	comment: string
) {
	await tx.insert(evaluationEvent).values({
		tenantId: scope.tenantId,
		evaluationId: row.id,
		action,
		comment,
		actorId: scope.userId
	});
	const context = await evaluationContext(tx, row);
	await writeAudit(tx, scope, {
		action: `self-evaluation.${action}`,
		subject: `${context.settingName}, ${context.cycleName}`,
		detail: comment ? { comment } : {}
	});
}

export type SharingResult =
	{ ok: true } | typeof NOT_FOUND | { ok: false; reason: 'forbidden' | 'stale' };

/** The head decides what the area board may see: nothing, the summary ratings, or everything. */
export async function setSharing(
	scope: Scope,
	evaluationId: string,
	expectedVersion: number,
	sharing: EvaluationRow['sharing']
): Promise<SharingResult> {
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId, { lock: 'update' });
		if (!row) return NOT_FOUND;
		if (!mayDo(scope, 'signOff')) return { ok: false, reason: 'forbidden' };
		if (row.version !== expectedVersion) return { ok: false, reason: 'stale' };
		if (row.sharing === sharing) return { ok: true };
		await tx
			.update(selfEvaluation)
			.set({ sharing, version: row.version + 1, updatedAt: new Date() })
			.where(eq(selfEvaluation.id, row.id));
		await recordEvent(tx, scope, row, 'sharing_changed', SHARING_LABELS[sharing]);
		return { ok: true };
	});
}

/** The same setting's evaluation in the cycle before this one, if it has one. */
async function previousEvaluation(tx: Tx, row: EvaluationRow, cycleCreatedAt: Date) {
	const [previous] = await tx
		.select({
			id: selfEvaluation.id,
			versionId: selfEvaluation.versionId,
			cycleName: evaluationCycle.name,
			status: selfEvaluation.status
		})
		.from(selfEvaluation)
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, selfEvaluation.tenantId, selfEvaluation.cycleId)
		)
		.where(
			and(
				eq(selfEvaluation.settingId, row.settingId),
				ne(selfEvaluation.id, row.id),
				lt(evaluationCycle.createdAt, cycleCreatedAt)
			)
		)
		.orderBy(desc(evaluationCycle.createdAt))
		.limit(1);
	return previous;
}

/**
 * The summary: each section's level with the reason, counts per level, statutory gaps, and
 * the previous cycle's levels for sections with the same code.
 */
export async function evaluationSummary(scope: Scope, evaluationId: string) {
	return inTenant(scope, async (tx) => {
		const read = await readEvaluation(tx, scope, evaluationId);
		if (!read) return undefined;
		const { row, context, content } = read;
		const sections = sectionOverview(content, context.scale);
		const all = content.flatMap((s) => s.criteria.map((c) => ({ ...c, section: s.code })));
		const lowest = context.scale[0]?.value ?? 1;
		const previous = await previousEvaluation(tx, row, context.cycleCreatedAt);
		let previousLevels: Record<string, number | null> | null = null;
		if (previous) {
			const [prevContext, prevContent] = await Promise.all([
				evaluationContext(tx, { ...row, id: previous.id }),
				loadContent(tx, previous.id, previous.versionId)
			]);
			previousLevels = Object.fromEntries(
				sectionOverview(prevContent, prevContext.scale).map((s) => [s.code, s.summary.level])
			);
		}
		return {
			evaluation: { id: row.id, status: row.status, sharing: row.sharing },
			context,
			sections: sections.map((s) => ({
				...s,
				previousLevel: previousLevels ? (previousLevels[s.code] ?? null) : null
			})),
			counts: context.scale.map((l) => ({
				...l,
				count: all.filter((c) => c.values.rating === l.value).length
			})),
			unrated: all.filter((c) => c.values.rating === null).length,
			statutoryGaps: all
				.filter((c) => c.statutory && (c.values.rating === null || c.values.rating === lowest))
				.map((c) => ({
					id: c.id,
					code: c.code,
					title: c.title,
					section: c.section,
					rating: c.values.rating
				})),
			previous: previous ? { id: previous.id, cycleName: previous.cycleName } : null
		};
	});
}

/** Everything in an evaluation, in framework order, for the PDF and CSV exports. */
export async function evaluationExport(scope: Scope, evaluationId: string) {
	return inTenant(scope, async (tx) => {
		const read = await readEvaluation(tx, scope, evaluationId);
		if (!read) return undefined;
		const { row, context, content } = read;
		return {
			evaluation: { id: row.id, status: row.status, signedOffAt: row.signedOffAt },
			context,
			sections: sectionOverview(content, context.scale).map((s, i) => ({
				...s,
				criteria: content[i]!.criteria.map((c) => ({
					code: c.code,
					title: c.title,
					statutory: c.statutory,
					...c.values
				}))
			}))
		};
	});
}
