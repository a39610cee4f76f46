import { error } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { cycleCalibration } from '$lib/server/services/review-calibration';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const calibration = await cycleCalibration(scope, event.url.searchParams.get('cycle'));
	if (!calibration) error(404, 'Page not found');
	return calibration;
}) satisfies PageServerLoad;
