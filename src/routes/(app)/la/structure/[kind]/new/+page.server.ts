import { error } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { kindFromSegment, unitSchema } from '$lib/schemas/structure';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { parentOptions } from '$lib/server/services/structure';
import { saveUnitForm } from '../save-unit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const kind = kindFromSegment(event.params.kind) ?? error(404, 'Page not found');
	return {
		kind,
		parentOptions: await parentOptions(scope, kind),
		form: await superValidate(zod4(unitSchema))
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => saveUnitForm(await requireLaAdmin(event), event, null)
} satisfies Actions;
