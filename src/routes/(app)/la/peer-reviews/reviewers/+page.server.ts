import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { pageParam } from '$lib/domain/paging';
import { addPeerReviewerSchema, candidateQuery } from '$lib/schemas/review-rounds';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import {
	addPeerReviewer,
	listPeerReviewers,
	registerCandidates,
	REGISTER_PAGE_SIZE
} from '$lib/server/services/peer-reviewers';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const canEdit = scope.membership.role === 'admin';
	const page = pageParam(event.url.searchParams);
	const q = candidateQuery(event.url.searchParams);
	const [register, candidates, form] = await Promise.all([
		listPeerReviewers(scope, page),
		canEdit ? registerCandidates(scope, q) : { rows: [], more: false },
		superValidate(zod4(addPeerReviewerSchema))
	]);
	return { ...register, page, pageSize: REGISTER_PAGE_SIZE, q, candidates, form, canEdit };
}) satisfies PageServerLoad;

export const actions = {
	add: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(addPeerReviewerSchema));
		if (!form.valid) return fail(400, { form });
		const result = await addPeerReviewer(scope, form.data.membershipId);
		if (result.ok) redirect(303, '/la/peer-reviews/reviewers?done=added');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can change the register.');
		return setError(form, 'membershipId', result.message);
	}
} satisfies Actions;
