import { error } from '@sveltejs/kit';
import type { BoardPicture } from '../domain/board-picture';
import type { SharedFramework } from '../domain/shared-results';
import {
	isScrutinyPart,
	reportOptions,
	type ReportErrors,
	type ReportPart
} from '../schemas/board-report';
import type { Scope } from './auth/guards';
import { filterWords, loadBoardView } from './board-views';
import { inTenant } from './db/tenant';
import {
	scrutinyFor,
	type ScrutinyAction,
	type ScrutinyNote,
	type ScrutinyQuestion
} from './services/board-scrutiny';
import { getBoard } from './services/boards';

// The board report a chair takes to a meeting: the district view's tables and the board's
// scrutiny of one cycle and place, read in one transaction so the figures and the record are
// of the same moment.

/** What was recorded at one place: a district, or the whole area (null). */
export interface ScrutinyPlace {
	districtName: string | null;
	notes: ScrutinyNote[];
	questions: ScrutinyQuestion[];
	actions: ScrutinyAction[];
}

export interface BoardReport {
	/** Whose view the tables are: the board's, or the LA's whole tenant. */
	whose: string;
	/** For the LA: the board whose scrutiny is printed, or every board's. */
	scrutinyBy: string | null;
	/** Items come from several boards, so each says which. */
	manyBoards: boolean;
	cycleName: string;
	previousName: string | null;
	/** The filters in words: "Ashford; Primary", or "all settings". */
	covering: string;
	/** The district the scrutiny is filed under; null for the whole area and each district. */
	place: string | null;
	/** The date of the meeting the report is for, YYYY-MM-DD. */
	meeting: string | null;
	parts: ReportPart[];
	picture: BoardPicture | null;
	shared: SharedFramework[];
	/** The chosen place first; for the whole area, then each district with anything recorded. */
	scrutiny: ScrutinyPlace[];
}

type View = Awaited<ReturnType<typeof loadBoardView>>;

const isEmpty = (r: Omit<ScrutinyPlace, 'districtName'>) =>
	r.notes.length + r.questions.length + r.actions.length === 0;

/**
 * The district the view is of: the one filtered to, or the district of the community
 * filtered to; the whole area (null) otherwise.
 */
function placeOf({ filter, choices }: View) {
	const id =
		filter.districtId ??
		choices.communities.find((c) => c.value === filter.communityId)?.districtId;
	const found = choices.districts.find((d) => d.value === id);
	return { id: found?.value ?? null, name: found?.label ?? null };
}

/**
 * The scrutiny of a cycle at a place: the district's, or the whole area's and each district's
 * with anything recorded. Undefined when the district is not one the board files scrutiny
 * under.
 */
async function scrutinyOf(
	scope: Scope,
	at: { cycleId: string; districtId: string | null; boardId: string | undefined },
	districts: View['choices']['districts']
): Promise<ScrutinyPlace[] | undefined> {
	const places = at.districtId ? [at.districtId] : [null, ...districts.map((d) => d.value)];
	const found = await Promise.all(
		places.map((districtId) => scrutinyFor(scope, { ...at, districtId }))
	);
	if (!found[0]) return undefined;
	// Any other district outside the board's area has nothing of the board's to print.
	return places.flatMap((d, i) => {
		const record = found[i];
		if (!record || (i > 0 && isEmpty(record))) return [];
		const districtName = districts.find((c) => c.value === d)?.label ?? null;
		return [{ districtName, ...record }];
	});
}

/**
 * The board report for the caller, as a query string asks for it (the district view's
 * `cycle`, `district`, `community`, `phase` and `type`, and the report's `part`s and
 * `meeting`): a board member's own board; LA staff the whole tenant with the scrutiny of
 * `boardId`'s board, or of every board without one. The view's choices and the options come
 * back with messages for anything that cannot be printed as asked; `report` is null then, or
 * when the tenant has no cycle yet. 404 for an unknown cycle or board, or a caller with no view.
 */
export async function loadBoardReport(scope: Scope, params: URLSearchParams, boardId?: string) {
	const { options, errors, meetingText } = reportOptions(params);
	return inTenant(scope, async () => {
		const [view, board] = await Promise.all([
			loadBoardView(scope, params),
			boardId ? getBoard(scope, boardId) : undefined
		]);
		if (board === null) error(404, 'Page not found');
		const problems = [...view.problems];
		const wantsScrutiny = options.parts.some(isScrutinyPart);
		const place = placeOf(view);
		const scrutiny =
			view.cycle && wantsScrutiny
				? await scrutinyOf(
						scope,
						{ cycleId: view.cycle.id, districtId: place.id, boardId },
						view.choices.districts
					)
				: [];
		if (!scrutiny)
			problems.push(
				`That district is not in the area of ${board?.name ?? scope.membership.organisationName}. Choose one of its districts or its whole area.`
			);
		const allErrors: ReportErrors & { _errors?: string[] } = {
			...errors,
			...(problems.length > 0 ? { _errors: problems } : {})
		};
		const valid = Object.keys(allErrors).length === 0;
		const isLa = scope.membership.organisationKind === 'la';
		const report: BoardReport | null =
			valid && view.cycle && scrutiny
				? {
						whose: scope.membership.organisationName,
						scrutinyBy: isLa ? (board?.name ?? 'Every area board') : null,
						manyBoards: isLa && !board,
						cycleName: view.cycle.name,
						previousName: view.previous?.name ?? null,
						covering: filterWords(view),
						place: place.name,
						meeting: options.meeting,
						parts: options.parts,
						picture: view.picture,
						shared: view.shared,
						scrutiny
					}
				: null;
		return { view, options, meetingText, errors: allErrors, report };
	});
}

/** How much a report holds, for the form to say before it is downloaded. */
export function reportSummary(report: BoardReport) {
	const all = <K extends 'notes' | 'questions' | 'actions'>(key: K) =>
		report.scrutiny.flatMap((p) => p[key] as ScrutinyPlace[K][number][]);
	const questions = all('questions');
	const actions = all('actions');
	return {
		settings: report.picture?.total.settings ?? 0,
		sharing: report.shared.reduce((n, f) => n + f.settings.length, 0),
		notes: all('notes').length,
		questions: questions.length,
		unanswered: questions.filter((q) => q.answer === null).length,
		actions: actions.length,
		overdue: actions.filter((a) => a.overdue).length
	};
}
