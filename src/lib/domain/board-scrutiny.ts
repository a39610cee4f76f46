import type { CycleStatus } from './evaluation';

/** Who a board's question is put to: the local authority, or one setting in the board's scope. */
export const ADDRESSEES = ['la', 'setting'] as const;
export type Addressee = (typeof ADDRESSEES)[number];

/** The three records of a board's scrutiny, each a list of its own on the scrutiny pages. */
export const SCRUTINY_LISTS = ['notes', 'questions', 'actions'] as const;
export type ScrutinyList = (typeof SCRUTINY_LISTS)[number];

/** Board roles that record scrutiny: everyone who sits on a board. */
export const SCRUTINY_ROLES = ['chair', 'member'] as const;
/** Setting roles that answer a board's questions: those who speak for the setting. */
export const ANSWERING_ROLES = ['headteacher', 'senco'] as const;

/**
 * The cycle a scrutiny page opens on: the newest open cycle (latest deadline), else the newest
 * of all, so a board keeps working on last year's record once every cycle has closed.
 */
export function defaultCycle<T extends { status: CycleStatus; deadline: string }>(
	cycles: readonly T[]
): T | undefined {
	const newestFirst = [...cycles].sort((a, b) => b.deadline.localeCompare(a.deadline));
	return newestFirst.find((c) => c.status === 'open') ?? newestFirst[0];
}

/** A question can be changed or withdrawn only until it is answered: the answer is on record. */
export const isLocked = (question: { answeredAt: Date | string | null }) =>
	question.answeredAt !== null;
