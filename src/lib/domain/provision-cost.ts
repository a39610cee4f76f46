import { formatHours } from './format';
import { costPerPupilPence, formatPounds, pupilHours, type InterventionShape } from './provision';

/**
 * Pounds as people type them ("18.50", "18.5", "£1,000", "0") in pence, or null when the
 * text is not an amount of money: no minus sign, no more than two decimal places, and
 * commas only where they group thousands. Worked out from the digits, never through
 * floating point, so 18.10 is always 1810.
 */
export function parsePounds(text: string): number | null {
	const match = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
	if (!match) return null;
	const pounds = Number(match[1]!.replaceAll(',', ''));
	const pence = Number((match[2] ?? '').padEnd(2, '0'));
	const total = pounds * 100 + pence;
	return Number.isSafeInteger(total) ? total : null;
}

/** Pence as a form shows them for changing: 1850 → "18.50", 2000 → "20.00". */
export const poundsInput = (pence: number) =>
	`${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

/** "1 session", "2.5 weeks": to at most two places, as hours are. */
const plural = (n: number, one: string, many: string) =>
	`${formatHours(n)} ${n === 1 ? one : many}`;

/** Hours for display with their unit: "1 hour", "12 hours", "5.25 hours". */
export const hoursText = (hours: number) => plural(hours, 'hour', 'hours');

/**
 * The arithmetic of one pupil's place, in words, so a SENCO can check it: "2 sessions × 30
 * minutes a week × 12 weeks = 12 hours; at £18 an hour shared by a group of 4: £54".
 */
export function costInWords(intervention: InterventionShape, weeks: number): string {
	const { sessionsPerWeek, minutesPerSession, groupSize, hourlyCostPence } = intervention;
	const time = `${plural(sessionsPerWeek, 'session', 'sessions')} × ${plural(minutesPerSession, 'minute', 'minutes')} a week × ${plural(weeks, 'week', 'weeks')} = ${hoursText(pupilHours(intervention, weeks))}`;
	const sharing = groupSize === 1 ? 'one to one' : `shared by a group of ${groupSize}`;
	const cost = formatPounds(costPerPupilPence(intervention, weeks));
	return `${time}; at ${formatPounds(hourlyCostPence)} an hour ${sharing}: ${cost}`;
}

/** Where a record's weeks come from: as recorded, its dates, or its start to today. */
export type WeeksSource = 'given' | 'dates' | 'to-today';

/** Which of weeksOf's three ways counts a record's weeks. */
export const weeksSourceOf = (record: {
	endDate: string | null;
	weeks: number | null;
}): WeeksSource =>
	record.weeks !== null ? 'given' : record.endDate !== null ? 'dates' : 'to-today';
