import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { pageParam } from '$lib/domain/paging';
import { staffAccessSchema, type StaffAccessForm } from '$lib/schemas/provision-staff-access';
import { READ_ONLY, setStaffAccess } from '$lib/server/services/provision-access';
import {
	provisionDashboard,
	WITHOUT_PROVISION_PAGE_SIZE
} from '$lib/server/services/provision-map';
import { allowed, provisionScope } from './access.server';
import type { Actions, PageServerLoad } from './$types';

const STAFF = { id: 'staff-access' };

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const params = event.url.searchParams;
	const dashboard = allowed(
		await provisionDashboard(scope, { year: params.get('year'), page: pageParam(params) })
	);
	const staffForm = await superValidate<StaffAccessForm>(
		{ staffRead: dashboard.staffSeeProvision ? 'yes' : 'no' },
		zod4(staffAccessSchema),
		{ ...STAFF, errors: false }
	);
	return { dashboard, staffForm, pageSize: WITHOUT_PROVISION_PAGE_SIZE };
}) satisfies PageServerLoad;

export const actions = {
	staffAccess: async (event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<StaffAccessForm>(
			event.request,
			zod4(staffAccessSchema),
			STAFF
		);
		if (!form.valid) return fail(400, { form });
		const staffRead = form.data.staffRead === 'yes';
		const result = await setStaffAccess(scope, staffRead);
		// Only the head is shown the form; anyone else reaching here has made up the request.
		if (result === READ_ONLY)
			error(403, 'Only the headteacher can decide whether staff can read the provision records.');
		allowed(result);
		redirect(303, `/provision?done=${staffRead ? 'staff-allowed' : 'staff-stopped'}`);
	}
} satisfies Actions;
