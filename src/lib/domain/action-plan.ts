import type { ActionStatus } from './peer-review';

/** Whole days from one YYYY-MM-DD date to a later one (negative when it is earlier). */
export const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** An action is overdue once its due date has passed and it is not done. */
export const isOverdue = (a: { dueDate: string; status: ActionStatus }, today: string) =>
	a.status !== 'done' && a.dueDate < today;

const BULLET = /^(?:[-*•–]|\d{1,2}[.)])\s+/;

/**
 * Actions to start a plan from, one per area for development: each bullet or numbered item,
 * or each paragraph where there are none, cut to `maxLength`. A lead-in line before a list
 * is left out.
 */
export function suggestActions(areas: string, maxLength: number): string[] {
	const items: string[] = [];
	for (const paragraph of areas.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
		const lines = paragraph
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean);
		if (!lines.some((l) => BULLET.test(l))) {
			if (lines.length) items.push(lines.join(' '));
			continue;
		}
		let current: string | null = null;
		for (const line of lines) {
			if (BULLET.test(line)) {
				if (current) items.push(current);
				current = line.replace(BULLET, '');
			} else if (current !== null) current = `${current} ${line}`;
		}
		if (current) items.push(current);
	}
	return items.map((i) => i.slice(0, maxLength).trim()).filter(Boolean);
}
