import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	NEW_OFFER,
	offerErrorPath,
	offerSchema,
	type OfferForm,
	type OfferFormMessage
} from '$lib/schemas/cpd-offer';
import { requireLaStaff } from '$lib/server/auth/guards';
import { addOffer, offerCriteriaChoices } from '$lib/server/services/cpd-catalogue';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const frameworks = await offerCriteriaChoices(scope);
	if (!frameworks) error(404, 'Page not found');
	const form = await superValidate<OfferForm, OfferFormMessage>(NEW_OFFER, zod4(offerSchema), {
		errors: false
	});
	return { form, frameworks };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaStaff(event);
		const form = await superValidate<OfferForm, OfferFormMessage>(event.request, zod4(offerSchema));
		if (!form.valid) return fail(400, { form });
		const result = await addOffer(scope, form.data);
		if (result.ok) redirect(303, `/la/cpd/${result.id}?done=added`);
		if (result.reason === 'invalid')
			return setError(form, offerErrorPath(result.field), result.message);
		error(403, 'Your current role does not give access to this page.');
	}
} satisfies Actions;
