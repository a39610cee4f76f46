import {
	and,
	asc,
	count,
	countDistinct,
	eq,
	gte,
	inArray,
	isNull,
	lte,
	ne,
	or,
	sql
} from 'drizzle-orm';
import { todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import {
	costPerPupilPence,
	effectiveness,
	hoursPerWeek,
	isCompleted,
	type AreaOfNeed,
	type Outcome,
	type Tier
} from '../../domain/provision';
import { parsePounds, poundsInput } from '../../domain/provision-cost';
import {
	INTERVENTIONS_PAGE_SIZE,
	type InterventionFilter,
	type InterventionInput
} from '../../schemas/provision-offer';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { intervention, provisionRecord } from '../db/schema';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { readProvision, writeProvision, type ProvisionAccess } from './provision-access';
import type { Invalid } from './structure';

// The setting's offer: the interventions its pupils can be put on, with what they cost.

const columns = {
	id: intervention.id,
	name: intervention.name,
	areaOfNeed: intervention.areaOfNeed,
	tier: intervention.tier,
	groupSize: intervention.groupSize,
	sessionsPerWeek: intervention.sessionsPerWeek,
	minutesPerSession: intervention.minutesPerSession,
	staffRole: intervention.staffRole,
	hourlyCostPence: intervention.hourlyCostPence,
	outcomeMeasure: intervention.outcomeMeasure,
	archivedAt: intervention.archivedAt,
	version: intervention.version
};

/**
 * One of the setting's interventions, or undefined when the id is not one of them (another
 * setting's or tenant's, or not an id). Locked when asked, so that no record can be added
 * to it, nor it archived, while the caller decides.
 */
export async function findIntervention(
	tx: Tx,
	settingId: string,
	id: string,
	options: { lock?: 'share' | 'update' } = {}
) {
	if (!isRecordId(id)) return undefined;
	const query = tx
		.select(columns)
		.from(intervention)
		.where(and(eq(intervention.settingId, settingId), eq(intervention.id, id)));
	const [row] = options.lock ? await query.for(options.lock) : await query;
	return row;
}
export type InterventionRow = NonNullable<Awaited<ReturnType<typeof findIntervention>>>;

/** A saved intervention as its form shows it. */
export const interventionFormValues = (row: InterventionRow): InterventionInput => ({
	name: row.name,
	areaOfNeed: row.areaOfNeed,
	tier: row.tier,
	groupSize: String(row.groupSize),
	sessionsPerWeek: String(row.sessionsPerWeek),
	minutesPerSession: String(row.minutesPerSession),
	staffRole: row.staffRole,
	hourlyCost: poundsInput(row.hourlyCostPence),
	outcomeMeasure: row.outcomeMeasure
});

/** The columns a form sets, from what the schema has already checked. */
const toColumns = (input: InterventionInput) => ({
	name: input.name,
	areaOfNeed: input.areaOfNeed as AreaOfNeed,
	tier: input.tier as Tier,
	groupSize: Number(input.groupSize),
	sessionsPerWeek: Number(input.sessionsPerWeek),
	minutesPerSession: Number(input.minutesPerSession),
	staffRole: input.staffRole,
	hourlyCostPence: parsePounds(input.hourlyCost)!,
	outcomeMeasure: input.outcomeMeasure
});
type Columns = ReturnType<typeof toColumns>;

/** Only the fields that differ, before and after: the offer's own words, no pupil data. */
function changes(before: Columns, after: Columns) {
	const keys = (Object.keys(after) as (keyof Columns)[]).filter((k) => before[k] !== after[k]);
	const pick = (v: Columns) => Object.fromEntries(keys.map((k) => [k, v[k]]));
	return keys.length ? { before: pick(before), after: pick(after) } : null;
}

const subjectOf = (access: ProvisionAccess) => `Provision records of ${access.settingName}`;

/** What each intervention's records add up to: pupils on it now, and how it has worked. */
async function recordFigures(tx: Tx, ids: string[], today: string) {
	if (!ids.length) return new Map<string, { current: number; outcomes: (Outcome | null)[] }>();
	const [current, outcomes] = await Promise.all([
		tx
			.select({
				id: provisionRecord.interventionId,
				pupils: countDistinct(provisionRecord.pupilId)
			})
			.from(provisionRecord)
			.where(
				and(
					inArray(provisionRecord.interventionId, ids),
					lte(provisionRecord.startDate, today),
					or(isNull(provisionRecord.endDate), gte(provisionRecord.endDate, today))
				)
			)
			.groupBy(provisionRecord.interventionId),
		tx
			.select({ id: provisionRecord.interventionId, outcome: provisionRecord.outcome, n: count() })
			.from(provisionRecord)
			.where(inArray(provisionRecord.interventionId, ids))
			.groupBy(provisionRecord.interventionId, provisionRecord.outcome)
	]);
	const figures = new Map(
		ids.map((id) => [id, { current: 0, outcomes: [] as (Outcome | null)[] }])
	);
	for (const row of current) figures.get(row.id)!.current = row.pupils;
	for (const row of outcomes)
		figures.get(row.id)!.outcomes.push(...Array<Outcome | null>(row.n).fill(row.outcome));
	return figures;
}

/** How an intervention's completed provision went: targets met, completed, and the share. */
const outcomeFigures = (outcomes: (Outcome | null)[]) => ({
	met: outcomes.filter((o) => o === 'met').length,
	completed: outcomes.filter(isCompleted).length,
	effectiveness: effectiveness(outcomes)
});

/**
 * A page of the setting's interventions, active first and then by name (archived ones only
 * when asked), each with its hours a week, cost per pupil per week, the pupils on it today
 * and its effectiveness.
 */
export function listInterventions(
	scope: Scope,
	filter: InterventionFilter,
	today = todayInEngland()
) {
	return readProvision(scope, async (tx, access) => {
		const ofSetting = eq(intervention.settingId, access.settingId);
		const where = filter.archived ? ofSetting : and(ofSetting, isNull(intervention.archivedAt));
		const [rows, [total], [archived]] = await Promise.all([
			tx
				.select(columns)
				.from(intervention)
				.where(where)
				.orderBy(
					sql`${intervention.archivedAt} is not null`,
					asc(sql`lower(${intervention.name})`),
					asc(intervention.id)
				)
				.limit(INTERVENTIONS_PAGE_SIZE)
				.offset((filter.page - 1) * INTERVENTIONS_PAGE_SIZE),
			tx.select({ n: count() }).from(intervention).where(where),
			tx
				.select({ n: count() })
				.from(intervention)
				.where(and(ofSetting, sql`${intervention.archivedAt} is not null`))
		]);
		const figures = await recordFigures(
			tx,
			rows.map((r) => r.id),
			today
		);
		return {
			canEdit: access.canEdit,
			total: total?.n ?? 0,
			archivedCount: archived?.n ?? 0,
			rows: rows.map((row) => {
				const { current, outcomes } = figures.get(row.id)!;
				return {
					...row,
					archived: row.archivedAt !== null,
					hoursPerWeek: hoursPerWeek(row),
					costPerPupilWeekPence: costPerPupilPence(row, 1),
					currentPupils: current,
					...outcomeFigures(outcomes)
				};
			})
		};
	});
}

/** One of the setting's interventions with its figures, or null when it is not the setting's. */
export function getIntervention(scope: Scope, id: string, today = todayInEngland()) {
	return readProvision(scope, async (tx, access) => {
		const row = await findIntervention(tx, access.settingId, id);
		if (!row) return null;
		const [[records], figures] = await Promise.all([
			tx
				.select({ n: count() })
				.from(provisionRecord)
				.where(eq(provisionRecord.interventionId, row.id)),
			recordFigures(tx, [row.id], today)
		]);
		const { current, outcomes } = figures.get(row.id)!;
		return {
			...row,
			archived: row.archivedAt !== null,
			canEdit: access.canEdit,
			records: records?.n ?? 0,
			hoursPerWeek: hoursPerWeek(row),
			costPerPupilWeekPence: costPerPupilPence(row, 1),
			currentPupils: current,
			...outcomeFigures(outcomes)
		};
	});
}

export type SaveInterventionResult =
	| { ok: true; id: string }
	| Invalid<keyof InterventionInput>
	| { ok: false; reason: 'conflict'; current: InterventionInput; version: number }
	| null;

const nameTaken = (name: string): Invalid<'name'> => ({
	ok: false,
	reason: 'invalid',
	field: 'name',
	message: `Your setting already has an intervention called ${name}. Choose another name, or change that one`
});

/** Whether another of the setting's interventions has the name, in any case. */
async function nameInUse(tx: Tx, settingId: string, name: string, exceptId: string | null) {
	const [row] = await tx
		.select({ id: intervention.id })
		.from(intervention)
		.where(
			and(
				eq(intervention.settingId, settingId),
				eq(sql`lower(${intervention.name})`, name.toLowerCase()),
				exceptId ? ne(intervention.id, exceptId) : undefined
			)
		);
	return row !== undefined;
}

/** Runs a save, turning a name taken by a save that raced this one into the field's error. */
async function saving<T>(name: string, work: () => Promise<T>): Promise<T | Invalid<'name'>> {
	try {
		return await work();
	} catch (e) {
		if (brokenConstraint(e, '23505') === 'intervention_name_key') return nameTaken(name);
		throw e;
	}
}

/** The SENCO or head adds an intervention to the setting's offer. */
export function createIntervention(scope: Scope, input: InterventionInput) {
	return saving(input.name, () =>
		writeProvision(scope, async (tx, access): Promise<SaveInterventionResult> => {
			if (await nameInUse(tx, access.settingId, input.name, null)) return nameTaken(input.name);
			const values = toColumns(input);
			const [row] = await tx
				.insert(intervention)
				.values({ tenantId: scope.tenantId, settingId: access.settingId, ...values })
				.returning({ id: intervention.id });
			await writeAudit(tx, scope, {
				action: 'provision.intervention-added',
				subject: subjectOf(access),
				detail: { interventionId: row!.id, after: values }
			});
			return { ok: true, id: row!.id };
		})
	);
}

/** Changes an intervention read at `version`; if someone saved it since, returns what they saved. */
export function updateIntervention(
	scope: Scope,
	id: string,
	version: number,
	input: InterventionInput
) {
	return saving(input.name, () =>
		writeProvision(scope, async (tx, access): Promise<SaveInterventionResult> => {
			const before = await findIntervention(tx, access.settingId, id, { lock: 'update' });
			if (!before) return null;
			if (before.version !== version)
				return {
					ok: false,
					reason: 'conflict',
					current: interventionFormValues(before),
					version: before.version
				};
			if (await nameInUse(tx, access.settingId, input.name, before.id))
				return nameTaken(input.name);
			const after = toColumns(input);
			const diff = changes(toColumns(interventionFormValues(before)), after);
			if (!diff) return { ok: true, id: before.id };
			await tx
				.update(intervention)
				.set({ ...after, version: before.version + 1, updatedAt: new Date() })
				.where(eq(intervention.id, before.id));
			await writeAudit(tx, scope, {
				action: 'provision.intervention-changed',
				subject: subjectOf(access),
				detail: { interventionId: before.id, ...diff }
			});
			return { ok: true, id: before.id };
		})
	);
}

/**
 * Archives an intervention (it is no longer offered for new records, and keeps its
 * records) or brings it back. Doing what is already so does nothing.
 */
export function setInterventionArchived(scope: Scope, id: string, archived: boolean) {
	return writeProvision(scope, async (tx, access) => {
		const before = await findIntervention(tx, access.settingId, id, { lock: 'update' });
		if (!before) return null;
		if ((before.archivedAt !== null) === archived) return { ok: true, id: before.id } as const;
		await tx
			.update(intervention)
			.set({
				archivedAt: archived ? new Date() : null,
				version: before.version + 1,
				updatedAt: new Date()
			})
			.where(eq(intervention.id, before.id));
		await writeAudit(tx, scope, {
			action: archived ? 'provision.intervention-archived' : 'provision.intervention-restored',
			subject: subjectOf(access),
			detail: { interventionId: before.id, name: before.name }
		});
		return { ok: true, id: before.id } as const;
	});
}

async function recordsOf(tx: Tx, interventionId: string) {
	const [row] = await tx
		.select({ n: count() })
		.from(provisionRecord)
		.where(eq(provisionRecord.interventionId, interventionId));
	return row?.n ?? 0;
}

/** What the delete page needs: the intervention and how many records stop its deletion. */
export function interventionForDeletion(scope: Scope, id: string) {
	return readProvision(scope, async (tx, access) => {
		const row = await findIntervention(tx, access.settingId, id);
		if (!row) return null;
		return {
			id: row.id,
			name: row.name,
			archived: row.archivedAt !== null,
			canEdit: access.canEdit,
			records: await recordsOf(tx, row.id)
		};
	});
}

export type DeleteInterventionResult =
	{ ok: true } | { ok: false; reason: 'in-use'; records: number } | null;

/**
 * Deletes an intervention that no provision record uses; one that has records is refused
 * (archive it instead, which keeps them). The row is locked first, so that a record added
 * meanwhile waits for this to finish and then finds it gone.
 */
export function deleteIntervention(scope: Scope, id: string) {
	return writeProvision(scope, async (tx, access): Promise<DeleteInterventionResult> => {
		const before = await findIntervention(tx, access.settingId, id, { lock: 'update' });
		if (!before) return null;
		const records = await recordsOf(tx, before.id);
		if (records > 0) return { ok: false, reason: 'in-use', records };
		await tx.delete(intervention).where(eq(intervention.id, before.id));
		await writeAudit(tx, scope, {
			action: 'provision.intervention-deleted',
			subject: subjectOf(access),
			detail: { interventionId: before.id, before: toColumns(interventionFormValues(before)) }
		});
		return { ok: true };
	});
}
