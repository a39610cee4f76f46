import { z } from 'zod';
import { CYCLE_STATUSES } from '../domain/evaluation';
import { SETTING_TYPES, type SettingType } from '../domain/organisation';
import { optionalId } from './structure';

/** The form field holding the framework version chosen for one type of setting. */
export type FrameworkField = `framework_${SettingType}`;
export const frameworkField = (type: SettingType): FrameworkField => `framework_${type}`;

/** Each type of setting as a group of settings: "early years settings". */
export const SETTING_TYPE_PLURALS: Record<SettingType, string> = {
	mainstream: 'Mainstream schools',
	special: 'Special schools',
	pru: 'Pupil referral units and alternative provision',
	early_years: 'Early years settings'
};

export const NO_FRAMEWORK_MESSAGE = 'Choose a framework for at least one type of setting';

const londonDay = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** Today in England as YYYY-MM-DD: what "in the past" means for a deadline. */
export function todayInEngland(now = new Date()): string {
	const part = (type: string) => londonDay.formatToParts(now).find((p) => p.type === type)?.value;
	return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A date as YYYY-MM-DD. Browsers send that from a date input; one that shows a plain text box
 * instead leaves people typing 31/07/2027, which is read the British way rather than refused.
 */
function normaliseDate(value: string): string {
	const british = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
	if (!british) return value;
	const [, day, month, year] = british;
	return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/** Whether a YYYY-MM-DD string names a day that exists (no 31 June). */
function isRealDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1;
}

const versionChoice = optionalId('Select a framework from the list');

const cycleFields = {
	name: z
		.string()
		.trim()
		.min(1, 'Enter a name for the cycle, like 2026/27')
		.max(60, 'Name must be 60 characters or fewer'),
	deadline: z
		.string()
		.trim()
		.min(1, { error: 'Enter the deadline', abort: true })
		.overwrite(normaliseDate)
		.refine(isRealDate, { error: 'Enter the deadline as a date, like 31/07/2027', abort: true })
		.refine(
			(v) => v >= '2000-01-01' && v <= '2099-12-31',
			'Enter a deadline between the years 2000 and 2099'
		),
	framework_mainstream: versionChoice,
	framework_special: versionChoice,
	framework_pru: versionChoice,
	framework_early_years: versionChoice
} satisfies Record<'name' | 'deadline' | FrameworkField, z.ZodType>;

type Fields = { [K in FrameworkField]: string };

const needsAFramework = (value: Fields, ctx: z.RefinementCtx) => {
	if (SETTING_TYPES.some((type) => value[frameworkField(type)] !== '')) return;
	ctx.addIssue({
		code: 'custom',
		path: [frameworkField(SETTING_TYPES[0])],
		message: NO_FRAMEWORK_MESSAGE
	});
};

/** A cycle as it is started: its name, deadline and the framework version for each type. */
export const cycleSchema = z.object(cycleFields).superRefine(needsAFramework);
export type CycleInput = z.infer<typeof cycleSchema>;

/**
 * The cycle form, for starting and changing one. A change carries the version it was read at
 * so that it cannot overwrite someone else's save; a new cycle has version 0 and is open.
 *
 * A new cycle's deadline cannot already have passed, which would be a typing slip. A cycle
 * being changed may keep or be given a past date: last year's cycle is renamed or closed long
 * after its deadline, and the LA may record a date that has slipped by.
 */
export const cycleFormSchema = z
	.object({
		...cycleFields,
		status: z.enum(CYCLE_STATUSES, { error: 'Select whether the cycle is open or closed' }),
		version: z.number().int().min(0)
	})
	.superRefine(needsAFramework)
	.superRefine((value, ctx) => {
		if (value.version === 0 && isRealDate(value.deadline) && value.deadline < todayInEngland())
			ctx.addIssue({
				code: 'custom',
				path: ['deadline'],
				message: 'The deadline must be today or later'
			});
	});
export type CycleForm = z.infer<typeof cycleFormSchema>;

/** What a change to a cycle sets: everything on the form but the version it was read at. */
export type CycleChanges = Omit<CycleForm, 'version'>;

/** What a failed save carries back besides field errors. */
export interface CycleFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: CycleChanges;
}
