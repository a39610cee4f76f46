import { formatDate } from './dates';
import { academicYear, academicYearOf } from './provision';

/**
 * The setting's standard term dates, which a provision record "for a term" takes. Real term
 * dates differ by LA and by school (and Easter moves), so these are round spans that cover
 * every English school's term and leave no day of the school year outside a term but August:
 * Autumn 1 September to 31 December, Spring 1 January to 31 March, Summer 1 April to 31 July.
 * A record whose dates differ is given its own dates, or the weeks it really ran.
 */
export const TERMS = ['autumn', 'spring', 'summer'] as const;
export type Term = (typeof TERMS)[number];
export const TERM_LABELS: Record<Term, string> = {
	autumn: 'Autumn',
	spring: 'Spring',
	summer: 'Summer'
};

/** Each term's first and last day (month-day) and whether it falls in the school year's second calendar year. */
const SPANS: Record<Term, { start: string; end: string; nextYear: boolean }> = {
	autumn: { start: '09-01', end: '12-31', nextYear: false },
	spring: { start: '01-01', end: '03-31', nextYear: true },
	summer: { start: '04-01', end: '07-31', nextYear: true }
};

/** One term of one school year, with the key a form sends for it ("2025-autumn"). */
export interface SchoolTerm {
	key: string;
	term: Term;
	/** The school year, like "2025/26". */
	year: string;
	start: string;
	end: string;
	/** "Autumn 2025/26 (1 September to 31 December 2025)". */
	label: string;
}

/** The term of the school year that starts in September of `startYear`. */
export function schoolTerm(startYear: number, term: Term): SchoolTerm {
	const span = SPANS[term];
	const calendarYear = span.nextYear ? startYear + 1 : startYear;
	const start = `${calendarYear}-${span.start}`;
	const end = `${calendarYear}-${span.end}`;
	const year = academicYear(startYear).label;
	// "1 September 2025" → "1 September": both ends are in the same calendar year.
	const from = formatDate(start).replace(/ \d{4}$/, '');
	return {
		key: `${startYear}-${term}`,
		term,
		year,
		start,
		end,
		label: `${TERM_LABELS[term]} ${year} (${from} to ${formatDate(end)})`
	};
}

/** Reads a term's key ("2025-autumn") back to the term, or null when it is not one. */
export function parseTermKey(key: string): SchoolTerm | null {
	const match = /^(\d{4})-(autumn|spring|summer)$/.exec(key.trim());
	if (!match) return null;
	const startYear = Number(match[1]);
	if (startYear < 2000 || startYear > 2098) return null;
	return schoolTerm(startYear, match[2] as Term);
}

/** The terms a record can be "for": those of this school year and the last, newest first. */
export function termsToOffer(today: string): SchoolTerm[] {
	const thisYear = Number(academicYearOf(today).start.slice(0, 4));
	return [thisYear, thisYear - 1].flatMap((startYear) =>
		[...TERMS].reverse().map((term) => schoolTerm(startYear, term))
	);
}
