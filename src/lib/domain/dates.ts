/** Calendar dates held as YYYY-MM-DD strings: reading what people type, and showing them. */

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
export function normaliseDate(value: string): string {
	const british = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
	if (!british) return value;
	const [, day, month, year] = british;
	return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/** Whether a YYYY-MM-DD string names a day that exists (no 31 June). */
export function isRealDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});

/** "31 July 2027" from "2027-07-31"; anything that is not such a date is shown as it is. */
export function formatDate(iso: string): string {
	const date = new Date(`${iso}T00:00:00Z`);
	return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(date.getTime())
		? longDate.format(date)
		: iso;
}
