import { z } from 'zod';
import { MAX_SCALE_LEVELS } from '../domain/framework';
import { dateField } from './dates';

export const NARRATIVE_MAX = 10_000;
export const NEXT_STEPS_MAX = 4_000;

const CHOOSE_LEVEL = 'Choose a level from the scale';

/** A level on the scale, or null for none chosen. The service checks it against the real scale. */
const level = () =>
	z
		.number({ error: CHOOSE_LEVEL })
		.int(CHOOSE_LEVEL)
		.min(1, CHOOSE_LEVEL)
		.max(MAX_SCALE_LEVELS, CHOOSE_LEVEL)
		.nullable();

/** Browsers send a textarea's line breaks as CRLF; stored text uses LF so comparisons hold. */
const tidyText = (v: string) => v.replace(/\r\n?/g, '\n').trim();
const text = (max: number, message: string) => z.string().overwrite(tidyText).max(max, message);

/**
 * The judgement form: what a SENCO records against one criterion, and the version it was read
 * at so that a save cannot silently overwrite someone else's. Every field may be left blank
 * while the work is in progress; a target date may be any real date (a target that has slipped
 * into the past is still worth recording).
 */
export const judgementSchema = z.object({
	rating: level(),
	narrative: text(
		NARRATIVE_MAX,
		`The evidence must be ${NARRATIVE_MAX.toLocaleString('en-GB')} characters or fewer`
	),
	nextSteps: text(
		NEXT_STEPS_MAX,
		`The next steps must be ${NEXT_STEPS_MAX.toLocaleString('en-GB')} characters or fewer`
	),
	targetRating: level(),
	targetDate: dateField({
		format: 'Enter the target date as a date, like 31/03/2027',
		range: 'Enter a target date between the years 2000 and 2099'
	}),
	version: z.number().int().min(0)
});
export type JudgementInput = z.infer<typeof judgementSchema>;

/** The judgement as the service stores it (the shape of its JudgementValues). */
export interface JudgementData {
	rating: number | null;
	narrative: string;
	nextSteps: string;
	targetRating: number | null;
	/** YYYY-MM-DD, or null. */
	targetDate: string | null;
}

/** The judgement as form controls hold it: every value a string, '' for none. */
export type JudgementFields = { [K in keyof JudgementData]: string };

/** What a valid form asks the service to save. */
export const judgementData = (input: JudgementInput): JudgementData => ({
	rating: input.rating,
	narrative: input.narrative,
	nextSteps: input.nextSteps,
	targetRating: input.targetRating,
	targetDate: input.targetDate === '' ? null : input.targetDate
});

/** The judgement as the form's controls show it. */
export const toFields = (data: JudgementData): JudgementFields => ({
	rating: data.rating === null ? '' : String(data.rating),
	narrative: data.narrative,
	nextSteps: data.nextSteps,
	targetRating: data.targetRating === null ? '' : String(data.targetRating),
	targetDate: data.targetDate ?? ''
});

/** The form's values read from a submitted form (for comparing, not for saving: unvalidated). */
export function fieldsFrom(body: FormData): JudgementFields {
	const get = (name: string) => {
		const value = body.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		rating: get('rating'),
		narrative: get('narrative'),
		nextSteps: get('nextSteps'),
		targetRating: get('targetRating'),
		targetDate: get('targetDate')
	};
}

/** What the form's controls hold, read the way the server will (for display and comparison). */
export const fromFields = (f: JudgementFields): JudgementData => ({
	rating: f.rating === '' ? null : Number(f.rating),
	narrative: tidyText(f.narrative),
	nextSteps: tidyText(f.nextSteps),
	targetRating: f.targetRating === '' ? null : Number(f.targetRating),
	targetDate: f.targetDate.trim() === '' ? null : f.targetDate.trim()
});

/** The judgement saved by someone else, as a conflicting save reports it. */
export interface TheirJudgement extends JudgementData {
	version: number;
	savedByName: string | null;
	savedAt: Date;
}

/** What a save that lost a race carries back: the saved judgement and the one submitted. */
export interface JudgementConflict {
	theirs: TheirJudgement;
	mine: JudgementData;
}
