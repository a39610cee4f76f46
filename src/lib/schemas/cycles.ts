import { z } from 'zod';
import { isRealDate, todayInEngland } from '../domain/dates';
import { CYCLE_STATUSES } from '../domain/evaluation';
import { SETTING_TYPES, type SettingType } from '../domain/organisation';
import { dateField } from './dates';
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

const versionChoice = optionalId('Select a framework from the list');

const cycleFields = {
	name: z
		.string()
		.trim()
		.min(1, 'Enter a name for the cycle, like 2026/27')
		.max(60, 'Name must be 60 characters or fewer'),
	deadline: dateField({
		required: 'Enter the deadline',
		format: 'Enter the deadline as a date, like 31/07/2027',
		range: 'Enter a deadline between the years 2000 and 2099'
	}),
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
