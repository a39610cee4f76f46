import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { requireLaStaff } from '$lib/server/auth/guards';
import { deleteOffer, getOffer } from '$lib/server/services/cpd-catalogue';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const offer = await getOffer(scope, event.params.offerId);
	if (!offer) error(404, 'Page not found');
	return { offer };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaStaff(event);
		const form = await superValidate(event.request, zod4(versionStampSchema));
		if (!form.valid) return fail(400, { stale: true });
		const result = await deleteOffer(scope, event.params.offerId, form.data.version);
		if (result.ok) redirect(303, '/la/cpd?done=deleted');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden')
			error(403, 'Your current role does not give access to this page.');
		// The page loads again, with what is saved now: the plan items, or the newer version.
		return fail(409, { stale: result.reason === 'stale' });
	}
} satisfies Actions;
