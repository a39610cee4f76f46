import { boardAction, boardNote, boardQuestion } from '../../src/lib/server/db/schema';
import type { Tx } from '../../src/lib/server/db/tenant';
import {
	BOARD_ACTIONS,
	BOARD_ANSWERS,
	BOARD_OWNERS,
	BOARD_QUESTIONS,
	boardNote as noteText
} from '../prose';
import type { County } from './county';
import { addDays, at, dayOf, insertRows, secondsSince, thousands, TODAY } from './write';

/**
 * A handful of notes, questions and actions of each area board for each closed cycle, most
 * about one district of its scope, the rest about the whole; most questions answered.
 */
export async function writeScrutiny(tx: Tx, county: County, log: (line: string) => void) {
	const started = performance.now();
	const r = county.random.fork('scrutiny');
	const { tenantId } = county;
	const notes: (typeof boardNote.$inferInsert)[] = [];
	const questions: (typeof boardQuestion.$inferInsert)[] = [];
	const actions: (typeof boardAction.$inferInsert)[] = [];
	for (const cycle of county.cycles.filter((c) => !c.open)) {
		const year = Number(cycle.deadline.slice(0, 4));
		const during = () => at(addDays(`${year - 1}-10-01`, r.int(0, 280)), '18:30');
		for (const board of county.boards) {
			const place = () => ({
				tenantId,
				id: r.uuid(),
				boardId: board.id,
				cycleId: cycle.id,
				districtId: r.chance(0.8) ? r.pick(board.districtIds) : null
			});
			for (let i = r.int(2, 4); i > 0; i--) {
				const when = during();
				notes.push({
					...place(),
					body: noteText(r),
					authorId: board.memberId,
					createdAt: when,
					updatedAt: when
				});
			}
			for (let i = r.int(2, 3); i > 0; i--) {
				const where = place();
				const askedAt = during();
				const toSetting = r.chance(0.5);
				const candidates = county.settings.filter((s) =>
					where.districtId
						? s.districtId === where.districtId
						: board.districtIds.includes(s.districtId)
				);
				const asked = toSetting && candidates.length > 0 ? r.pick(candidates) : null;
				const answeredAt = at(addDays(dayOf(askedAt), r.int(5, 30)), '11:00');
				const answered = r.chance(0.85) && dayOf(answeredAt) < TODAY;
				questions.push({
					...where,
					addressedTo: asked ? 'setting' : 'la',
					settingId: asked?.id ?? null,
					question: r.pick(BOARD_QUESTIONS[asked ? 'setting' : 'la']),
					askedBy: board.memberId,
					askedAt,
					answer: answered ? r.pick(BOARD_ANSWERS) : null,
					answeredBy: answered
						? asked
							? (asked.headId ?? asked.sencoId)
							: county.laAdminId
						: null,
					answeredAt: answered ? answeredAt : null,
					version: answered ? 2 : 1,
					updatedAt: answered ? answeredAt : askedAt
				});
			}
			for (let i = r.int(2, 3); i > 0; i--) {
				const when = during();
				const dueDate = addDays(dayOf(when), r.int(30, 150));
				actions.push({
					...place(),
					what: r.pick(BOARD_ACTIONS),
					owner: r.pick(BOARD_OWNERS),
					dueDate,
					status:
						dueDate < TODAY
							? r.weighted([
									['done', 80],
									['in_progress', 20]
								])
							: 'in_progress',
					createdBy: board.memberId,
					createdAt: when,
					updatedAt: when
				});
			}
		}
	}
	await insertRows(tx, boardNote, notes);
	await insertRows(tx, boardQuestion, questions);
	await insertRows(tx, boardAction, actions);
	log(
		`board scrutiny: ${thousands(notes.length + questions.length + actions.length)} notes, questions and actions in ${secondsSince(started)}`
	);
}
