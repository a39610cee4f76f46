import { deserialize } from '$app/forms';
import {
	fieldsFrom,
	fromFields,
	type JudgementConflict,
	type JudgementFields
} from '$lib/schemas/judgement';
import type { FieldErrors, SaveOutcome } from './autosave.svelte';
import { changedParts } from './judgement-display';

/** What the criterion page's save action answers, whichever way it went. */
type SaveAnswer = {
	saved?: { version: number; savedAt: Date };
	form?: { errors: FieldErrors };
	conflict?: JudgementConflict | null;
	locked?: string | null;
};

/** The form's values as a request body (the autosave adds the version). */
export function judgementBody(fields: JudgementFields): FormData {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return body;
}

/**
 * Posts one save to the criterion page's `?/save` action the way SvelteKit's own enhance
 * does, and says how it went. A network failure rejects, which the autosave counts as failed.
 */
export async function postJudgement(
	action: string,
	body: FormData
): Promise<SaveOutcome<JudgementConflict>> {
	const response = await fetch(action, {
		method: 'POST',
		body,
		headers: { 'x-sveltekit-action': 'true' },
		// Lets a save started as the page is hidden or closed still arrive.
		keepalive: true
	});
	const result = deserialize<SaveAnswer, SaveAnswer>(await response.text());
	if (result.type === 'success' && result.data?.saved)
		return { kind: 'saved', ...result.data.saved };
	if (result.type !== 'failure') return { kind: 'failed' };
	const { locked, conflict, form } = result.data ?? {};
	if (locked) return { kind: 'locked', message: locked };
	if (conflict) {
		const { theirs } = conflict;
		// Both saved the same thing: there is nothing to choose between.
		if (!changedParts(fromFields(fieldsFrom(body)), theirs).length)
			return { kind: 'saved', version: theirs.version, savedAt: theirs.savedAt };
		return { kind: 'conflict', conflict };
	}
	return form ? { kind: 'invalid', errors: form.errors } : { kind: 'failed' };
}
