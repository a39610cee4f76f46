import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { VersionStatus } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import { frameworkFileSchema } from '../../schemas/framework-file';
import type { VersionDetailsInput } from '../../schemas/frameworks';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { framework, frameworkCriterion, frameworkSection, frameworkVersion } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import {
	contentOf,
	draftOf,
	joinFramework,
	parseFrameworkFile,
	readablePath,
	readFrameworkFile,
	writeFrameworkFile,
	type ExistingDraft,
	type FileProblem
} from './framework-files';
import { NOT_FOUND, type Invalid } from './structure';

export type { VersionContent } from './framework-files';

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
/** A change that was made (or needed none), with the id of what it was made to. */
export type Done = { ok: true; id: string };
/** What a change to a draft's content comes to. */
export type DraftResult<T = undefined, F extends string = never> =
	Done | ([F] extends [never] ? never : Invalid<F>) | NotDraft | Conflict<T> | typeof NOT_FOUND;
/** What a change that carries no values of its own comes to: a move, a deletion. */
export type StepResult = Done | NotDraft | Conflict | typeof NOT_FOUND;

const notDraft = (status: VersionStatus): NotDraft => ({
	ok: false,
	reason: 'not-draft',
	status: status === 'retired' ? 'retired' : 'published'
});

/** A form field the service refuses, with what to say. */
export const invalid = <F extends string>(field: F, message: string): Invalid<F> => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});

/** The draft changed since the form was read: `current` is what it holds now, if anything. */
export const conflict = <T = undefined>(head: Head, current: T = undefined as T): Conflict<T> => ({
	ok: false,
	reason: 'conflict',
	version: head.version,
	current
});

/** Whether a statement failed because a trigger refused to change a non-draft version. */
function refusedByGuard(e: unknown): boolean {
	for (let err: unknown = e; err && typeof err === 'object'; err = (err as Error).cause) {
		if ((err as { code?: unknown }).code === '55000') return true;
	}
	return false;
}

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
/** A version as the services change it: its framework's name, status, scale and version. */
export type Head = NonNullable<Awaited<ReturnType<typeof headOf>>>;

const subject = (head: Pick<Head, 'frameworkName' | 'number'>) =>
	`${head.frameworkName}, version ${head.number}`;

/** What moves a version's version on, so every form read before a change is stale. */
const bumped = () => ({ version: sql`${frameworkVersion.version} + 1`, updatedAt: new Date() });

/** Moves the draft's version on after a change, and records the change in the audit log. */
export async function recordChange(
	tx: Tx,
	scope: Scope,
	head: Head,
	action: string,
	detail?: { before?: unknown; after?: unknown }
) {
	await tx.update(frameworkVersion).set(bumped()).where(eq(frameworkVersion.id, head.id));
	await writeAudit(tx, scope, { action, subject: subject(head), detail });
}

/**
 * Runs one change to a draft, with the draft locked: the lock makes changes to one draft take
 * turns, so the version check and the write that follows cannot interleave with another
 * person's. `work` is told whether the draft is still as the user read it. A trigger refusal
 * means the version was published by a path the service did not see: say so plainly.
 */
export async function changeDraft<T>(
	scope: Scope,
	versionId: string,
	version: number,
	work: (tx: Tx, head: Head, fresh: boolean) => Promise<T>
): Promise<T | NotDraft | typeof NOT_FOUND> {
	try {
		return await inTenant(scope, async (tx) => {
			const head = await headOf(tx, versionId, true);
			if (!head) return NOT_FOUND;
			if (head.status !== 'draft') return notDraft(head.status);
			return work(tx, head, head.version === version);
		});
	} catch (e) {
		if (!refusedByGuard(e)) throw e;
		const head = await inTenant(scope, (tx) => headOf(tx, versionId));
		return notDraft(head?.status ?? 'published');
	}
}

/** A change to a draft that needs it exactly as the user read it; else a conflict. */
export function changeFreshDraft<T>(
	scope: Scope,
	versionId: string,
	version: number,
	work: (tx: Tx, head: Head) => Promise<T>
): Promise<T | Conflict | NotDraft | typeof NOT_FOUND> {
	return changeDraft(scope, versionId, version, async (tx, head, fresh) =>
		fresh ? work(tx, head) : conflict(head)
	);
}

/**
 * How many rows of a version's content each version has, as a subquery to join. The count is
 * named after the alias, as the outer query names it unqualified.
 */
const perVersion = (
	tx: Tx,
	table: typeof frameworkSection | typeof frameworkCriterion,
	alias: string
) =>
	tx
		.select({ tenantId: table.tenantId, versionId: table.versionId, n: count().as(`${alias}_n`) })
		.from(table)
		.groupBy(table.tenantId, table.versionId)
		.as(alias);

/** The tenant's frameworks, each with its versions newest first and what they hold. */
export async function listFrameworks(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const sections = perVersion(tx, frameworkSection, 'sections_per_version');
		const criteria = perVersion(tx, frameworkCriterion, 'criteria_per_version');
		const counted = (sub: typeof sections) =>
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
	return changeDraft(scope, versionId, version, async (tx, head, fresh) => {
		const before = { label: head.label, notes: head.notes };
		if (!fresh) return conflict(head, before);
		if (before.label === input.label && before.notes === input.notes)
			return { ok: true, id: head.id };
		await tx
			.update(frameworkVersion)
			.set({ label: input.label, notes: input.notes, ...bumped() })
			.where(eq(frameworkVersion.id, head.id));
		await writeAudit(tx, scope, {
			action: 'framework.version-updated',
			subject: subject(head),
			detail: { before, after: input }
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
	return changeFreshDraft(scope, versionId, version, async (tx, head): Promise<PublishResult> => {
		const problems = await problemsOf(tx, head);
		if (problems.length) return { ok: false, reason: 'problems', problems };
		await tx
			.update(frameworkVersion)
			.set({ status: 'published', publishedAt: new Date(), ...bumped() })
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
			.set({ status: 'retired', retiredAt: new Date(), ...bumped() })
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
	return changeFreshDraft(scope, versionId, version, async (tx, head) => {
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
