import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	offerErrorPath,
	offerSchema,
	type OfferForm,
	type OfferFormMessage
} from '$lib/schemas/cpd-offer';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { requireLaStaff } from '$lib/server/auth/guards';
import {
	changeOffer,
	getOffer,
	offerCriteriaChoices,
	offerFormValues,
	setOfferActive
} from '$lib/server/services/cpd-catalogue';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const FORBIDDEN = 'Your current role does not give access to this page.';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const [offer, frameworks] = await Promise.all([
		getOffer(scope, event.params.offerId),
		offerCriteriaChoices(scope)
	]);
	if (!offer || !frameworks) error(404, 'Page not found');
	const values = offerFormValues(offer);
	const form = await superValidate<OfferForm, OfferFormMessage>(
		{ ...values, version: offer.version },
		zod4(offerSchema),
		{ errors: false }
	);
	// A copy, so that ticking boxes in the form does not change what the page says is saved.
	return { offer, frameworks, form, savedCriteria: [...values.criteria] };
}) satisfies PageServerLoad;

/** Withdraws the offer or offers it again, as it was read; says which on its page. */
const offering = (active: boolean) => async (event: RequestEvent) => {
	const scope = await requireLaStaff(event);
	const stamp = await superValidate(event.request, zod4(versionStampSchema));
	if (!stamp.valid) return fail(400, { stale: true });
	const result = await setOfferActive(scope, event.params.offerId, stamp.data.version, active);
	if (result.ok) redirect(303, `/la/cpd/${result.id}?done=${active ? 'restored' : 'withdrawn'}`);
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'forbidden') error(403, FORBIDDEN);
	return fail(409, { stale: true });
};

export const actions = {
	save: async (event) => {
		const scope = await requireLaStaff(event);
		const form = await superValidate<OfferForm, OfferFormMessage>(event.request, zod4(offerSchema));
		if (!form.valid) return fail(400, { form });
		const result = await changeOffer(scope, event.params.offerId, form.data.version, form.data);
		if (result.ok) redirect(303, `/la/cpd/${result.id}?done=saved`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, FORBIDDEN);
		if (result.reason === 'invalid')
			return setError(form, offerErrorPath(result.field), result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	},
	withdraw: offering(false),
	restore: offering(true)
} satisfies Actions;
