import { formatDate } from '$lib/domain/dates';
import { formatDateTime } from '$lib/domain/format';
import type { ScaleLevel } from '$lib/domain/framework';
import type { JudgementData } from '$lib/schemas/judgement';

/** What each part of a judgement is called on screen, in the order the form shows them. */
export const JUDGEMENT_LABELS = {
	rating: 'Rating',
	narrative: 'Evidence',
	nextSteps: 'Next steps',
	target: 'Target'
} as const;
export type JudgementPart = keyof typeof JUDGEMENT_LABELS;

/** How a person settles a conflicting save. */
export type ConflictChoice = 'mine' | 'theirs' | 'merge';

const time = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	hour: '2-digit',
	minute: '2-digit'
});

/** "14:05" in UK time. */
export const formatTime = (value: Date) => time.format(value);

const londonDay = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	dateStyle: 'short'
});

/** "14:05" for a time today, "3 Oct 2026, 14:05" for one before. */
export function formatWhen(value: Date, now = new Date()): string {
	return londonDay.format(value) === londonDay.format(now)
		? formatTime(value)
		: formatDateTime(value);
}

/** The level's label, "Level 5" for one the scale lacks, or "Not rated". */
export function levelLabel(scale: readonly ScaleLevel[], value: number | null): string {
	if (value === null) return 'Not rated';
	return scale.find((l) => l.value === value)?.label ?? `Level ${value}`;
}

/** "Established by 31 March 2027", or "None set". */
export function targetText(scale: readonly ScaleLevel[], j: JudgementData): string {
	const level = j.targetRating === null ? null : levelLabel(scale, j.targetRating);
	const by = j.targetDate ? formatDate(j.targetDate) : null;
	if (level && by) return `${level} by ${by}`;
	if (level) return level;
	if (by) return `By ${by}`;
	return 'None set';
}

/** The judgement as text per part, for comparing two versions side by side. */
export const describeJudgement = (
	scale: readonly ScaleLevel[],
	j: JudgementData
): Record<JudgementPart, string> => ({
	rating: levelLabel(scale, j.rating),
	narrative: j.narrative,
	nextSteps: j.nextSteps,
	target: targetText(scale, j)
});

/** The parts in which two judgements differ, in form order. */
export function changedParts(a: JudgementData, b: JudgementData): JudgementPart[] {
	const parts: JudgementPart[] = [];
	if (a.rating !== b.rating) parts.push('rating');
	if (a.narrative !== b.narrative) parts.push('narrative');
	if (a.nextSteps !== b.nextSteps) parts.push('nextSteps');
	if (a.targetRating !== b.targetRating || a.targetDate !== b.targetDate) parts.push('target');
	return parts;
}
