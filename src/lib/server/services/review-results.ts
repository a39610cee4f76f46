import type { ReviewStage } from '../../domain/peer-review';
import type { Invalid, NOT_FOUND } from './structure';

// What the peer review services answer when a step or save is taken, or refused.

/** The step or save went through. */
export const DONE = { ok: true } as const;

/** The caller has standing in the review, but this step is not theirs to take. */
export const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;

/** The review (or the record) changed since the caller read it; nothing was saved. */
export const STALE = { ok: false, reason: 'stale' } as const;

/** The review is not at a stage where this can be done. */
export type WrongStage = { ok: false; reason: 'wrong-stage'; stage: ReviewStage };

export const wrongStage = (stage: ReviewStage): WrongStage => ({
	ok: false,
	reason: 'wrong-stage',
	stage
});

/** Why a write to a review was refused before anything of its input was looked at. */
export type Refusal = typeof NOT_FOUND | typeof FORBIDDEN | WrongStage;

/** What any step on a review may meet: a refusal, or a version read before someone else's change. */
export type StepRefusal = Refusal | typeof STALE;

/** A stale save, with what is saved now and its version, so the form can show both. */
export type StaleWith<T> = { ok: false; reason: 'stale'; current: T; version: number };

export const staleWith = <T>(current: T, version: number): StaleWith<T> => ({
	ok: false,
	reason: 'stale',
	current,
	version
});

/** Adding an entry to the review's work: a line of enquiry, a piece of visit evidence. */
export type EntryResult<F extends string> = { ok: true; id: string } | Refusal | Invalid<F>;

/** Removing such an entry: only its author may remove some of them. */
export type RemoveResult = typeof DONE | Refusal | { ok: false; reason: 'not-allowed' };

/** A step of the review's work on to its next stage. */
export type StepResult =
	| typeof DONE
	| StepRefusal
	| { ok: false; reason: 'no-visit-date' }
	| { ok: false; reason: 'incomplete'; missing: string[] };
