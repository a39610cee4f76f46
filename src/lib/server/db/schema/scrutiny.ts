import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './common';
import { evaluationCycle } from './evaluations';
import { appUser } from './platform';
import { areaBoard, district, inList, setting, tenantKey, tenantRef } from './tenancy';
import { ADDRESSEES } from '../../../domain/board-scrutiny';
import { ACTION_STATUSES } from '../../../domain/peer-review';

// An area board's scrutiny of a cycle: its notes, its questions to the LA or to settings,
// and its actions. Each belongs to one board and cycle, and to one district of the board's
// scope or (district null) to the whole scope, as a PRU committee's would.

const byUser = (name: string) => uuid(name).references(() => appUser.id);

const placement = () => ({
	boardId: uuid('board_id').notNull(),
	cycleId: uuid('cycle_id').notNull(),
	districtId: uuid('district_id')
});

/**
 * The board, cycle and district an item belongs to, all of the same tenant. A district is
 * deleted only once no board covers it, and its scrutiny goes with it as the board's does.
 */
const placed = (
	table: string,
	t: { tenantId: AnyPgColumn; boardId: AnyPgColumn; cycleId: AnyPgColumn; districtId: AnyPgColumn }
) => [
	tenantRef(t.tenantId, t.boardId, areaBoard).onDelete('cascade'),
	tenantRef(t.tenantId, t.cycleId, evaluationCycle).onDelete('cascade'),
	tenantRef(t.tenantId, t.districtId, district).onDelete('cascade'),
	index(`${table}_place_idx`).on(t.tenantId, t.boardId, t.cycleId, t.districtId)
];

export const boardNote = pgTable(
	'board_note',
	{
		tenantId: tenantId(),
		id: id(),
		...placement(),
		body: text('body').notNull(),
		authorId: byUser('author_id').notNull(),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [...tenantKey(t), ...placed('board_note', t)]
);

export const boardQuestion = pgTable(
	'board_question',
	{
		tenantId: tenantId(),
		id: id(),
		...placement(),
		addressedTo: text('addressed_to', { enum: ADDRESSEES }).notNull(),
		/** The setting the question is put to, when it is put to a setting. */
		settingId: uuid('setting_id'),
		question: text('question').notNull(),
		askedBy: byUser('asked_by').notNull(),
		askedAt: createdAt(),
		answer: text('answer'),
		answeredBy: byUser('answered_by'),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		...placed('board_question', t),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		index('board_question_setting_idx').on(t.tenantId, t.settingId),
		check(
			'board_question_addressee_check',
			sql`(${t.addressedTo} = 'la' and ${t.settingId} is null) or (${t.addressedTo} = 'setting' and ${t.settingId} is not null)`
		),
		check(
			'board_question_answer_check',
			sql`(${t.answer} is null) = (${t.answeredAt} is null) and (${t.answeredAt} is not null or ${t.answeredBy} is null)`
		)
	]
);

export const boardAction = pgTable(
	'board_action',
	{
		tenantId: tenantId(),
		id: id(),
		...placement(),
		what: text('what').notNull(),
		/** A name or a role ("the SEND lead"): owners need not have an account. */
		owner: text('owner').notNull(),
		dueDate: date('due_date').notNull(),
		status: text('status', { enum: ACTION_STATUSES }).notNull().default('not_started'),
		createdBy: byUser('created_by').notNull(),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		...placed('board_action', t),
		check('board_action_status_check', sql`${t.status} in (${inList(ACTION_STATUSES)})`)
	]
);
