import { formatDate } from '../../domain/dates';
import type { ScrutinyList } from '../../domain/board-scrutiny';
import { ACTION_STATUS_LABELS, type ActionStatus } from '../../domain/peer-review';
import {
	WHOLE_SCOPE,
	type BoardActionInput,
	type DistrictChoice,
	type QuestionInput
} from '../../schemas/board-scrutiny';
import type { Option } from '../ui/options';

// What the scrutiny components show of the services' rows (which carry more).

/** Where an item sits and who recorded it. */
interface Placed {
	id: string;
	boardName: string;
	cycleId: string;
	districtId: string | null;
	districtName: string | null;
	version: number;
}
export interface NoteRow extends Placed {
	body: string;
	authorName: string | null;
	createdAt: Date;
	updatedAt: Date;
}
export interface QuestionRow extends Placed {
	addressedTo: string;
	settingName: string | null;
	question: string;
	askedByName: string | null;
	askedAt: Date;
	answer: string | null;
	answeredByName: string | null;
	answeredAt: Date | null;
}
export interface ActionRow extends Placed {
	what: string;
	owner: string;
	dueDate: string;
	status: ActionStatus;
	overdue: boolean;
	daysOverdue: number;
}
/** How much each list holds at a place. */
export interface ScrutinyCounts {
	notes: number;
	questions: number;
	unanswered: number;
	actions: number;
	overdue: number;
}

/** Where a board's scrutiny pages live, and the LA's view of every board's. */
export const BOARD_SCRUTINY = '/board/scrutiny';
export const LA_SCRUTINY = '/la/scrutiny';

export const LIST_LABELS: Record<ScrutinyList, string> = {
	notes: 'Notes',
	questions: 'Questions',
	actions: 'Actions'
};

/** Where an item sits, as people say it. */
export const placeName = (districtName: string | null) => districtName ?? 'Whole area';

/** The district filter's value in the query string. */
export const districtParam = (district: DistrictChoice) =>
	district === null ? WHOLE_SCOPE : (district ?? '');

/** A scrutiny page's address for a cycle, place and list, with what has just been done. */
export function scrutinyHref(
	base: string,
	at: { cycleId: string; district: DistrictChoice; show: ScrutinyList; boardId?: string },
	done?: string
): string {
	const params = new URLSearchParams();
	if (at.boardId) params.set('board', at.boardId);
	params.set('cycle', at.cycleId);
	const district = districtParam(at.district);
	if (district) params.set('district', district);
	params.set('show', at.show);
	if (done) params.set('done', done);
	return `${base}?${params.toString()}`;
}

/** The board's list an item belongs in, back from its change or delete page. */
export const boardListHref = (
	item: { cycleId: string; districtId: string | null },
	show: ScrutinyList,
	done?: string
) => scrutinyHref(BOARD_SCRUTINY, { cycleId: item.cycleId, district: item.districtId, show }, done);

/** Who a question is put to. */
export const addresseeName = (q: { addressedTo: string; settingName: string | null }) =>
	q.addressedTo === 'la' ? 'The local authority' : (q.settingName ?? 'A setting');

/** What the scrutiny pages say after a change, by the `?done=` code they come back with. */
export const SCRUTINY_DONE_MESSAGES: Record<string, string> = {
	'note-added': 'Note added.',
	'note-saved': 'Note saved.',
	'note-deleted': 'Note deleted.',
	'question-added': 'Question added. Whoever it is for can now see it and answer.',
	'question-saved': 'Question saved.',
	'question-deleted': 'Question withdrawn.',
	'action-added': 'Action added.',
	'action-saved': 'Action saved.',
	'action-deleted': 'Action deleted.',
	answered: 'Answer saved. The area board can now read it.'
};

/** A question as words for the conflict table: the setting by name. */
export const describeQuestion = (q: QuestionInput, settings: readonly Option[]) => ({
	addressedTo: q.addressedTo === 'la' ? 'The local authority' : 'A setting',
	settingId:
		q.addressedTo === 'setting'
			? (settings.find((s) => s.value === q.settingId)?.label ?? 'A setting no longer listed')
			: '',
	question: q.question
});

/** An action as words for the conflict table. */
export const describeBoardAction = (a: BoardActionInput) => ({
	what: a.what,
	owner: a.owner,
	dueDate: a.dueDate ? formatDate(a.dueDate) : '',
	status: ACTION_STATUS_LABELS[a.status] ?? ''
});
