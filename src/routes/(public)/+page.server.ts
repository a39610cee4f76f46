import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load = (({ locals }) => {
	if (locals.user && locals.session) redirect(303, '/home');
}) satisfies PageServerLoad;
