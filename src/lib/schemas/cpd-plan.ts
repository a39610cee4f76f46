import { z } from 'zod';
import { CPD_ITEM_STATUSES, type CpdItemStatus } from '../domain/cpd';
import { isRecordId } from '../domain/ids';
import { parsePounds } from '../domain/provision-cost';
import { dateField } from './dates';
import { count, fine, text } from './fields';

export const ACTIVITY_MAX = 200;
export const ATTENDEES_MAX = 200;
export const IMPACT_MAX = 2_000;
export const MAX_PLACES = 500;
/** £1,000,000 in pence: beyond any setting's CPD budget or any one activity's cost. */
export const MAX_CPD_PENCE = 100_000_000;
/** Staff time one person can give to one activity, in hours. */
export const MAX_HOURS_EACH = 2_000;
/** Staff time a plan can budget for, in hours. */
export const MAX_BUDGET_HOURS = 100_000;

/**
 * Hours as people type them ("3", "1.5", "0.25") in whole minutes, or null when the text is
 * not a number of hours: no more than two decimal places, worked out from the digits.
 */
export function parseHours(value: string): number | null {
	const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(value.trim());
	if (!match) return null;
	return Number(match[1]) * 60 + Math.round(Number(`0.${match[2] ?? '0'}`) * 60);
}

/** Minutes as a form shows them in hours for changing: 90 → "1.5", 100 → "1.67". */
export const hoursInput = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

/** Pounds typed in a box, blank allowed: kept as text so that what was typed is shown back. */
const pounds = (what: string, example: string) =>
	z
		.string()
		.trim()
		.refine(
			(v) => v === '' || parsePounds(v) !== null,
			`Enter ${what} in pounds and pence, like ${example}, without any other words`
		)
		// Not aborting above keeps the form's rules across fields running; text that is not an
		// amount passes this one.
		.refine(
			(v) => (parsePounds(v) ?? 0) <= MAX_CPD_PENCE,
			`${what[0]!.toUpperCase()}${what.slice(1)} must be £${count(MAX_CPD_PENCE / 100)} or less`
		);

/** Hours typed in a box, blank allowed. */
const hours = (what: string, example: string, max: number) =>
	z
		.string()
		.trim()
		.refine(
			(v) => v === '' || parseHours(v) !== null,
			`Enter ${what} in hours, like ${example}, as a number without any words`
		)
		.refine(
			(v) => (parseHours(v) ?? 0) <= max * 60,
			`${what[0]!.toUpperCase()}${what.slice(1)} must be ${count(max)} hours or less`
		);

/** The version of the record the person saw; a new record (or a plan not made yet) carries 0. */
const version = z.number().int().min(0);

/** The head's budgets for the plan: money and staff time, either left blank for none. */
export const budgetSchema = z.object({
	version,
	budget: pounds('the budget', '1500 or 1,500.00'),
	hours: hours('the staff time', '60', MAX_BUDGET_HOURS)
});
export type BudgetForm = z.infer<typeof budgetSchema>;
export type BudgetInput = Omit<BudgetForm, 'version'>;
export const BUDGET_FIELD_LABELS: Record<keyof BudgetInput, string> = {
	budget: 'Budget',
	hours: 'Staff time'
};

/** How the item form's offer choice says "another offer" and "in-house". */
export const OTHER_OFFER = 'other';
export const IN_HOUSE = 'in_house';

/**
 * One activity of the plan. `choice` is a suggested offer's id, OTHER_OFFER (then
 * `otherOfferId` names it) or IN_HOUSE (then the activity, its cost and staff time are
 * needed: there is no offer to take them from). Numbers stay text so that what was typed
 * is shown back; blanks are filled from the offer by the service. Strings, not enums:
 * superforms would fill a missing enum with its first value.
 */
export const planItemSchema = z
	.object({
		version,
		choice: z
			.string()
			.refine(
				(v) => v === OTHER_OFFER || v === IN_HOUSE || isRecordId(v),
				'Choose an offer from the catalogue, or an in-house activity'
			),
		otherOfferId: z.string(),
		activity: text(ACTIVITY_MAX, 'The activity'),
		attendees: text(ATTENDEES_MAX, 'Who attends').min(
			1,
			'Say who attends, like “Two teaching assistants and the SENCO”'
		),
		places: z
			.string()
			.trim()
			.regex(/^(\d{1,6})?$/, 'Enter the number of places as a whole number, like 2')
			.refine(
				(v) => !/^\d+$/.test(v) || (Number(v) >= 1 && Number(v) <= MAX_PLACES),
				`Places must be from 1 to ${MAX_PLACES}`
			),
		plannedOn: dateField({
			format: 'Enter the date as a real date, for example 15/01/2027',
			range: 'Enter a date between the years 2000 and 2099'
		}),
		cost: pounds('the cost', '90 or 90.00'),
		staffTime: hours('the staff time', '3 or 1.5', MAX_HOURS_EACH),
		status: z
			.string()
			.refine(
				(v) => (CPD_ITEM_STATUSES as readonly string[]).includes(v),
				'Choose where the activity stands'
			)
	})
	.refine((f) => f.choice !== OTHER_OFFER || isRecordId(f.otherOfferId), {
		path: ['otherOfferId'],
		message: 'Choose an offer from the list',
		when: fine('choice', 'otherOfferId')
	})
	.refine((f) => f.choice !== IN_HOUSE || f.activity !== '', {
		path: ['activity'],
		message: 'Describe the in-house activity, like “Staff meeting on visual timetables”',
		when: fine('choice', 'activity')
	})
	.refine((f) => f.choice !== IN_HOUSE || f.cost !== '', {
		path: ['cost'],
		message: 'Enter what the in-house activity costs in pounds, or 0 if it costs nothing',
		when: fine('choice', 'cost')
	})
	.refine((f) => f.choice !== IN_HOUSE || f.staffTime !== '', {
		path: ['staffTime'],
		message: 'Enter the staff time each person gives to the in-house activity, in hours',
		when: fine('choice', 'staffTime')
	});
export type PlanItemForm = z.infer<typeof planItemSchema>;
/** The item form's values as text, as a stale save shows what is saved now. */
export type PlanItemValues = Omit<PlanItemForm, 'version'>;

/** The form for a new item: nothing chosen yet, one place, planned. */
export const NEW_PLAN_ITEM: PlanItemForm = {
	version: 0,
	choice: '',
	otherOfferId: '',
	activity: '',
	attendees: '',
	places: '1',
	plannedOn: '',
	cost: '',
	staffTime: '',
	status: 'planned'
};

export const PLAN_ITEM_FIELD_LABELS: Record<keyof PlanItemValues, string> = {
	choice: 'Activity',
	otherOfferId: 'Offer',
	activity: 'In-house activity',
	attendees: 'Who attends',
	places: 'Places',
	plannedOn: 'When',
	cost: 'Cost',
	staffTime: 'Staff time each',
	status: 'Status'
};

/** What the blanks of an item's numbers mean: the offer's own figures, worked out on saving. */
export interface PlanItemFigures {
	attendees: string;
	places: number;
	plannedOn: string | null;
	status: CpdItemStatus;
	/** Null: the offer's cost per place × places. */
	costPence: number | null;
	/** Null: the offer's length. */
	minutesEach: number | null;
}

/** One activity as the plan service takes it: a catalogue offer or an in-house activity. */
export type PlanItemInput = PlanItemFigures &
	(
		| { kind: 'offer'; offerId: string }
		| { kind: 'in_house'; activity: string; costPence: number; minutesEach: number }
	);

/** A checked item form as the service takes it. */
export function planItemInput(form: PlanItemValues): PlanItemInput {
	const figures = {
		attendees: form.attendees,
		places: form.places === '' ? 1 : Number(form.places),
		plannedOn: form.plannedOn || null,
		status: form.status as CpdItemStatus
	};
	const costPence = form.cost === '' ? null : parsePounds(form.cost);
	const minutesEach = form.staffTime === '' ? null : parseHours(form.staffTime);
	if (form.choice === IN_HOUSE)
		return {
			kind: 'in_house',
			activity: form.activity,
			...figures,
			// The schema has refused an in-house activity without them.
			costPence: costPence ?? 0,
			minutesEach: minutesEach ?? 0
		};
	const offerId = form.choice === OTHER_OFFER ? form.otherOfferId : form.choice;
	return { kind: 'offer', offerId, ...figures, costPence, minutesEach };
}

/** The form field to show a problem with the chosen offer against. */
export const offerField = (form: Pick<PlanItemValues, 'choice'>) =>
	form.choice === OTHER_OFFER ? 'otherOfferId' : 'choice';

/** Recording what a done activity changed. */
export const impactSchema = z.object({
	version: z.number({ error: 'The form is out of date: reload the page' }).int().min(1),
	impact: text(IMPACT_MAX, 'The impact').min(
		1,
		'Describe the impact: what changed for staff and pupils, and how you know'
	)
});
export type ImpactForm = z.infer<typeof impactSchema>;
