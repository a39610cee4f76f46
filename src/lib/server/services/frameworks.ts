import { and, asc, count, desc, eq, max, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ScaleLevel, VersionStatus } from '../../domain/framework';
import { MAX_SCALE_LEVELS, MIN_SCALE_LEVELS } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import { frameworkFileSchema } from '../../schemas/framework-file';
import type { CriterionInput, SectionInput, VersionDetailsInput } from '../../schemas/frameworks';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { framework, frameworkCriterion, frameworkSection, frameworkVersion } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import {
	draftOf,
	parseFrameworkFile,
	readablePath,
	readFrameworkFile,
	writeFrameworkFile,
	type ExistingDraft,
	type FileProblem
} from './framework-files';
import { NOT_FOUND, type Invalid } from './structure';

type Frozen = 'published' | 'retired';
/** The version is no longer a draft, so its content cannot change. */
export type NotDraft = { ok: false; reason: 'not-draft'; status: Frozen };
/** Someone changed the draft since the form was read; `current` is what is saved now. */
export type Conflict<T = undefined> = {
	ok: false;
	reason: 'conflict';
	version: number;
	current: T;
};
type Done = { ok: true; id: string };
export type DraftResult<T = undefined, F extends string = never> =
	Done | ([F] extends [never] ? never : Invalid<F>) | NotDraft | Conflict<T> | typeof NOT_FOUND;

const notDraft = (status: VersionStatus): NotDraft => ({
	ok: false,
	reason: 'not-draft',
	status: status === 'retired' ? 'retired' : 'published'
});
const invalid = <F extends string>(field: F, message: string): Invalid<F> => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});

/** Whether a statement failed because a trigger refused to change a non-draft version. */
function refusedByGuard(e: unknown): boolean {
	for (let err: unknown = e; err && typeof err === 'object'; err = (err as Error).cause) {
		if ((err as { code?: unknown }).code === '55000') return true;
	}
	return false;
}

const joinFramework = and(
	eq(framework.tenantId, frameworkVersion.tenantId),
	eq(framework.id, frameworkVersion.frameworkId)
);

/** A version with its framework's name, locked for the rest of the transaction if asked. */
async function headOf(tx: Tx, versionId: string, lock = false) {
	if (!isRecordId(versionId)) return undefined;
	const query = tx
		.select({
			id: frameworkVersion.id,
			frameworkId: frameworkVersion.frameworkId,
			frameworkName: framework.name,
			key: framework.key,
			number: frameworkVersion.number,
			label: frameworkVersion.label,
			notes: frameworkVersion.notes,
			status: frameworkVersion.status,
			scale: frameworkVersion.scale,
			version: frameworkVersion.version
		})
		.from(frameworkVersion)
		.innerJoin(framework, joinFramework)
		.where(eq(frameworkVersion.id, versionId));
	const [row] = lock ? await query.for('update', { of: frameworkVersion }) : await query;
	return row;
}
type Head = NonNullable<Awaited<ReturnType<typeof headOf>>>;

const subject = (head: Pick<Head, 'frameworkName' | 'number'>) =>
	`${head.frameworkName}, version ${head.number}`;

type Gate = { ok: true; head: Head } | typeof NOT_FOUND | NotDraft | { ok: false; head: Head };

/**
 * Locks a draft for one change, if it is still as the user read it. The lock makes changes
 * to one draft take turns, so the version check and the write that follows cannot interleave
 * with another person's.
 */
async function openDraft(tx: Tx, versionId: string, version: number): Promise<Gate> {
	const head = await headOf(tx, versionId, true);
	if (!head) return NOT_FOUND;
	if (head.status !== 'draft') return notDraft(head.status);
	return head.version === version ? { ok: true, head } : { ok: false, head };
}

/** Moves the draft's version on after a change, so every form read before it is stale. */
const touch = (tx: Tx, head: Head) =>
	tx
		.update(frameworkVersion)
		.set({ version: sql`${frameworkVersion.version} + 1`, updatedAt: new Date() })
		.where(eq(frameworkVersion.id, head.id));

/**
 * Runs a change to a draft. A trigger refusal means the version was published by a path the
 * service did not see: say so plainly rather than fail.
 */
async function editing<T>(
	scope: Scope,
	versionId: string,
	work: (tx: Tx) => Promise<T>
): Promise<T | NotDraft> {
	try {
		return await inTenant(scope, work);
	} catch (e) {
		if (!refusedByGuard(e)) throw e;
		const head = await inTenant(scope, (tx) => headOf(tx, versionId));
		return notDraft(head?.status ?? 'published');
	}
}

/** A broken code uniqueness rule (two saves at once) as the form's message. */
function codeTaken(e: unknown, index: string, message: string) {
	if (brokenConstraint(e, '23505') !== index) throw e;
	return invalid('code' as const, message);
}

/** The tenant's frameworks, each with its versions newest first and what they hold. */
export async function listFrameworks(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const sections = tx
			.select({
				tenantId: frameworkSection.tenantId,
				versionId: frameworkSection.versionId,
				n: count().as('section_count')
			})
			.from(frameworkSection)
			.groupBy(frameworkSection.tenantId, frameworkSection.versionId)
			.as('sections_per_version');
		const criteria = tx
			.select({
				tenantId: frameworkCriterion.tenantId,
				versionId: frameworkCriterion.versionId,
				n: count().as('criterion_count')
			})
			.from(frameworkCriterion)
			.groupBy(frameworkCriterion.tenantId, frameworkCriterion.versionId)
			.as('criteria_per_version');
		const counted = (sub: typeof sections | typeof criteria) =>
			and(eq(sub.tenantId, frameworkVersion.tenantId), eq(sub.versionId, frameworkVersion.id));
		const [frameworks, versions] = await Promise.all([
			tx
				.select({
					id: framework.id,
					key: framework.key,
					name: framework.name,
					description: framework.description
				})
				.from(framework)
				.orderBy(asc(framework.name)),
			tx
				.select({
					id: frameworkVersion.id,
					frameworkId: frameworkVersion.frameworkId,
					number: frameworkVersion.number,
					label: frameworkVersion.label,
					status: frameworkVersion.status,
					publishedAt: frameworkVersion.publishedAt,
					retiredAt: frameworkVersion.retiredAt,
					sections: sql<number>`coalesce(${sections.n}, 0)::int`,
					criteria: sql<number>`coalesce(${criteria.n}, 0)::int`
				})
				.from(frameworkVersion)
				.leftJoin(sections, counted(sections))
				.leftJoin(criteria, counted(criteria))
				.orderBy(desc(frameworkVersion.number))
		]);
		return frameworks.map((f) => ({
			...f,
			versions: versions.filter((v) => v.frameworkId === f.id)
		}));
	});
}

/** Sections in order, each with its criteria in order. */
async function contentOf(tx: Tx, versionId: string) {
	const [sections, criteria] = await Promise.all([
		tx
			.select({
				id: frameworkSection.id,
				position: frameworkSection.position,
				code: frameworkSection.code,
				title: frameworkSection.title,
				description: frameworkSection.description
			})
			.from(frameworkSection)
			.where(eq(frameworkSection.versionId, versionId))
			.orderBy(asc(frameworkSection.position), asc(frameworkSection.code)),
		tx
			.select({
				id: frameworkCriterion.id,
				sectionId: frameworkCriterion.sectionId,
				position: frameworkCriterion.position,
				code: frameworkCriterion.code,
				title: frameworkCriterion.title,
				descriptors: frameworkCriterion.descriptors,
				statutory: frameworkCriterion.statutory,
				areasOfNeed: frameworkCriterion.areasOfNeed,
				settingTypes: frameworkCriterion.settingTypes
			})
			.from(frameworkCriterion)
			.where(eq(frameworkCriterion.versionId, versionId))
			.orderBy(asc(frameworkCriterion.position), asc(frameworkCriterion.code))
	]);
	return sections.map((s) => ({ ...s, criteria: criteria.filter((c) => c.sectionId === s.id) }));
}
export type VersionContent = Awaited<ReturnType<typeof contentOf>>;

/** One version with its framework, scale, sections and criteria, or null if there is none such. */
export async function getVersion(scope: Scope, versionId: string) {
	return inTenant(scope, async (tx) => {
		if (!isRecordId(versionId)) return null;
		const [row] = await tx
			.select({
				framework: {
					id: framework.id,
					key: framework.key,
					name: framework.name,
					description: framework.description
				},
				id: frameworkVersion.id,
				number: frameworkVersion.number,
				label: frameworkVersion.label,
				notes: frameworkVersion.notes,
				status: frameworkVersion.status,
				scale: frameworkVersion.scale,
				basedOnId: frameworkVersion.basedOnId,
				publishedAt: frameworkVersion.publishedAt,
				retiredAt: frameworkVersion.retiredAt,
				createdAt: frameworkVersion.createdAt,
				updatedAt: frameworkVersion.updatedAt,
				version: frameworkVersion.version
			})
			.from(frameworkVersion)
			.innerJoin(framework, joinFramework)
			.where(eq(frameworkVersion.id, versionId));
		if (!row) return null;
		const [sections, draft, basedOn] = await Promise.all([
			contentOf(tx, versionId),
			draftOf(tx, scope.tenantId, row.framework.id),
			row.basedOnId
				? tx
						.select({ id: frameworkVersion.id, number: frameworkVersion.number })
						.from(frameworkVersion)
						.where(eq(frameworkVersion.id, row.basedOnId))
				: []
		]);
		return {
			...row,
			basedOn: basedOn[0] ?? null,
			/** The framework's draft when this version is not it: a second cannot be started. */
			draft: draft && draft.id !== row.id ? draft : null,
			sections
		};
	});
}
export type FrameworkVersionView = NonNullable<Awaited<ReturnType<typeof getVersion>>>;

export type CreateDraftResult =
	| Done
	| { ok: false; reason: 'draft-exists'; draft: ExistingDraft }
	| { ok: false; reason: 'is-draft' }
	| typeof NOT_FOUND;

/** Starts a new draft of a framework as a copy of one of its published or retired versions. */
export async function createDraft(scope: Scope, fromVersionId: string): Promise<CreateDraftResult> {
	try {
		return await inTenant(scope, async (tx): Promise<CreateDraftResult> => {
			const from = await headOf(tx, fromVersionId);
			if (!from) return NOT_FOUND;
			if (from.status === 'draft') return { ok: false, reason: 'is-draft' };
			const file = await readFrameworkFile(tx, from.id);
			if (!file) return NOT_FOUND;
			const written = await writeFrameworkFile(tx, scope.tenantId, file, 'draft', {
				basedOnId: from.id
			});
			if (!written.ok) return written;
			await writeAudit(tx, scope, {
				action: 'framework.draft-created',
				subject: subject({ frameworkName: from.frameworkName, number: written.number }),
				detail: { after: { basedOn: from.number, label: file.version.label } }
			});
			return { ok: true, id: written.versionId };
		});
	} catch (e) {
		// Started by someone else in the same instant, past the framework lock somehow.
		if (brokenConstraint(e, '23505') !== 'framework_version_one_draft_key') throw e;
		return draftExistsNow(scope, fromVersionId);
	}
}

async function draftExistsNow(scope: Scope, versionId: string): Promise<CreateDraftResult> {
	return inTenant(scope, async (tx) => {
		const head = await headOf(tx, versionId);
		const draft = head && (await draftOf(tx, scope.tenantId, head.frameworkId));
		return draft ? { ok: false, reason: 'draft-exists', draft } : NOT_FOUND;
	});
}

/** Changes a draft's label and notes. */
export async function updateDetails(
	scope: Scope,
	versionId: string,
	version: number,
	input: VersionDetailsInput
): Promise<DraftResult<VersionDetailsInput>> {
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		const { head } = gate;
		const before = { label: head.label, notes: head.notes };
		if (!gate.ok) return { ok: false, reason: 'conflict', version: head.version, current: before };
		if (before.label === input.label && before.notes === input.notes)
			return { ok: true, id: head.id };
		await tx
			.update(frameworkVersion)
			.set({
				label: input.label,
				notes: input.notes,
				version: sql`${frameworkVersion.version} + 1`,
				updatedAt: new Date()
			})
			.where(eq(frameworkVersion.id, head.id));
		await writeAudit(tx, scope, {
			action: 'framework.version-updated',
			subject: subject(head),
			detail: { before, after: input }
		});
		return { ok: true, id: head.id };
	});
}

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
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		const { head } = gate;
		if (!gate.ok)
			return { ok: false, reason: 'conflict', version: head.version, current: head.scale };
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
		await tx
			.update(frameworkVersion)
			.set({ scale, version: sql`${frameworkVersion.version} + 1`, updatedAt: new Date() })
			.where(eq(frameworkVersion.id, head.id));
		await writeAudit(tx, scope, {
			action: 'framework.scale-updated',
			subject: subject(head),
			detail: { before: { scale: head.scale }, after: { scale } }
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

async function sectionCodeUsed(tx: Tx, versionId: string, code: string, except?: string) {
	const [row] = await tx
		.select({ id: frameworkSection.id })
		.from(frameworkSection)
		.where(
			and(
				eq(frameworkSection.versionId, versionId),
				eq(sql`lower(${frameworkSection.code})`, code.toLowerCase()),
				except ? ne(frameworkSection.id, except) : undefined
			)
		);
	return !!row;
}

const sectionCodeMessage = (code: string) => `This version already has a section ${code}`;

/** Adds a section at the end of a draft. */
export async function addSection(
	scope: Scope,
	versionId: string,
	version: number,
	input: SectionInput
): Promise<DraftResult<undefined, 'code'>> {
	try {
		return await editing(scope, versionId, async (tx) => {
			const gate = await openDraft(tx, versionId, version);
			if (!('head' in gate)) return gate;
			const { head } = gate;
			if (!gate.ok)
				return { ok: false, reason: 'conflict', version: head.version, current: undefined };
			if (await sectionCodeUsed(tx, head.id, input.code))
				return invalid('code', sectionCodeMessage(input.code));
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
			await touch(tx, head);
			await writeAudit(tx, scope, {
				action: 'framework.section-added',
				subject: subject(head),
				detail: { after: input }
			});
			return { ok: true, id: created!.id };
		});
	} catch (e) {
		return codeTaken(e, 'framework_section_code_key', sectionCodeMessage(input.code));
	}
}

/** Changes a section of a draft. */
export async function updateSection(
	scope: Scope,
	versionId: string,
	sectionId: string,
	version: number,
	input: SectionInput
): Promise<DraftResult<SectionInput, 'code'>> {
	try {
		return await editing(scope, versionId, async (tx) => {
			const gate = await openDraft(tx, versionId, version);
			if (!('head' in gate)) return gate;
			const { head } = gate;
			const before = await findSection(tx, head.id, sectionId);
			if (!before) return NOT_FOUND;
			if (!gate.ok)
				return {
					ok: false,
					reason: 'conflict',
					version: head.version,
					current: sectionValues(before)
				};
			if (await sectionCodeUsed(tx, head.id, input.code, before.id))
				return invalid('code', sectionCodeMessage(input.code));
			const was = sectionValues(before);
			if (JSON.stringify(was) === JSON.stringify(input)) return { ok: true, id: before.id };
			await tx.update(frameworkSection).set(input).where(eq(frameworkSection.id, before.id));
			await touch(tx, head);
			await writeAudit(tx, scope, {
				action: 'framework.section-updated',
				subject: subject(head),
				detail: { before: was, after: input }
			});
			return { ok: true, id: before.id };
		});
	} catch (e) {
		return codeTaken(e, 'framework_section_code_key', sectionCodeMessage(input.code));
	}
}

export type StepResult = Done | NotDraft | Conflict | typeof NOT_FOUND;

const stale = (head: Head): Conflict => ({
	ok: false,
	reason: 'conflict',
	version: head.version,
	current: undefined
});

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

/** Moves a section of a draft one place up or down. */
export async function moveSection(
	scope: Scope,
	versionId: string,
	sectionId: string,
	version: number,
	direction: 'up' | 'down'
): Promise<StepResult> {
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		if (!gate.ok) return stale(gate.head);
		const { head } = gate;
		const sections = await tx
			.select({ id: frameworkSection.id, code: frameworkSection.code })
			.from(frameworkSection)
			.where(eq(frameworkSection.versionId, head.id))
			.orderBy(asc(frameworkSection.position), asc(frameworkSection.code));
		const order = moved(sections, sectionId, direction);
		if (!order) return NOT_FOUND;
		if (order.changed) {
			await tx
				.update(frameworkSection)
				.set({ position: renumber(order.ids, frameworkSection.id) })
				.where(eq(frameworkSection.versionId, head.id));
			await touch(tx, head);
			await writeAudit(tx, scope, {
				action: 'framework.section-moved',
				subject: subject(head),
				detail: {
					after: {
						section: sections.find((s) => s.id === sectionId)?.code,
						direction
					}
				}
			});
		}
		return { ok: true, id: sectionId };
	});
}

/** Deletes a section of a draft, and its criteria with it. */
export async function deleteSection(
	scope: Scope,
	versionId: string,
	sectionId: string,
	version: number
): Promise<StepResult> {
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		if (!gate.ok) return stale(gate.head);
		const { head } = gate;
		const section = await findSection(tx, head.id, sectionId);
		if (!section) return NOT_FOUND;
		const removed = await tx
			.delete(frameworkCriterion)
			.where(eq(frameworkCriterion.sectionId, section.id))
			.returning({ code: frameworkCriterion.code });
		await tx.delete(frameworkSection).where(eq(frameworkSection.id, section.id));
		await touch(tx, head);
		await writeAudit(tx, scope, {
			action: 'framework.section-deleted',
			subject: subject(head),
			detail: { before: { ...sectionValues(section), criteria: removed.map((c) => c.code) } }
		});
		return { ok: true, id: head.id };
	});
}

async function findCriterion(tx: Tx, versionId: string, criterionId: string) {
	if (!isRecordId(criterionId)) return undefined;
	const [row] = await tx
		.select({
			id: frameworkCriterion.id,
			sectionId: frameworkCriterion.sectionId,
			code: frameworkCriterion.code,
			title: frameworkCriterion.title,
			descriptors: frameworkCriterion.descriptors,
			statutory: frameworkCriterion.statutory,
			areasOfNeed: frameworkCriterion.areasOfNeed,
			settingTypes: frameworkCriterion.settingTypes
		})
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
	const [clash] = await tx
		.select({ id: frameworkCriterion.id })
		.from(frameworkCriterion)
		.where(
			and(
				eq(frameworkCriterion.versionId, head.id),
				eq(sql`lower(${frameworkCriterion.code})`, input.code.toLowerCase()),
				except ? ne(frameworkCriterion.id, except) : undefined
			)
		);
	return clash ? invalid('code', criterionCodeMessage(input.code)) : null;
}

const criterionCodeMessage = (code: string) => `This version already has a criterion ${code}`;

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
	try {
		return await editing(scope, versionId, async (tx) => {
			const gate = await openDraft(tx, versionId, version);
			if (!('head' in gate)) return gate;
			if (!gate.ok) return stale(gate.head);
			const { head } = gate;
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
			await touch(tx, head);
			await writeAudit(tx, scope, {
				action: 'framework.criterion-added',
				subject: subject(head),
				detail: { after: input }
			});
			return { ok: true, id: created!.id };
		});
	} catch (e) {
		return codeTaken(e, 'framework_criterion_code_key', criterionCodeMessage(input.code));
	}
}

/** Changes a criterion of a draft; choosing another section moves it to that section's end. */
export async function updateCriterion(
	scope: Scope,
	versionId: string,
	criterionId: string,
	version: number,
	input: CriterionInput
): Promise<DraftResult<CriterionInput, CriterionField>> {
	try {
		return await editing(scope, versionId, async (tx) => {
			const gate = await openDraft(tx, versionId, version);
			if (!('head' in gate)) return gate;
			const { head } = gate;
			const before = await findCriterion(tx, head.id, criterionId);
			if (!before) return NOT_FOUND;
			const was = criterionValues(before);
			if (!gate.ok) return { ok: false, reason: 'conflict', version: head.version, current: was };
			const problem = await checkCriterion(tx, head, input, before.id);
			if (problem) return problem;
			if (JSON.stringify(was) === JSON.stringify(input)) return { ok: true, id: before.id };
			const position =
				input.sectionId === before.sectionId ? {} : { position: await endOf(tx, input.sectionId) };
			await tx
				.update(frameworkCriterion)
				.set({ ...input, ...position })
				.where(eq(frameworkCriterion.id, before.id));
			await touch(tx, head);
			await writeAudit(tx, scope, {
				action: 'framework.criterion-updated',
				subject: subject(head),
				detail: { before: was, after: input }
			});
			return { ok: true, id: before.id };
		});
	} catch (e) {
		return codeTaken(e, 'framework_criterion_code_key', criterionCodeMessage(input.code));
	}
}

/** Moves a criterion one place up or down within its section. */
export async function moveCriterion(
	scope: Scope,
	versionId: string,
	criterionId: string,
	version: number,
	direction: 'up' | 'down'
): Promise<StepResult> {
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		if (!gate.ok) return stale(gate.head);
		const { head } = gate;
		const criterion = await findCriterion(tx, head.id, criterionId);
		if (!criterion) return NOT_FOUND;
		const siblings = await tx
			.select({ id: frameworkCriterion.id })
			.from(frameworkCriterion)
			.where(eq(frameworkCriterion.sectionId, criterion.sectionId))
			.orderBy(asc(frameworkCriterion.position), asc(frameworkCriterion.code));
		const order = moved(siblings, criterion.id, direction);
		if (order?.changed) {
			await tx
				.update(frameworkCriterion)
				.set({ position: renumber(order.ids, frameworkCriterion.id) })
				.where(eq(frameworkCriterion.sectionId, criterion.sectionId));
			await touch(tx, head);
			await writeAudit(tx, scope, {
				action: 'framework.criterion-moved',
				subject: subject(head),
				detail: { after: { criterion: criterion.code, direction } }
			});
		}
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
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		if (!gate.ok) return stale(gate.head);
		const { head } = gate;
		const criterion = await findCriterion(tx, head.id, criterionId);
		if (!criterion) return NOT_FOUND;
		await tx.delete(frameworkCriterion).where(eq(frameworkCriterion.id, criterion.id));
		await touch(tx, head);
		await writeAudit(tx, scope, {
			action: 'framework.criterion-deleted',
			subject: subject(head),
			detail: { before: criterionValues(criterion) }
		});
		return { ok: true, id: head.id };
	});
}

/** Something that stops a draft being published, and where in the draft it is. */
export interface PublishProblem extends FileProblem {
	/** Where it is, as people know it: "Criterion MCS-1.2, level 3 (Established)". */
	where: string;
	sectionId?: string;
	criterionId?: string;
}

/**
 * Everything that stops a draft being published: the draft is checked as the file it would
 * export as, so a published version always exports as a file that imports again.
 */
async function problemsOf(tx: Tx, head: Head): Promise<PublishProblem[]> {
	const file = await readFrameworkFile(tx, head.id);
	const checked = frameworkFileSchema.safeParse(file);
	if (checked.success) return [];
	const content = await contentOf(tx, head.id);
	return checked.error.issues.map((issue) => {
		const [a, i, b, j, c, k] = issue.path;
		const section = a === 'sections' && typeof i === 'number' ? content[i] : undefined;
		const criterion =
			section && b === 'criteria' && typeof j === 'number' ? section.criteria[j] : undefined;
		const level =
			c === 'descriptors' && typeof k === 'number' && head.scale[k]
				? `, level ${k + 1} (${head.scale[k].label})`
				: '';
		const where = criterion
			? `Criterion ${criterion.code}${level}`
			: section
				? `Section ${section.code}`
				: a === 'scale'
					? 'Rating scale'
					: 'This version';
		return {
			path: readablePath(issue.path),
			message: issue.message,
			where,
			sectionId: section?.id,
			criterionId: criterion?.id
		};
	});
}

/** What would stop a draft being published, or null if the version is not a draft. */
export async function publishProblems(scope: Scope, versionId: string) {
	return inTenant(scope, async (tx) => {
		const head = await headOf(tx, versionId);
		if (!head || head.status !== 'draft') return null;
		return problemsOf(tx, head);
	});
}

export type PublishResult =
	| Done
	| { ok: false; reason: 'problems'; problems: PublishProblem[] }
	| NotDraft
	| Conflict
	| typeof NOT_FOUND;

/** Publishes a draft once it is complete; from then on it never changes. */
export async function publish(
	scope: Scope,
	versionId: string,
	version: number
): Promise<PublishResult> {
	return editing(scope, versionId, async (tx): Promise<PublishResult> => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		if (!gate.ok) return stale(gate.head);
		const { head } = gate;
		const problems = await problemsOf(tx, head);
		if (problems.length) return { ok: false, reason: 'problems', problems };
		await tx
			.update(frameworkVersion)
			.set({
				status: 'published',
				publishedAt: new Date(),
				version: sql`${frameworkVersion.version} + 1`,
				updatedAt: new Date()
			})
			.where(eq(frameworkVersion.id, head.id));
		await writeAudit(tx, scope, {
			action: 'framework.published',
			subject: subject(head),
			detail: { after: { label: head.label } }
		});
		return { ok: true, id: head.id };
	});
}

export type RetireResult =
	Done | { ok: false; reason: 'not-published'; status: VersionStatus } | typeof NOT_FOUND;

/** Retires a published version: it stays as it is, but is no longer offered for new cycles. */
export async function retire(scope: Scope, versionId: string): Promise<RetireResult> {
	return inTenant(scope, async (tx): Promise<RetireResult> => {
		const head = await headOf(tx, versionId, true);
		if (!head) return NOT_FOUND;
		if (head.status !== 'published')
			return { ok: false, reason: 'not-published', status: head.status };
		await tx
			.update(frameworkVersion)
			.set({
				status: 'retired',
				retiredAt: new Date(),
				version: sql`${frameworkVersion.version} + 1`,
				updatedAt: new Date()
			})
			.where(eq(frameworkVersion.id, head.id));
		await writeAudit(tx, scope, { action: 'framework.retired', subject: subject(head) });
		return { ok: true, id: head.id };
	});
}

/** Deletes a draft and everything in it; published versions are never deleted. */
export async function deleteDraft(
	scope: Scope,
	versionId: string,
	version: number
): Promise<StepResult> {
	return editing(scope, versionId, async (tx) => {
		const gate = await openDraft(tx, versionId, version);
		if (!('head' in gate)) return gate;
		if (!gate.ok) return stale(gate.head);
		const { head } = gate;
		await tx.delete(frameworkVersion).where(eq(frameworkVersion.id, head.id));
		// A framework that only ever had this draft (it came from an import) goes with it.
		const [others] = await tx
			.select({ n: count() })
			.from(frameworkVersion)
			.where(eq(frameworkVersion.frameworkId, head.frameworkId));
		if (!others?.n) await tx.delete(framework).where(eq(framework.id, head.frameworkId));
		await writeAudit(tx, scope, {
			action: 'framework.draft-deleted',
			subject: subject(head),
			detail: { before: { label: head.label } }
		});
		return { ok: true, id: head.frameworkId };
	});
}

/** A version as a framework file to download, or null if there is none such. */
export async function exportVersion(scope: Scope, versionId: string) {
	return inTenant(scope, async (tx) => {
		const head = await headOf(tx, versionId);
		const file = head && (await readFrameworkFile(tx, head.id));
		if (!head || !file) return null;
		return { filename: `${head.key}-v${head.number}.json`, json: JSON.stringify(file, null, 2) };
	});
}

export type ImportResult =
	| { ok: true; id: string; frameworkName: string; number: number; newFramework: boolean }
	| { ok: false; reason: 'problems'; problems: FileProblem[] }
	| { ok: false; reason: 'draft-exists'; frameworkName: string; draft: ExistingDraft };

/**
 * Imports a framework file as a new draft: of the framework with the file's key, or of a new
 * one. A file with any problem changes nothing, and every problem is reported.
 */
export async function importFile(scope: Scope, input: string | Uint8Array): Promise<ImportResult> {
	const parsed = parseFrameworkFile(input);
	if (!parsed.ok) return { ok: false, reason: 'problems', problems: parsed.problems };
	const { file } = parsed;
	return inTenant(scope, async (tx): Promise<ImportResult> => {
		const written = await writeFrameworkFile(tx, scope.tenantId, file, 'draft');
		const [named] = await tx
			.select({ name: framework.name })
			.from(framework)
			.where(eq(framework.key, file.framework.key));
		const frameworkName = named?.name ?? file.framework.name;
		if (!written.ok) return { ...written, frameworkName };
		await writeAudit(tx, scope, {
			action: 'framework.imported',
			subject: subject({ frameworkName, number: written.number }),
			detail: {
				after: {
					key: file.framework.key,
					label: file.version.label,
					sections: file.sections.length,
					criteria: file.sections.reduce((n, s) => n + s.criteria.length, 0)
				}
			}
		});
		return {
			ok: true,
			id: written.versionId,
			frameworkName,
			number: written.number,
			newFramework: written.newFramework
		};
	});
}
