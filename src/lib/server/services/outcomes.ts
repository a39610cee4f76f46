import { and, count, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import { SETTING_TYPE_LABELS, type Role } from '../../domain/organisation';
import {
	ehcpInMainstreamShare,
	entryRefusal,
	isOutcomeIndicatorKey,
	OUTCOME_INDICATORS,
	outcomePeriods,
	outcomeRows,
	outcomeValueInput,
	parseOutcomeValue,
	type ComputedFigure,
	type OutcomeEntry,
	type OutcomeIndicator,
	type RegisterCoverage
} from '../../domain/outcomes';
import { registerColumn } from '../../domain/provision-aggregates';
import type { OutcomeEntryInput, OutcomeFigureInput } from '../../schemas/outcomes';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { appUser, outcomeValue, senPupil, setting } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { provisionAggregatesFor } from './provision-aggregates';
import { DONE, FORBIDDEN, STALE, staleWith, type StaleWith } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// The outcome indicators the LA monitors. LA admins and officers alike enter, change and
// delete the figures: both run the tenant, and every change is in the audit log. Area boards
// and settings have no access here.

const OUTCOME_ROLES: readonly Role[] = ['admin', 'officer'];
const isLaStaff = (scope: Scope) =>
	scope.membership.organisationKind === 'la' && OUTCOME_ROLES.includes(scope.membership.role);

const columns = {
	id: outcomeValue.id,
	indicator: outcomeValue.indicator,
	period: outcomeValue.period,
	value: outcomeValue.value,
	source: outcomeValue.source,
	version: outcomeValue.version,
	enteredBy: appUser.name,
	updatedAt: outcomeValue.updatedAt
};

const selectEntries = (tx: Tx) =>
	tx.select(columns).from(outcomeValue).leftJoin(appUser, eq(appUser.id, outcomeValue.enteredBy));

/** One of the tenant's entered figures, or undefined when the id is not one of them. */
async function findEntry(tx: Tx, id: string, options: { lock?: boolean } = {}) {
	if (!isRecordId(id)) return undefined;
	const query = selectEntries(tx).where(eq(outcomeValue.id, id));
	const [row] = options.lock ? await query.for('update', { of: outcomeValue }) : await query;
	return row satisfies OutcomeEntry | undefined;
}

/** How many settings, in all and mainstream schools, have pupils on their SEN register today. */
async function registerCoverage(tx: Tx, today: string): Promise<RegisterCoverage> {
	const onRegister = tx
		.select({ one: sql`1` })
		.from(senPupil)
		.where(
			and(
				eq(senPupil.tenantId, setting.tenantId),
				eq(senPupil.settingId, setting.id),
				or(isNull(senPupil.removedOn), gt(senPupil.removedOn, today))
			)
		);
	const rows = await tx
		.select({
			settingType: setting.settingType,
			settings: count(),
			keeping: sql<number>`(count(*) filter (where exists (${onRegister})))::int`
		})
		.from(setting)
		.groupBy(setting.settingType);
	const sum = (pick: (r: (typeof rows)[number]) => number, mainstream = false) =>
		rows
			.filter((r) => !mainstream || r.settingType === 'mainstream')
			.reduce((n, r) => n + pick(r), 0);
	return {
		settings: sum((r) => r.settings),
		keeping: sum((r) => r.keeping),
		mainstream: sum((r) => r.settings, true),
		mainstreamKeeping: sum((r) => r.keeping, true)
	};
}

/**
 * The share of pupils with an EHC plan taught in mainstream schools, from the register as
 * it stands today, suppressed exactly as the LA's provision figures by setting type are.
 */
async function ehcpInMainstream(scope: Scope): Promise<ComputedFigure> {
	const view = await provisionAggregatesFor(scope, 'setting_type');
	const mainstream = view?.rows.find((r) => r.label === SETTING_TYPE_LABELS.mainstream);
	const column = registerColumn('E');
	return ehcpInMainstreamShare(mainstream?.cells[column], view?.total.cells[column]);
}

/**
 * Every indicator across this school year and the two before it, with the figures entered
 * and the one worked out, and how many settings keep their register in Inclusio; null for
 * anyone but LA staff. The LA's district dashboard can show `rows[].latest` as a summary.
 */
export async function outcomeIndicators(scope: Scope) {
	if (!isLaStaff(scope)) return null;
	const today = todayInEngland();
	const periods = outcomePeriods(today).map((p) => p.label);
	return inTenant(scope, async (tx) => {
		const [entries, coverage, computed] = await Promise.all([
			selectEntries(tx).where(inArray(outcomeValue.period, periods)),
			registerCoverage(tx, today),
			ehcpInMainstream(scope)
		]);
		return {
			periods,
			rows: outcomeRows(entries, computed, today),
			coverage
		};
	});
}

/** One entered figure with its indicator, or null when it is not the tenant's or not for the caller. */
export async function getOutcomeValue(scope: Scope, id: string) {
	if (!isLaStaff(scope)) return null;
	return inTenant(scope, async (tx) => {
		const entry = await findEntry(tx, id);
		return entry ? { ...entry, indicator: OUTCOME_INDICATORS[entry.indicator] } : null;
	});
}

/** A saved figure as its form shows it. */
export const outcomeFigureValues = (entry: Pick<OutcomeEntry, 'value' | 'source'>) => ({
	value: outcomeValueInput(entry.value),
	source: entry.source
});

const subjectOf = (indicator: OutcomeIndicator, period: string) => `${indicator.label}, ${period}`;

const alreadyEntered = (indicator: OutcomeIndicator, period: string): Invalid<'period'> => ({
	ok: false,
	reason: 'invalid',
	field: 'period',
	message: `${indicator.label}: a figure for ${period} is already entered. Change that figure instead of adding another`
});

export type AddOutcomeResult =
	{ ok: true; id: string } | Invalid<'indicator' | 'period' | 'value'> | typeof FORBIDDEN;

/** Enters a figure for an indicator and school year that has none yet. */
export async function addOutcomeValue(
	scope: Scope,
	input: OutcomeEntryInput
): Promise<AddOutcomeResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	const indicator = isOutcomeIndicatorKey(input.indicator)
		? OUTCOME_INDICATORS[input.indicator]
		: undefined;
	if (!indicator)
		return {
			ok: false,
			reason: 'invalid',
			field: 'indicator',
			message: 'Choose an indicator from the list'
		};
	const refusal = entryRefusal(indicator, input.period, todayInEngland());
	if (refusal) return { ok: false, reason: 'invalid', field: 'period', message: refusal };
	const parsed = parseOutcomeValue(indicator.unit, input.value);
	if (!parsed.ok) return { ok: false, reason: 'invalid', field: 'value', message: parsed.message };
	const values = { value: parsed.value, source: input.source };
	try {
		return await inTenant(scope, async (tx) => {
			const [existing] = await tx
				.select({ id: outcomeValue.id })
				.from(outcomeValue)
				.where(
					and(eq(outcomeValue.indicator, indicator.key), eq(outcomeValue.period, input.period))
				);
			if (existing) return alreadyEntered(indicator, input.period);
			const [row] = await tx
				.insert(outcomeValue)
				.values({
					tenantId: scope.tenantId,
					indicator: indicator.key,
					period: input.period,
					...values,
					enteredBy: scope.userId
				})
				.returning({ id: outcomeValue.id });
			await writeAudit(tx, scope, {
				action: 'outcome.value-added',
				subject: subjectOf(indicator, input.period),
				detail: { outcomeValueId: row!.id, indicator: indicator.key, after: values }
			});
			return { ok: true, id: row!.id };
		});
	} catch (e) {
		// Someone entered the same figure between the check and the insert.
		if (brokenConstraint(e, '23505') === 'outcome_value_key')
			return alreadyEntered(indicator, input.period);
		throw e;
	}
}

export type ChangeOutcomeResult =
	| { ok: true; id: string }
	| Invalid<'value'>
	| StaleWith<OutcomeFigureInput>
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/** Changes a figure read at `version`; if someone saved it since, returns what they saved. */
export async function changeOutcomeValue(
	scope: Scope,
	id: string,
	version: number,
	input: OutcomeFigureInput
): Promise<ChangeOutcomeResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx): Promise<ChangeOutcomeResult> => {
		const before = await findEntry(tx, id, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== version) return staleWith(outcomeFigureValues(before), before.version);
		const indicator = OUTCOME_INDICATORS[before.indicator];
		const parsed = parseOutcomeValue(indicator.unit, input.value);
		if (!parsed.ok)
			return { ok: false, reason: 'invalid', field: 'value', message: parsed.message };
		const after = { value: parsed.value, source: input.source };
		const was = { value: before.value, source: before.source };
		const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
			(k) => after[k] !== was[k]
		);
		if (!changed.length) return { ok: true, id: before.id };
		await tx
			.update(outcomeValue)
			.set({
				...after,
				enteredBy: scope.userId,
				version: before.version + 1,
				updatedAt: new Date()
			})
			.where(eq(outcomeValue.id, before.id));
		const pick = (v: typeof after) => Object.fromEntries(changed.map((k) => [k, v[k]]));
		await writeAudit(tx, scope, {
			action: 'outcome.value-changed',
			subject: subjectOf(indicator, before.period),
			detail: {
				outcomeValueId: before.id,
				indicator: indicator.key,
				before: pick(was),
				after: pick(after)
			}
		});
		return { ok: true, id: before.id };
	});
}

export type DeleteOutcomeResult = typeof DONE | typeof STALE | typeof NOT_FOUND | typeof FORBIDDEN;

/** Deletes a figure as it was read at `version`; a figure changed since is left alone. */
export async function deleteOutcomeValue(
	scope: Scope,
	id: string,
	version: number
): Promise<DeleteOutcomeResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx): Promise<DeleteOutcomeResult> => {
		const before = await findEntry(tx, id, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== version) return STALE;
		await tx.delete(outcomeValue).where(eq(outcomeValue.id, before.id));
		const indicator = OUTCOME_INDICATORS[before.indicator];
		await writeAudit(tx, scope, {
			action: 'outcome.value-deleted',
			subject: subjectOf(indicator, before.period),
			detail: {
				outcomeValueId: before.id,
				indicator: indicator.key,
				before: { value: before.value, source: before.source }
			}
		});
		return DONE;
	});
}
