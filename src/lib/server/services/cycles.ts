import { and, asc, count, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { todayInEngland } from '../../domain/dates';
import { EVALUATION_STATUSES, type EvaluationStatus } from '../../domain/evaluation';
import { isRecordId } from '../../domain/ids';
import { SETTING_TYPES, type SettingType } from '../../domain/organisation';
import {
	frameworkField,
	NO_FRAMEWORK_MESSAGE,
	SETTING_TYPE_PLURALS,
	type CycleChanges,
	type CycleInput,
	type FrameworkField
} from '../../schemas/cycles';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import {
	cycleFramework,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkVersion,
	selfEvaluation,
	setting
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { NOT_FOUND, type Invalid } from './structure';

/** How a framework version is named in lists: "SEN Mainstream Core Standards — 2026 (v1)". */
export const versionTitle = (v: { frameworkName: string; label: string; number: number }) =>
	`${v.frameworkName} — ${v.label} (v${v.number})`;

const joinFramework = rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId);
const versionColumns = {
	versionId: frameworkVersion.id,
	frameworkName: framework.name,
	label: frameworkVersion.label,
	number: frameworkVersion.number,
	versionStatus: frameworkVersion.status
};

/** Settings expected to take part: those open now, even if proposed to close. */
const settingIsOpen = inArray(setting.status, ['Open', 'Open, but proposed to close']);

const byTypeOrder = (a: { settingType: SettingType }, b: { settingType: SettingType }) =>
	SETTING_TYPES.indexOf(a.settingType) - SETTING_TYPES.indexOf(b.settingType);

/** The framework version each type of setting works on in a cycle (all cycles if none given). */
async function assignments(tx: Tx, cycleId?: string) {
	const rows = await tx
		.select({
			cycleId: cycleFramework.cycleId,
			settingType: cycleFramework.settingType,
			...versionColumns
		})
		.from(cycleFramework)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, cycleFramework.tenantId, cycleFramework.versionId)
		)
		.innerJoin(framework, joinFramework)
		.where(cycleId ? eq(cycleFramework.cycleId, cycleId) : undefined);
	return rows
		.map((r) => ({
			cycleId: r.cycleId,
			settingType: r.settingType,
			versionId: r.versionId,
			title: versionTitle(r),
			retired: r.versionStatus === 'retired'
		}))
		.sort(byTypeOrder);
}
type Assignment = Awaited<ReturnType<typeof assignments>>[number];

/** Which types of setting each version has criteria for. */
async function typesCovered(tx: Tx, versionIds: string[]) {
	const covered = new Map<string, Set<SettingType>>();
	if (!versionIds.length) return covered;
	const rows = await tx
		.selectDistinct({
			versionId: frameworkCriterion.versionId,
			type: sql<SettingType>`unnest(${frameworkCriterion.settingTypes})`
		})
		.from(frameworkCriterion)
		.where(inArray(frameworkCriterion.versionId, versionIds));
	for (const { versionId, type } of rows)
		covered.set(versionId, (covered.get(versionId) ?? new Set()).add(type));
	return covered;
}

/** Open settings per type. */
async function openSettingsByType(tx: Tx) {
	const rows = await tx
		.select({ settingType: setting.settingType, n: count() })
		.from(setting)
		.where(settingIsOpen)
		.groupBy(setting.settingType);
	return new Map(rows.map((r) => [r.settingType, r.n]));
}

const noEvaluations = () =>
	Object.fromEntries(EVALUATION_STATUSES.map((s) => [s, 0])) as Record<EvaluationStatus, number>;

/** Self-evaluations per status, per cycle. */
async function evaluationCounts(tx: Tx, cycleId?: string) {
	const rows = await tx
		.select({ cycleId: selfEvaluation.cycleId, status: selfEvaluation.status, n: count() })
		.from(selfEvaluation)
		.where(cycleId ? eq(selfEvaluation.cycleId, cycleId) : undefined)
		.groupBy(selfEvaluation.cycleId, selfEvaluation.status);
	const byCycle = new Map<string, Record<EvaluationStatus, number>>();
	for (const { cycleId: id, status, n } of rows) {
		const counts = byCycle.get(id) ?? noEvaluations();
		counts[status] = n;
		byCycle.set(id, counts);
	}
	return byCycle;
}

/** The tally a cycle's pages show: self-evaluations by status, and settings expected to take part. */
function progress(
	frameworks: Assignment[],
	counts: Record<EvaluationStatus, number> | undefined,
	settingsByType: Map<SettingType, number>
) {
	const evaluations = counts ?? noEvaluations();
	return {
		evaluations,
		started: Object.values(evaluations).reduce((a, b) => a + b, 0),
		settings: frameworks.reduce((n, f) => n + (settingsByType.get(f.settingType) ?? 0), 0)
	};
}

/**
 * The tenant's cycles, latest deadline first, each with its framework per type of setting,
 * its self-evaluations by status, and how many open settings of those types there are.
 */
export async function listCycles(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const [cycles, assigned, counts, settingsByType] = await Promise.all([
			tx
				.select({
					id: evaluationCycle.id,
					name: evaluationCycle.name,
					deadline: evaluationCycle.deadline,
					status: evaluationCycle.status
				})
				.from(evaluationCycle)
				.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt)),
			assignments(tx),
			evaluationCounts(tx),
			openSettingsByType(tx)
		]);
		return cycles.map((c) => {
			const frameworks = assigned.filter((a) => a.cycleId === c.id);
			return { ...c, frameworks, ...progress(frameworks, counts.get(c.id), settingsByType) };
		});
	});
}

type Option = { value: string; label: string };

/**
 * The framework versions a cycle may use, per type of setting, grouped by framework: the
 * published ones with criteria for that type, and, for an existing cycle, the version each
 * type has now even if retired since (it can be kept, not newly chosen).
 */
export async function cycleFormOptions(scope: Scope, cycleId?: string) {
	return inTenant(scope, async (tx) => {
		const kept = cycleId && isRecordId(cycleId) ? await assignments(tx, cycleId) : [];
		const keptIds = kept.map((k) => k.versionId);
		const versions = await tx
			.select({ ...versionColumns, frameworkId: framework.id })
			.from(frameworkVersion)
			.innerJoin(framework, joinFramework)
			.where(
				or(
					eq(frameworkVersion.status, 'published'),
					keptIds.length ? inArray(frameworkVersion.id, keptIds) : undefined
				)
			)
			.orderBy(asc(framework.name), asc(framework.id), desc(frameworkVersion.number));
		const covered = await typesCovered(
			tx,
			versions.map((v) => v.versionId)
		);
		const options = {} as Record<SettingType, { label: string; options: Option[] }[]>;
		for (const type of SETTING_TYPES) {
			const groups = new Map<string, { label: string; options: Option[] }>();
			for (const v of versions) {
				const isKept = kept.some((k) => k.settingType === type && k.versionId === v.versionId);
				const offered =
					isKept || (v.versionStatus === 'published' && covered.get(v.versionId)?.has(type));
				if (!offered) continue;
				const group = groups.get(v.frameworkId) ?? { label: v.frameworkName, options: [] };
				const retired = v.versionStatus === 'retired' ? ', retired' : '';
				group.options.push({ value: v.versionId, label: `${versionTitle(v)}${retired}` });
				groups.set(v.frameworkId, group);
			}
			options[type] = [...groups.values()];
		}
		return options;
	});
}
async function readCycle(tx: Tx, id: string, options: { lock?: boolean } = {}) {
	if (!isRecordId(id)) return undefined;
	const query = tx.select().from(evaluationCycle).where(eq(evaluationCycle.id, id));
	const [cycle] = options.lock ? await query.for('update') : await query;
	if (!cycle) return undefined;
	return { ...cycle, frameworks: await assignments(tx, id) };
}
type CycleRecord = NonNullable<Awaited<ReturnType<typeof readCycle>>>;

/** A saved cycle as the form shows it. */
export function cycleFormValues(record: CycleRecord): CycleChanges {
	const values = { name: record.name, deadline: record.deadline, status: record.status };
	const chosen = Object.fromEntries(
		SETTING_TYPES.map((t) => [
			frameworkField(t),
			record.frameworks.find((f) => f.settingType === t)?.versionId ?? ''
		])
	) as Record<FrameworkField, string>;
	return { ...values, ...chosen };
}

/**
 * One cycle with its frameworks, its progress, and the versions its self-evaluations are
 * pinned to; null if the tenant has no such cycle.
 */
export async function getCycle(scope: Scope, id: string) {
	return inTenant(scope, async (tx) => {
		const record = await readCycle(tx, id);
		if (!record) return null;
		const [counts, settingsByType, pinned] = await Promise.all([
			evaluationCounts(tx, id),
			openSettingsByType(tx),
			tx
				.select({ ...versionColumns, n: count() })
				.from(selfEvaluation)
				.innerJoin(
					frameworkVersion,
					rowOf(frameworkVersion, selfEvaluation.tenantId, selfEvaluation.versionId)
				)
				.innerJoin(framework, joinFramework)
				.where(eq(selfEvaluation.cycleId, id))
				.groupBy(frameworkVersion.tenantId, frameworkVersion.id, framework.tenantId, framework.id)
				.orderBy(asc(framework.name), asc(frameworkVersion.number))
		]);
		return {
			...record,
			...progress(record.frameworks, counts.get(id), settingsByType),
			pinned: pinned.map((p) => ({ versionId: p.versionId, title: versionTitle(p), count: p.n }))
		};
	});
}

type CycleInvalid = Invalid<'name' | 'deadline' | FrameworkField>;
export type SaveCycleResult =
	| { ok: true; id: string }
	| CycleInvalid
	| { ok: false; reason: 'conflict'; current: CycleChanges; version: number }
	| typeof NOT_FOUND;

const invalid = (field: CycleInvalid['field'], message: string): CycleInvalid => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});
const nameTaken = (name: string) => invalid('name', `There is already a cycle called ${name}`);

/** A type's settings, as words inside a sentence. */
const typeWords = (type: SettingType) => SETTING_TYPE_PLURALS[type].toLowerCase();

/**
 * The framework version chosen for each type, after checking the name is free, that at least
 * one type has a framework, and that each choice may be used. A version can be newly chosen
 * only while it is published and has criteria for the type; the one a type has already may
 * be kept though it has been retired since. The versions are locked until the transaction
 * ends, so none is retired between this check and the save.
 */
async function checkCycle(
	tx: Tx,
	before: CycleRecord | null,
	input: CycleInput
): Promise<CycleInvalid | Map<SettingType, string>> {
	const [clash] = await tx
		.select({ id: evaluationCycle.id })
		.from(evaluationCycle)
		.where(
			and(
				sql`lower(${evaluationCycle.name}) = lower(${input.name})`,
				before ? ne(evaluationCycle.id, before.id) : undefined
			)
		);
	if (clash) return nameTaken(input.name);
	const chosen = SETTING_TYPES.filter((t) => input[frameworkField(t)] !== '');
	if (!chosen.length) return invalid(frameworkField(SETTING_TYPES[0]), NO_FRAMEWORK_MESSAGE);
	const unknown = 'Select a published framework from the list';
	const malformed = chosen.find((t) => !isRecordId(input[frameworkField(t)]));
	if (malformed) return invalid(frameworkField(malformed), unknown);
	const ids = chosen.map((t) => input[frameworkField(t)]);
	const [found, covered] = await Promise.all([
		tx
			.select(versionColumns)
			.from(frameworkVersion)
			.innerJoin(framework, joinFramework)
			.where(inArray(frameworkVersion.id, ids))
			.for('share', { of: frameworkVersion }),
		typesCovered(tx, ids)
	]);
	const picked = new Map<SettingType, string>();
	for (const type of chosen) {
		const field = frameworkField(type);
		const version = found.find((v) => v.versionId === input[field]);
		const kept = before?.frameworks.some(
			(f) => f.settingType === type && f.versionId === input[field]
		);
		if (!version || version.versionStatus === 'draft') return invalid(field, unknown);
		const title = versionTitle(version);
		if (!kept && version.versionStatus === 'retired')
			return invalid(field, `${title} has been retired. Choose a published version`);
		if (!kept && !covered.get(version.versionId)?.has(type))
			return invalid(field, `${title} has no criteria for ${typeWords(type)}. Choose another`);
		picked.set(type, version.versionId);
	}
	return before ? ((await keepsStartedTypes(tx, before, picked)) ?? picked) : picked;
}

/**
 * Refuses to take the framework away from a type whose settings have started self-evaluations
 * in the cycle: they would be left in a cycle that no longer covers them.
 */
async function keepsStartedTypes(tx: Tx, before: CycleRecord, picked: Map<SettingType, string>) {
	const dropped = before.frameworks.map((f) => f.settingType).filter((t) => !picked.has(t));
	if (!dropped.length) return undefined;
	const started = await tx
		.select({ settingType: setting.settingType, n: count() })
		.from(selfEvaluation)
		.innerJoin(setting, rowOf(setting, selfEvaluation.tenantId, selfEvaluation.settingId))
		.where(and(eq(selfEvaluation.cycleId, before.id), inArray(setting.settingType, dropped)))
		.groupBy(setting.settingType);
	const [first] = started.sort(byTypeOrder);
	if (!first) return undefined;
	const evaluations = first.n === 1 ? '1 self-evaluation has' : `${first.n} self-evaluations have`;
	return invalid(
		frameworkField(first.settingType),
		`${evaluations} started in this cycle for ${typeWords(first.settingType)}, so they need a framework. Choose one; those started stay on the version they began with`
	);
}

const AUDIT_KEYS: Record<SettingType, string> = {
	mainstream: 'mainstreamFramework',
	special: 'specialFramework',
	pru: 'pruFramework',
	early_years: 'earlyYearsFramework'
};

/** What the audit log records of a cycle: framework titles rather than ids. */
function auditView(
	cycle: { name: string; deadline: string; status: string },
	titles: Map<SettingType, string>
): Record<string, string | null> {
	const frameworks = SETTING_TYPES.map((t) => [AUDIT_KEYS[t], titles.get(t) ?? null] as const);
	return {
		name: cycle.name,
		deadline: cycle.deadline,
		status: cycle.status,
		...Object.fromEntries(frameworks)
	};
}

/** The titles of the versions picked, read back for the audit log. */
async function titlesOf(tx: Tx, picked: Map<SettingType, string>) {
	const rows = await tx
		.select(versionColumns)
		.from(frameworkVersion)
		.innerJoin(framework, joinFramework)
		.where(inArray(frameworkVersion.id, [...picked.values()]));
	const title = new Map(rows.map((r) => [r.versionId, versionTitle(r)]));
	return new Map([...picked].map(([type, id]) => [type, title.get(id) ?? id]));
}

async function writeFrameworks(
	tx: Tx,
	scope: Scope,
	cycleId: string,
	picked: Map<SettingType, string>
) {
	await tx.delete(cycleFramework).where(eq(cycleFramework.cycleId, cycleId));
	await tx.insert(cycleFramework).values(
		[...picked].map(([settingType, versionId]) => ({
			tenantId: scope.tenantId,
			cycleId,
			settingType,
			versionId
		}))
	);
}

async function saving(
	name: string,
	work: () => Promise<SaveCycleResult>
): Promise<SaveCycleResult> {
	try {
		return await work();
	} catch (e) {
		// Another cycle took the name between the check and the write.
		if (brokenConstraint(e, '23505') === 'evaluation_cycle_name_key') return nameTaken(name);
		throw e;
	}
}

/** Starts a cycle, open, with a framework version for each type of setting taking part. */
export async function createCycle(scope: Scope, input: CycleInput): Promise<SaveCycleResult> {
	return saving(input.name, () =>
		inTenant(scope, async (tx) => {
			if (input.deadline < todayInEngland())
				return invalid('deadline', 'The deadline must be today or later');
			const picked = await checkCycle(tx, null, input);
			if (!(picked instanceof Map)) return picked;
			const [row] = await tx
				.insert(evaluationCycle)
				.values({ tenantId: scope.tenantId, name: input.name, deadline: input.deadline })
				.returning({ id: evaluationCycle.id, status: evaluationCycle.status });
			const id = row!.id;
			await writeFrameworks(tx, scope, id, picked);
			await writeAudit(tx, scope, {
				action: 'cycle.created',
				subject: input.name,
				detail: {
					after: auditView({ ...input, status: row!.status }, await titlesOf(tx, picked))
				}
			});
			return { ok: true, id };
		})
	);
}

/**
 * Changes a cycle read at `version`; if someone saved it since, returns what they saved.
 * Self-evaluations already started keep the framework version they were pinned to.
 */
export async function updateCycle(
	scope: Scope,
	id: string,
	version: number,
	input: CycleChanges
): Promise<SaveCycleResult> {
	return saving(input.name, () =>
		inTenant(scope, async (tx): Promise<SaveCycleResult> => {
			// Locked so that no self-evaluation starts in it while its frameworks change.
			const before = await readCycle(tx, id, { lock: true });
			if (!before) return NOT_FOUND;
			if (before.version !== version)
				return {
					ok: false,
					reason: 'conflict',
					current: cycleFormValues(before),
					version: before.version
				};
			const picked = await checkCycle(tx, before, input);
			if (!(picked instanceof Map)) return picked;
			const beforeView = auditView(
				before,
				new Map(before.frameworks.map((f) => [f.settingType, f.title]))
			);
			const afterView = auditView(input, await titlesOf(tx, picked));
			const changed = Object.keys(afterView).filter((k) => beforeView[k] !== afterView[k]);
			if (!changed.length) return { ok: true, id };
			await tx
				.update(evaluationCycle)
				.set({
					name: input.name,
					deadline: input.deadline,
					status: input.status,
					version: sql`${evaluationCycle.version} + 1`,
					updatedAt: new Date()
				})
				.where(eq(evaluationCycle.id, id));
			await writeFrameworks(tx, scope, id, picked);
			const pick = (view: Record<string, unknown>) =>
				Object.fromEntries(changed.map((k) => [k, view[k]]));
			await writeAudit(tx, scope, {
				action: 'cycle.updated',
				subject: input.name,
				detail: { before: pick(beforeView), after: pick(afterView) }
			});
			return { ok: true, id };
		})
	);
}

/**
 * The open cycles in which settings of a type evaluate themselves, with the framework version
 * a self-evaluation started now is pinned to, latest deadline first. With `lock`, the cycles
 * are held until the caller's transaction ends, so none can change its frameworks meanwhile.
 */
export async function openCyclesForSetting(
	tx: Tx,
	settingType: SettingType,
	options: { lock?: boolean } = {}
) {
	const query = tx
		.select({
			id: evaluationCycle.id,
			name: evaluationCycle.name,
			deadline: evaluationCycle.deadline,
			versionId: cycleFramework.versionId,
			frameworkName: framework.name,
			versionLabel: frameworkVersion.label
		})
		.from(evaluationCycle)
		.innerJoin(
			cycleFramework,
			and(
				eq(cycleFramework.tenantId, evaluationCycle.tenantId),
				eq(cycleFramework.cycleId, evaluationCycle.id),
				eq(cycleFramework.settingType, settingType)
			)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, cycleFramework.tenantId, cycleFramework.versionId)
		)
		.innerJoin(framework, joinFramework)
		.where(eq(evaluationCycle.status, 'open'))
		.orderBy(desc(evaluationCycle.deadline), asc(evaluationCycle.name));
	return options.lock ? query.for('share', { of: evaluationCycle }) : query;
}
