import { requireScope } from '$lib/server/auth/guards';
import { loadBoardReport, reportSummary } from '$lib/server/board-report';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const { view, options, meetingText, errors, report } = await loadBoardReport(
		scope,
		event.url.searchParams
	);
	return {
		boardName: scope.membership.organisationName,
		cycles: view.cycles.map((c) => ({ value: c.id, label: c.name })),
		cycleId: view.cycle?.id ?? null,
		choices: view.choices,
		filter: view.filter,
		parts: options.parts,
		meeting: meetingText,
		errors,
		summary: report ? reportSummary(report) : null
	};
}) satisfies PageServerLoad;
