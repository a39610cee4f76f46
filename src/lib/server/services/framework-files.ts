import { randomUUID } from 'node:crypto';
import { and, asc, eq, max } from 'drizzle-orm';
import type { z } from 'zod';
import { frameworkFileSchema, type FrameworkFile } from '../../schemas/framework-file';
import { framework, frameworkCriterion, frameworkSection, frameworkVersion } from '../db/schema';
import type { Tx } from '../db/tenant';
import mcs from '../db/seed/frameworks/mcs.json';
import catie from '../db/seed/frameworks/catie.json';
import earlyYears from '../db/seed/frameworks/early-years.json';

/** A draft that stops another one being started: each framework has at most one. */
export interface ExistingDraft {
	id: string;
	number: number;
	label: string;
}

export type WriteFrameworkResult =
	| { ok: true; frameworkId: string; versionId: string; number: number; newFramework: boolean }
	| { ok: false; reason: 'draft-exists'; draft: ExistingDraft };

type FileCriterion = FrameworkFile['sections'][number]['criteria'][number];

/** A criterion as a framework file holds it, in the file's order of fields. */
const criterionInFile = (c: FileCriterion): FileCriterion => ({
	code: c.code,
	title: c.title,
	descriptors: c.descriptors,
	statutory: c.statutory,
	areasOfNeed: c.areasOfNeed,
	settingTypes: c.settingTypes
});

/** A criterion's columns, as the framework services read one. */
export const criterionColumns = {
	id: frameworkCriterion.id,
	sectionId: frameworkCriterion.sectionId,
	code: frameworkCriterion.code,
	title: frameworkCriterion.title,
	descriptors: frameworkCriterion.descriptors,
	statutory: frameworkCriterion.statutory,
	areasOfNeed: frameworkCriterion.areasOfNeed,
	settingTypes: frameworkCriterion.settingTypes
};

/** Rows per insert statement: well under Postgres' limit of 65,535 parameters. */
const BATCH = 500;

/** The framework's draft, if it has one. */
export async function draftOf(tx: Tx, tenantId: string, frameworkId: string) {
	const [draft] = await tx
		.select({
			id: frameworkVersion.id,
			number: frameworkVersion.number,
			label: frameworkVersion.label
		})
		.from(frameworkVersion)
		.where(
			and(
				eq(frameworkVersion.tenantId, tenantId),
				eq(frameworkVersion.frameworkId, frameworkId),
				eq(frameworkVersion.status, 'draft')
			)
		);
	return draft;
}

/**
 * Writes a framework file as a new version: of the tenant's framework with the file's key if
 * there is one (its name and description stay as they are), else of a new framework. The
 * version is written as a draft and then published if asked, so the content triggers see a
 * draft while it is filled in. Tenant ids are given explicitly because the system path (a new
 * tenant's starter frameworks) runs without row-level security.
 */
export async function writeFrameworkFile(
	tx: Tx,
	tenantId: string,
	file: FrameworkFile,
	status: 'draft' | 'published',
	options: { basedOnId?: string } = {}
): Promise<WriteFrameworkResult> {
	const inserted = await tx
		.insert(framework)
		.values({
			tenantId,
			key: file.framework.key,
			name: file.framework.name,
			description: file.framework.description
		})
		.onConflictDoNothing({ target: [framework.tenantId, framework.key] })
		.returning({ id: framework.id });
	// Locking the framework makes two people starting a draft of it at once take turns, so the
	// second is told about the first's draft instead of breaking the one-draft index.
	const [found] = await tx
		.select({ id: framework.id })
		.from(framework)
		.where(and(eq(framework.tenantId, tenantId), eq(framework.key, file.framework.key)))
		.for('update');
	if (!found) throw new Error(`Framework ${file.framework.key} vanished while being written.`);
	const frameworkId = found.id;
	const draft = await draftOf(tx, tenantId, frameworkId);
	if (draft) return { ok: false, reason: 'draft-exists', draft };
	const [last] = await tx
		.select({ n: max(frameworkVersion.number) })
		.from(frameworkVersion)
		.where(
			and(eq(frameworkVersion.tenantId, tenantId), eq(frameworkVersion.frameworkId, frameworkId))
		);
	const number = (last?.n ?? 0) + 1;
	const versionId = randomUUID();
	await tx.insert(frameworkVersion).values({
		tenantId,
		id: versionId,
		frameworkId,
		number,
		label: file.version.label,
		notes: file.version.notes,
		status: 'draft',
		scale: file.scale,
		basedOnId: options.basedOnId ?? null
	});
	// Ids are made here rather than read back, so criteria can point at their section without
	// relying on the order an insert returns its rows in.
	const sections = file.sections.map((s, i) => ({ ...s, id: randomUUID(), position: i + 1 }));
	for (let i = 0; i < sections.length; i += BATCH) {
		await tx.insert(frameworkSection).values(
			sections.slice(i, i + BATCH).map((s) => ({
				tenantId,
				id: s.id,
				versionId,
				position: s.position,
				code: s.code,
				title: s.title,
				description: s.description
			}))
		);
	}
	const criteria = sections.flatMap((s) =>
		s.criteria.map((c, j) => ({
			tenantId,
			versionId,
			sectionId: s.id,
			position: j + 1,
			...criterionInFile(c)
		}))
	);
	for (let i = 0; i < criteria.length; i += BATCH) {
		await tx.insert(frameworkCriterion).values(criteria.slice(i, i + BATCH));
	}
	if (status === 'published') {
		await tx
			.update(frameworkVersion)
			.set({ status: 'published', publishedAt: new Date() })
			.where(and(eq(frameworkVersion.tenantId, tenantId), eq(frameworkVersion.id, versionId)));
	}
	return { ok: true, frameworkId, versionId, number, newFramework: inserted.length > 0 };
}

/** The join from a version to its framework. */
export const joinFramework = and(
	eq(framework.tenantId, frameworkVersion.tenantId),
	eq(framework.id, frameworkVersion.frameworkId)
);

/** A version's sections in order, each with its criteria in order. */
export async function contentOf(tx: Tx, versionId: string) {
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
			.select({ ...criterionColumns, position: frameworkCriterion.position })
			.from(frameworkCriterion)
			.where(eq(frameworkCriterion.versionId, versionId))
			.orderBy(asc(frameworkCriterion.position), asc(frameworkCriterion.code))
	]);
	return sections.map((s) => ({ ...s, criteria: criteria.filter((c) => c.sectionId === s.id) }));
}
export type VersionContent = Awaited<ReturnType<typeof contentOf>>;

/**
 * A framework version as a file, for export and for copying into a new draft: the inverse of
 * writeFrameworkFile. Read in the caller's tenant transaction; undefined if there is none such.
 */
export async function readFrameworkFile(
	tx: Tx,
	versionId: string
): Promise<FrameworkFile | undefined> {
	const [head] = await tx
		.select({
			key: framework.key,
			name: framework.name,
			description: framework.description,
			label: frameworkVersion.label,
			notes: frameworkVersion.notes,
			scale: frameworkVersion.scale
		})
		.from(frameworkVersion)
		.innerJoin(framework, joinFramework)
		.where(eq(frameworkVersion.id, versionId));
	if (!head) return undefined;
	const sections = await contentOf(tx, versionId);
	return {
		format: 'inclusio-framework',
		formatVersion: 1,
		framework: { key: head.key, name: head.name, description: head.description },
		version: { label: head.label, notes: head.notes },
		scale: head.scale,
		sections: sections.map((s) => ({
			code: s.code,
			title: s.title,
			description: s.description,
			criteria: s.criteria.map(criterionInFile)
		}))
	};
}

const STARTERS: unknown[] = [mcs, catie, earlyYears];

/** Gives a new tenant the starter frameworks, each as a published first version. */
export async function installStarterFrameworks(tx: Tx, tenantId: string): Promise<void> {
	for (const starter of STARTERS) {
		const file = frameworkFileSchema.parse(starter);
		const result = await writeFrameworkFile(tx, tenantId, file, 'published');
		if (!result.ok) throw new Error(`Framework ${file.framework.key} already has a draft.`);
	}
}

/** One thing wrong with a framework file, at a readable path like sections[2].criteria[0].code. */
export interface FileProblem {
	path: string;
	message: string;
}

/** A zod issue path as people read it: sections[2].criteria[0].descriptors. */
export function readablePath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out ? `.${String(part)}` : String(part);
	}
	return out;
}

/** Every issue zod found, with the path and a message that makes sense on its own. */
export function fileProblems(error: z.ZodError): FileProblem[] {
	return error.issues.map((issue) => {
		if (issue.code === 'unrecognized_keys') {
			const keys = issue.keys.map((k) => `"${k}"`).join(', ');
			return {
				path: readablePath(issue.path) || '(the whole file)',
				message: `unexpected ${issue.keys.length === 1 ? 'field' : 'fields'} ${keys}: check the spelling`
			};
		}
		// A field that is missing altogether reads better as that than as "must be text".
		const missing = issue.code === 'invalid_type' && issue.input === undefined;
		const last = issue.path.at(-1);
		return {
			path: readablePath(issue.path) || '(the whole file)',
			message: missing && typeof last === 'string' ? `${last} is missing` : issue.message
		};
	});
}

/** Where in some text a character offset falls, counting lines and columns from 1. */
function lineAndColumn(text: string, offset: number) {
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

export type ParsedFile = { ok: true; file: FrameworkFile } | { ok: false; problems: FileProblem[] };

/**
 * Reads an uploaded framework file: UTF-8 JSON in the framework format. A file that is not
 * JSON gets one problem, placed by line and column where the parser says where it stopped;
 * a JSON file gets every problem the format finds, not just the first.
 */
export function parseFrameworkFile(input: string | Uint8Array): ParsedFile {
	let text: string;
	try {
		text =
			typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
	} catch {
		return {
			ok: false,
			problems: [{ path: '(the whole file)', message: 'the file is not UTF-8 text' }]
		};
	}
	text = text.replace(/^\uFEFF/, '');
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		const said = e instanceof Error ? e.message : String(e);
		const lineCol = /line (\d+) column (\d+)/.exec(said);
		const position = /position (\d+)/.exec(said);
		const at = lineCol
			? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
			: position
				? lineAndColumn(text, Number(position[1]))
				: null;
		// V8's wording, without where it stopped (said better above) or the excerpt it quotes.
		const reason = said
			.replace(/\s*\(line \d+ column \d+\)$/, '')
			.replace(/ in JSON at position \d+$/, '')
			.replace(/, ".*" is not valid JSON$/s, '');
		const where = at ? ` at line ${at.line}, column ${at.column}` : '';
		const message = text.trim()
			? `the file is not valid JSON${where}: ${reason}`
			: 'the file is empty';
		return { ok: false, problems: [{ path: '(the whole file)', message }] };
	}
	const parsed = frameworkFileSchema.safeParse(data, { reportInput: true });
	return parsed.success
		? { ok: true, file: parsed.data }
		: { ok: false, problems: fileProblems(parsed.error) };
}
