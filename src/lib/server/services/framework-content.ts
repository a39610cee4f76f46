import { and, asc, eq, max, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ScaleLevel } from '../../domain/framework';
import { MAX_SCALE_LEVELS, MIN_SCALE_LEVELS } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import type { CriterionInput, SectionInput } from '../../schemas/frameworks';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { frameworkCriterion, frameworkSection, frameworkVersion } from '../db/schema';
import type { Tx } from '../db/tenant';
import { criterionColumns } from './framework-files';
import {
	changeDraft,
	changeFreshDraft,
	conflict,
	invalid,
	recordChange,
	type DraftResult,
	type Head,
	type StepResult
} from './frameworks';
import { NOT_FOUND, type Invalid } from './structure';

/**
 * Runs a save of a section or criterion. A broken code uniqueness rule (two saves at once)
 * comes back as the form's message.
 */
async function keepingCodesUnique<T>(index: string, message: string, save: () => Promise<T>) {
	try {
		return await save();
	} catch (e) {
		if (brokenConstraint(e, '23505') !== index) throw e;
		return invalid('code' as const, message);
	}
}

/** Whether another section or criterion of the version has this code, in any case. */
async function codeInUse(
	tx: Tx,
	table: typeof frameworkSection | typeof frameworkCriterion,
	versionId: string,
	code: string,
	except?: string
) {
	const [row] = await tx
		.select({ id: table.id })
		.from(table)
		.where(
			and(
				eq(table.versionId, versionId),
				eq(sql`lower(${table.code})`, code.toLowerCase()),
				except ? ne(table.id, except) : undefined
			)
		);
	return !!row;
}

/** Whether a saved thing already has the values a form sends. */
const unchanged = (was: object, input: object) => JSON.stringify(was) === JSON.stringify(input);

/**
 * Changes a draft's scale: names and colours, and the number of levels. Every criterion keeps
 * one descriptor per level: a new top level gets an empty descriptor to be written, and
 * removing the top level removes each criterion's descriptor for it.
 */
export async function updateScale(
	scope: Scope,
	versionId: string,
	version: number,
	levels: Omit<ScaleLevel, 'value'>[]
): Promise<DraftResult<ScaleLevel[], 'labels'>> {
	if (levels.length < MIN_SCALE_LEVELS || levels.length > MAX_SCALE_LEVELS) {
		return invalid(
			'labels',
			`A scale needs from ${MIN_SCALE_LEVELS} to ${MAX_SCALE_LEVELS} levels`
		);
	}
	return changeDraft(scope, versionId, version, async (tx, head, fresh) => {
		if (!fresh) return conflict(head, head.scale);
		const scale = levels.map((l, i) => ({ value: i + 1, label: l.label, colour: l.colour }));
		const was = head.scale.length;
		if (scale.length > was) {
			const blanks = JSON.stringify(Array<string>(scale.length - was).fill(''));
			await tx
				.update(frameworkCriterion)
				.set({ descriptors: sql`${frameworkCriterion.descriptors} || ${blanks}::jsonb` })
				.where(eq(frameworkCriterion.versionId, head.id));
		} else if (scale.length < was) {
			const kept = `$[0 to ${scale.length - 1}]`;
			await tx
				.update(frameworkCriterion)
				.set({
					descriptors: sql`jsonb_path_query_array(${frameworkCriterion.descriptors}, ${kept}::jsonpath)`
				})
				.where(eq(frameworkCriterion.versionId, head.id));
		}
		await tx.update(frameworkVersion).set({ scale }).where(eq(frameworkVersion.id, head.id));
		await recordChange(tx, scope, head, 'framework.scale-updated', {
			before: { scale: head.scale },
			after: { scale }
		});
		return { ok: true, id: head.id };
	});
}

const sectionValues = (s: { code: string; title: string; description: string }): SectionInput => ({
	code: s.code,
	title: s.title,
	description: s.description
});

async function findSection(tx: Tx, versionId: string, sectionId: string) {
	if (!isRecordId(sectionId)) return undefined;
	const [row] = await tx
		.select({
			id: frameworkSection.id,
			code: frameworkSection.code,
			title: frameworkSection.title,
			description: frameworkSection.description
		})
		.from(frameworkSection)
		.where(and(eq(frameworkSection.versionId, versionId), eq(frameworkSection.id, sectionId)));
	return row;
}

const sectionCodeMessage = (code: string) => `This version already has a section ${code}`;

/** Adds a section at the end of a draft. */
export async function addSection(
	scope: Scope,
	versionId: string,
	version: number,
	input: SectionInput
): Promise<DraftResult<undefined, 'code'>> {
	const message = sectionCodeMessage(input.code);
	return keepingCodesUnique('framework_section_code_key', message, () =>
		changeFreshDraft(scope, versionId, version, async (tx, head) => {
			if (await codeInUse(tx, frameworkSection, head.id, input.code))
				return invalid('code', message);
			const [last] = await tx
				.select({ n: max(frameworkSection.position) })
				.from(frameworkSection)
				.where(eq(frameworkSection.versionId, head.id));
			const [created] = await tx
				.insert(frameworkSection)
				.values({
					tenantId: scope.tenantId,
					versionId: head.id,
					position: (last?.n ?? 0) + 1,
					...input
				})
				.returning({ id: frameworkSection.id });
			await recordChange(tx, scope, head, 'framework.section-added', { after: input });
			return { ok: true, id: created!.id };
		})
	);
}

/** Changes a section of a draft. */
export async function updateSection(
	scope: Scope,
	versionId: string,
	sectionId: string,
	version: number,
	input: SectionInput
): Promise<DraftResult<SectionInput, 'code'>> {
	const message = sectionCodeMessage(input.code);
	return keepingCodesUnique('framework_section_code_key', message, () =>
		changeDraft(scope, versionId, version, async (tx, head, fresh) => {
			const before = await findSection(tx, head.id, sectionId);
			if (!before) return NOT_FOUND;
			const was = sectionValues(before);
			if (!fresh) return conflict(head, was);
			if (await codeInUse(tx, frameworkSection, head.id, input.code, before.id))
				return invalid('code', message);
			if (unchanged(was, input)) return { ok: true, id: before.id };
			await tx.update(frameworkSection).set(input).where(eq(frameworkSection.id, before.id));
			await recordChange(tx, scope, head, 'framework.section-updated', {
				before: was,
				after: input
			});
			return { ok: true, id: before.id };
		})
	);
}

/**
 * Numbers rows 1, 2, 3 ... in the order given, in one statement. Renumbering the whole list
 * on each move means ties or gaps left by earlier changes never stop a move.
 */
function renumber(ids: string[], idColumn: AnyPgColumn) {
	const whens = ids.map((id, i) => sql`when ${id}::uuid then ${i + 1}::int`);
	return sql`case ${idColumn} ${sql.join(whens, sql` `)} end`;
}

/** Moves one item of an ordered list one place; the list is unchanged at either end. */
function moved<T extends { id: string }>(list: T[], id: string, direction: 'up' | 'down') {
	const i = list.findIndex((item) => item.id === id);
	if (i < 0) return null;
	const j = direction === 'up' ? i - 1 : i + 1;
	const ids = list.map((item) => item.id);
	if (j < 0 || j >= ids.length) return { ids, changed: false };
	[ids[i], ids[j]] = [ids[j]!, ids[i]!];
	return { ids, changed: true };
}

/**
 * Moves one section or criterion of a draft a place within its list, saving the new order and
 * recording it; false if it is not in the list.
 */
async function reorder(
	tx: Tx,
	scope: Scope,
	head: Head,
	move: {
		kind: 'section' | 'criterion';
		list: { id: string; code: string }[];
		id: string;
		direction: 'up' | 'down';
		save: (position: ReturnType<typeof renumber>) => Promise<unknown>;
		idColumn: AnyPgColumn;
	}
) {
	const order = moved(move.list, move.id, move.direction);
	if (!order) return false;
	if (order.changed) {
		await move.save(renumber(order.ids, move.idColumn));
		const code = move.list.find((item) => item.id === move.id)?.code;
		await recordChange(tx, scope, head, `framework.${move.kind}-moved`, {
			after: { [move.kind]: code, direction: move.direction }
		});
	}
	return true;
}

/** Moves a section of a draft one place up or down. */
export async function moveSection(
	scope: Scope,
	versionId: string,
	sectionId: string,
	version: number,
	direction: 'up' | 'down'
): Promise<StepResult> {
	return changeFreshDraft(scope, versionId, version, async (tx, head) => {
		const list = await tx
			.select({ id: frameworkSection.id, code: frameworkSection.code })
			.from(frameworkSection)
			.where(eq(frameworkSection.versionId, head.id))
			.orderBy(asc(frameworkSection.position), asc(frameworkSection.code));
		const found = await reorder(tx, scope, head, {
			kind: 'section',
			list,
			id: sectionId,
			direction,
			idColumn: frameworkSection.id,
			save: (position) =>
				tx.update(frameworkSection).set({ position }).where(eq(frameworkSection.versionId, head.id))
		});
		return found ? { ok: true, id: sectionId } : NOT_FOUND;
	});
}

/** Deletes a section of a draft, and its criteria with it. */
export async function deleteSection(
	scope: Scope,
	versionId: string,
	sectionId: string,
	version: number
): Promise<StepResult> {
	return changeFreshDraft(scope, versionId, version, async (tx, head) => {
		const section = await findSection(tx, head.id, sectionId);
		if (!section) return NOT_FOUND;
		const removed = await tx
			.delete(frameworkCriterion)
			.where(eq(frameworkCriterion.sectionId, section.id))
			.returning({ code: frameworkCriterion.code });
		await tx.delete(frameworkSection).where(eq(frameworkSection.id, section.id));
		await recordChange(tx, scope, head, 'framework.section-deleted', {
			before: { ...sectionValues(section), criteria: removed.map((c) => c.code) }
		});
		return { ok: true, id: head.id };
	});
}

async function findCriterion(tx: Tx, versionId: string, criterionId: string) {
	if (!isRecordId(criterionId)) return undefined;
	const [row] = await tx
		.select(criterionColumns)
		.from(frameworkCriterion)
		.where(
			and(eq(frameworkCriterion.versionId, versionId), eq(frameworkCriterion.id, criterionId))
		);
	return row;
}

/** A saved criterion as its form shows it. */
export const criterionValues = (
	c: NonNullable<Awaited<ReturnType<typeof findCriterion>>>
): CriterionInput => ({
	sectionId: c.sectionId,
	code: c.code,
	title: c.title,
	descriptors: c.descriptors,
	statutory: c.statutory,
	areasOfNeed: c.areasOfNeed,
	settingTypes: c.settingTypes
});

type CriterionField = 'code' | 'sectionId' | 'descriptors';

const criterionCodeMessage = (code: string) => `This version already has a criterion ${code}`;

/** What must hold of a criterion besides its form: a section of this draft, a free code. */
async function checkCriterion(
	tx: Tx,
	head: Head,
	input: CriterionInput,
	except?: string
): Promise<Invalid<CriterionField> | null> {
	if (input.descriptors.length !== head.scale.length)
		return invalid(
			'descriptors',
			`Write a descriptor for each of the ${head.scale.length} levels of the scale`
		);
	if (!(await findSection(tx, head.id, input.sectionId)))
		return invalid('sectionId', 'Select a section from the list');
	return (await codeInUse(tx, frameworkCriterion, head.id, input.code, except))
		? invalid('code', criterionCodeMessage(input.code))
		: null;
}

/** The next free place at the end of a section. */
async function endOf(tx: Tx, sectionId: string) {
	const [last] = await tx
		.select({ n: max(frameworkCriterion.position) })
		.from(frameworkCriterion)
		.where(eq(frameworkCriterion.sectionId, sectionId));
	return (last?.n ?? 0) + 1;
}

/** Adds a criterion at the end of a section of a draft. */
export async function addCriterion(
	scope: Scope,
	versionId: string,
	version: number,
	input: CriterionInput
): Promise<DraftResult<undefined, CriterionField>> {
	const message = criterionCodeMessage(input.code);
	return keepingCodesUnique('framework_criterion_code_key', message, () =>
		changeFreshDraft(scope, versionId, version, async (tx, head) => {
			const problem = await checkCriterion(tx, head, input);
			if (problem) return problem;
			const [created] = await tx
				.insert(frameworkCriterion)
				.values({
					...input,
					tenantId: scope.tenantId,
					versionId: head.id,
					position: await endOf(tx, input.sectionId)
				})
				.returning({ id: frameworkCriterion.id });
			await recordChange(tx, scope, head, 'framework.criterion-added', { after: input });
			return { ok: true, id: created!.id };
		})
	);
}

/** Changes a criterion of a draft; choosing another section moves it to that section's end. */
export async function updateCriterion(
	scope: Scope,
	versionId: string,
	criterionId: string,
	version: number,
	input: CriterionInput
): Promise<DraftResult<CriterionInput, CriterionField>> {
	const message = criterionCodeMessage(input.code);
	return keepingCodesUnique('framework_criterion_code_key', message, () =>
		changeDraft(scope, versionId, version, async (tx, head, fresh) => {
			const before = await findCriterion(tx, head.id, criterionId);
			if (!before) return NOT_FOUND;
			const was = criterionValues(before);
			if (!fresh) return conflict(head, was);
			const problem = await checkCriterion(tx, head, input, before.id);
			if (problem) return problem;
			if (unchanged(was, input)) return { ok: true, id: before.id };
			const position =
				input.sectionId === before.sectionId ? {} : { position: await endOf(tx, input.sectionId) };
			await tx
				.update(frameworkCriterion)
				.set({ ...input, ...position })
				.where(eq(frameworkCriterion.id, before.id));
			await recordChange(tx, scope, head, 'framework.criterion-updated', {
				before: was,
				after: input
			});
			return { ok: true, id: before.id };
		})
	);
}

/** Moves a criterion one place up or down within its section. */
export async function moveCriterion(
	scope: Scope,
	versionId: string,
	criterionId: string,
	version: number,
	direction: 'up' | 'down'
): Promise<StepResult> {
	return changeFreshDraft(scope, versionId, version, async (tx, head) => {
		const criterion = await findCriterion(tx, head.id, criterionId);
		if (!criterion) return NOT_FOUND;
		const list = await tx
			.select({ id: frameworkCriterion.id, code: frameworkCriterion.code })
			.from(frameworkCriterion)
			.where(eq(frameworkCriterion.sectionId, criterion.sectionId))
			.orderBy(asc(frameworkCriterion.position), asc(frameworkCriterion.code));
		await reorder(tx, scope, head, {
			kind: 'criterion',
			list,
			id: criterion.id,
			direction,
			idColumn: frameworkCriterion.id,
			save: (position) =>
				tx
					.update(frameworkCriterion)
					.set({ position })
					.where(eq(frameworkCriterion.sectionId, criterion.sectionId))
		});
		return { ok: true, id: criterion.id };
	});
}

/** Deletes a criterion of a draft. */
export async function deleteCriterion(
	scope: Scope,
	versionId: string,
	criterionId: string,
	version: number
): Promise<StepResult> {
	return changeFreshDraft(scope, versionId, version, async (tx, head) => {
		const criterion = await findCriterion(tx, head.id, criterionId);
		if (!criterion) return NOT_FOUND;
		await tx.delete(frameworkCriterion).where(eq(frameworkCriterion.id, criterion.id));
		await recordChange(tx, scope, head, 'framework.criterion-deleted', {
			before: criterionValues(criterion)
		});
		return { ok: true, id: head.id };
	});
}
