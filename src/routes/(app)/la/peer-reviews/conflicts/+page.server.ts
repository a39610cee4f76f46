import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { pageParam } from '$lib/domain/paging';
import { conflictSchema } from '$lib/schemas/review-rounds';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import {
	conflictFormOptions,
	CONFLICTS_PAGE_SIZE,
	declareConflict,
	listConflicts
} from '$lib/server/services/conflicts-of-interest';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const page = pageParam(event.url.searchParams);
	const canEdit = scope.membership.role === 'admin';
	const [list, options, form] = await Promise.all([
		listConflicts(scope, page),
		canEdit ? conflictFormOptions(scope) : { people: [], settings: [] },
		superValidate(zod4(conflictSchema))
	]);
	return { ...list, page, pageSize: CONFLICTS_PAGE_SIZE, ...options, form, canEdit };
}) satisfies PageServerLoad;

export const actions = {
	declare: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(conflictSchema));
		if (!form.valid) return fail(400, { form });
		const result = await declareConflict(scope, form.data);
		if (result.ok) redirect(303, '/la/peer-reviews/conflicts?done=declared');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can record conflicts.');
		return setError(form, result.field, result.message);
	}
} satisfies Actions;
