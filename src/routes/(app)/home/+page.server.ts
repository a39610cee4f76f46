import { redirect } from '@sveltejs/kit';
import { requireScope, requireUser, activeMembership } from '$lib/server/auth/guards';
import { boardOverview, laOverview, settingOverview } from '$lib/server/services/home';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = await requireUser(event);
	if (!(await activeMembership(event))) {
		if (user.isPlatformAdmin) redirect(303, '/platform');
		return { home: { kind: 'none' as const } };
	}
	const scope = await requireScope(event);
	const { organisationKind: kind, role, organisationName } = scope.membership;
	if (kind === 'la') return { home: { kind, role, organisationName, la: await laOverview(scope) } };
	if (kind === 'setting')
		return { home: { kind, role, organisationName, setting: await settingOverview(scope) } };
	return { home: { kind, role, organisationName, board: await boardOverview(scope) } };
}) satisfies PageServerLoad;
