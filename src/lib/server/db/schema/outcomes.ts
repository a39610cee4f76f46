import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './common';
import { appUser } from './platform';
import { inList, tenantKey } from './tenancy';
import {
	indicatorKeysIn,
	MAX_OUTCOME_COUNT,
	OUTCOME_INDICATOR_KEYS
} from '../../../domain/outcomes';

/**
 * A figure the LA enters for one of the outcome indicators it monitors, for one school
 * year, with where it came from. Computed figures are worked out when shown, not stored.
 */
export const outcomeValue = pgTable(
	'outcome_value',
	{
		tenantId: tenantId(),
		id: id(),
		indicator: text('indicator', { enum: OUTCOME_INDICATOR_KEYS }).notNull(),
		/** The school year, as "2025/26". */
		period: text('period').notNull(),
		value: numeric('value', { precision: 9, scale: 1, mode: 'number' }).notNull(),
		/** Where the figure came from: a survey, a return, a published table. */
		source: text('source').notNull(),
		enteredBy: uuid('entered_by')
			.notNull()
			.references(() => appUser.id),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		uniqueIndex('outcome_value_key').on(t.tenantId, t.indicator, t.period),
		check(
			'outcome_value_indicator_check',
			sql`${t.indicator} in (${inList(OUTCOME_INDICATOR_KEYS)})`
		),
		check(
			'outcome_value_period_check',
			sql`${t.period} ~ '^[0-9]{4}/[0-9]{2}$'
				and right(${t.period}, 2)::int = (left(${t.period}, 4)::int + 1) % 100`
		),
		check(
			'outcome_value_value_check',
			sql`${t.value} >= 0 and (
				(${t.indicator} in (${inList(indicatorKeysIn('percentage'))}) and ${t.value} <= 100)
				or (${t.indicator} in (${inList(indicatorKeysIn('count'))})
					and ${t.value} = trunc(${t.value}) and ${t.value} <= ${sql.raw(String(MAX_OUTCOME_COUNT))}))`
		),
		check('outcome_value_source_check', sql`length(btrim(${t.source})) > 0`)
	]
);
