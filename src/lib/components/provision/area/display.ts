import type { Disclosure } from '$lib/domain/suppression';
import { formatHours } from '$lib/domain/format';
import { formatPounds } from '$lib/domain/provision';

/** Whole hours: a board reads totals, not fractions. */
export const wholeHours = (hours: number) => formatHours(hours, 0);
/** Whole pounds: a board reads totals, not pence. */
export const formatCost = (pence: number) => formatPounds(Math.round(pence / 100) * 100);

/** A share of two shown figures, or null when either is hidden or the whole is zero. */
export function shareOf(part: Disclosure, whole: Disclosure | number | null): number | null {
	const of = typeof whole === 'number' || whole === null ? whole : valueOf(whole);
	const value = valueOf(part);
	return value === null || !of ? null : value / of;
}

/** A figure's value when it is shown. */
export const valueOf = (d: Disclosure) => (d.kind === 'value' ? d.value : null);
