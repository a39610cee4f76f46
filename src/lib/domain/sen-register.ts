/**
 * The SEN register as people read it: pupil references, year group choices, what each line
 * of a pupil's history changed, and where each assess-plan-do-review cycle stands. Pure.
 */
import { daysBetween } from './action-plan';
import type { SettingType } from './organisation';
import {
	isReviewOverdue,
	NEEDS,
	SEN_STATUS_LABELS,
	YEAR_GROUPS,
	yearGroupLabel,
	type NeedCode,
	type PupilEvent,
	type SenStatus
} from './provision';

export const PUPIL_REFERENCE_MAX = 40;

/**
 * Whether a reference is one a setting may use: up to 40 letters, digits, spaces, hyphens,
 * dots and slashes, with at least one letter or digit. Enough for "P-0123" or "2026/14",
 * and too little for most ways of writing a child's name with punctuation in it.
 */
export const isPupilReference = (value: string) =>
	value.length >= 1 &&
	value.length <= PUPIL_REFERENCE_MAX &&
	/^[A-Za-z0-9 ./-]+$/.test(value) &&
	/[A-Za-z0-9]/.test(value);

/** The age bands of YEAR_GROUPS: early years settings have these instead of year groups. */
export const AGE_BANDS = YEAR_GROUPS.filter((y) => y.startsWith('Age '));
const SCHOOL_YEARS = YEAR_GROUPS.filter((y) => !AGE_BANDS.includes(y));

/**
 * The year group choices in two groups, the ones the setting uses first: age bands for an
 * early years setting, year groups for a school.
 */
export function yearGroupChoices(settingType: SettingType | null) {
	const option = (value: string) => ({ value, label: yearGroupLabel(value) });
	const bands = { label: 'Age bands', options: AGE_BANDS.map(option) };
	const years = { label: 'Year groups', options: SCHOOL_YEARS.map(option) };
	return settingType === 'early_years' ? [bands, years] : [years, bands];
}

/** What a line of a pupil's history holds: the entry as it stood from its effective date. */
export interface HistoryEntry {
	event: PupilEvent;
	yearGroup: string;
	senStatus: SenStatus;
	primaryNeed: NeedCode;
	secondaryNeed: NeedCode | null;
}

export const HISTORY_FIELD_LABELS = {
	yearGroup: 'Year group',
	senStatus: 'SEN status',
	primaryNeed: 'Primary need',
	secondaryNeed: 'Secondary need'
} as const;
type HistoryField = keyof typeof HISTORY_FIELD_LABELS;

/** A field's value in words, as the history shows it. */
export function historyValue(field: HistoryField, entry: HistoryEntry): string {
	if (field === 'yearGroup') return yearGroupLabel(entry.yearGroup);
	if (field === 'senStatus') return SEN_STATUS_LABELS[entry.senStatus];
	const need = entry[field];
	return need === null ? 'None' : NEEDS[need].label;
}

/**
 * What each line of a history changed from the line before it (in the order they were
 * recorded), field by field: nothing for the first line, or for a removal or restoration
 * that left the entry as it was.
 */
export function historyChanges<T extends HistoryEntry>(entries: readonly T[]) {
	return entries.map((entry, i) => {
		const before = entries[i - 1];
		const fields = (Object.keys(HISTORY_FIELD_LABELS) as HistoryField[]).filter(
			(f) => before !== undefined && before[f] !== entry[f]
		);
		return {
			...entry,
			changes: fields.map((f) => ({
				field: f,
				label: HISTORY_FIELD_LABELS[f],
				from: historyValue(f, before!),
				to: historyValue(f, entry)
			}))
		};
	});
}

/** Reviews due within this many days of today count as due soon. */
export const REVIEW_DUE_SOON_DAYS = 28;

/** The YYYY-MM-DD date `days` after another (before it when negative). */
export function addDays(day: string, days: number): string {
	const date = new Date(`${day}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

export type ReviewStanding = 'held' | 'overdue' | 'due-soon' | 'planned';

/**
 * Where a review stands today: held; overdue (its date passed without it being held);
 * due soon (within four weeks, today included); or planned for later.
 */
export function reviewStanding(
	review: { dueOn: string; heldOn: string | null },
	today: string
): { standing: ReviewStanding; daysOverdue: number } {
	if (review.heldOn !== null) return { standing: 'held', daysOverdue: 0 };
	if (isReviewOverdue(review, today))
		return { standing: 'overdue', daysOverdue: daysBetween(review.dueOn, today) };
	const soon = review.dueOn <= addDays(today, REVIEW_DUE_SOON_DAYS);
	return { standing: soon ? 'due-soon' : 'planned', daysOverdue: 0 };
}

/** "Overdue by 1 day", "Overdue by 12 days". */
export const overdueText = (days: number) => `Overdue by ${days} ${days === 1 ? 'day' : 'days'}`;

/**
 * Paging over a list made of sections shown one after another (overdue, then due soon, then
 * not planned): for each section, where its part of the page starts and how many rows it has
 * there (0 when it is not on the page at all).
 */
export function sectionWindows(counts: readonly number[], page: number, pageSize: number) {
	let start = (page - 1) * pageSize;
	let room = pageSize;
	return counts.map((n) => {
		const offset = Math.min(start, n);
		const limit = Math.min(room, n - offset);
		start -= offset;
		room -= limit;
		return { offset, limit };
	});
}
