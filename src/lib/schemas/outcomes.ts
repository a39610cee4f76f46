import { z } from 'zod';
import {
	isOutcomeIndicatorKey,
	OUTCOME_INDICATORS,
	OUTCOME_UNITS,
	outcomePeriod,
	parseOutcomeValue,
	type OutcomeUnit
} from '../domain/outcomes';

export const OUTCOME_SOURCE_MAX = 300;

const source = z
	.string()
	// A NUL character, which the database cannot store, is dropped.
	.overwrite((v) => v.replace(/\0/g, '').trim())
	.min(1, 'Enter where the figure came from, like “LA parent survey, summer term”')
	.max(OUTCOME_SOURCE_MAX, `Where it came from must be ${OUTCOME_SOURCE_MAX} characters or fewer`);

/** The figure as typed: read for the indicator's unit by parseOutcomeValue. */
const value = z.string().trim().max(40, 'Enter the figure as a number, without any words');

/** The first problem with a figure for the unit, or null when it reads. */
const valueProblem = (unit: OutcomeUnit, text: string) => {
	const parsed = parseOutcomeValue(unit, text);
	return parsed.ok ? null : parsed.message;
};

/** Changing an entered figure: its value and source; which indicator and year stay as they are. */
const figureSchemaFor = (unit: OutcomeUnit) =>
	z.object({
		version: z.number().int().min(0),
		value: value.superRefine((text, ctx) => {
			const problem = valueProblem(unit, text);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		}),
		source
	});

/** One schema per unit, made once so that superforms can cache each. */
export const OUTCOME_FIGURE_SCHEMAS = Object.fromEntries(
	OUTCOME_UNITS.map((unit) => [unit, figureSchemaFor(unit)])
) as Record<OutcomeUnit, ReturnType<typeof figureSchemaFor>>;
export type OutcomeFigureForm = z.infer<ReturnType<typeof figureSchemaFor>>;
export type OutcomeFigureInput = Omit<OutcomeFigureForm, 'version'>;

export const OUTCOME_FIGURE_LABELS: Record<keyof OutcomeFigureInput, string> = {
	value: 'Figure',
	source: 'Where the figure came from'
};

/** What a failed change carries back besides field errors. */
export interface OutcomeFigureMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: OutcomeFigureInput;
}

/**
 * Entering a figure: the indicator, the school year, the figure and where it came from.
 * Strings, not enums, so that superforms leaves an unchosen indicator blank rather than
 * filling in the first. Whether the year takes figures today is the service's to say.
 */
export const outcomeEntrySchema = z
	.object({
		// Not narrowed to the keys: the service checks the indicator again, whoever calls it.
		indicator: z
			.string()
			.refine((v): boolean => isOutcomeIndicatorKey(v), 'Choose an indicator from the list'),
		period: z
			.string()
			.refine((v) => outcomePeriod(v) !== null, 'Choose a school year from the list'),
		value,
		source
	})
	.superRefine((entry, ctx) => {
		const problem = isOutcomeIndicatorKey(entry.indicator)
			? valueProblem(OUTCOME_INDICATORS[entry.indicator].unit, entry.value)
			: entry.value === ''
				? 'Enter the figure'
				: null;
		if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
	});
export type OutcomeEntryInput = z.infer<typeof outcomeEntrySchema>;
