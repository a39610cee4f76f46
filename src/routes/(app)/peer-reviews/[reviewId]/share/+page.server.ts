import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formContext, refusalMessage } from '$lib/components/peer-review/work/work-display';
import {
	reviewContextSchema,
	type ReviewContextForm,
	type WorkMessage
} from '$lib/schemas/review-work';
import { requireScope } from '$lib/server/auth/guards';
import { shareReview, shareView } from '$lib/server/services/review-sharing';
import type { Actions, PageServerLoad } from './$types';

// Not a page every review shows: only the host's head or SENCO may open it (404 for others).
export const load = (async (event) => {
	const scope = await requireScope(event);
	const view = await shareView(scope, event.params.reviewId);
	if (!view) error(404, 'Page not found');
	const form = await superValidate<ReviewContextForm, WorkMessage>(
		{ version: view.review.version, ...formContext(view.context) },
		zod4(reviewContextSchema),
		{ errors: false }
	);
	return { share: view, form };
}) satisfies PageServerLoad;

export const actions = {
	share: async (event) => {
		const scope = await requireScope(event);
		const form = await superValidate<ReviewContextForm, WorkMessage>(
			event.request,
			zod4(reviewContextSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { reviewId } = event.params;
		const { version, ...context } = form.data;
		const result = await shareReview(scope, reviewId, version, context);
		if (result.ok) redirect(303, `/peer-reviews/${reviewId}/preparation?done=shared`);
		if (result.reason === 'not-found' || result.reason === 'forbidden')
			error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		return message(form, refusalMessage(result), { status: 409 });
	}
} satisfies Actions;
