import { z } from 'zod';
import { BOARD_SCOPES, SETTING_TYPES } from '../domain/organisation';
import { isRecordId } from '../domain/ids';

/** Adding or changing an area board: its name and what it covers. */
export const boardSchema = z
	.object({
		name: z
			.string()
			.trim()
			.min(1, 'Enter the name of the area board')
			.max(120, 'Name must be 120 characters or fewer'),
		scope: z.enum(BOARD_SCOPES, { error: 'Select what the board covers' }),
		districtIds: z
			.array(z.string())
			.max(200, 'Select fewer districts')
			.refine((ids) => ids.every(isRecordId), 'Select districts from the list'),
		settingType: z
			.string()
			.refine(
				(v) => v === '' || (SETTING_TYPES as readonly string[]).includes(v),
				'Select a type of setting from the list'
			)
	})
	.superRefine((board, ctx) => {
		if (board.scope === 'districts' && board.districtIds.length === 0)
			ctx.addIssue({
				code: 'custom',
				path: ['districtIds'],
				message: 'Select at least one district'
			});
		if (board.scope === 'setting_type' && board.settingType === '')
			ctx.addIssue({ code: 'custom', path: ['settingType'], message: 'Select a type of setting' });
	});
export type BoardInput = z.infer<typeof boardSchema>;

/**
 * The board form, for adding and changing: a change carries the version it was read at, so
 * it cannot overwrite someone else's save (a new board has version 0).
 */
export const boardFormSchema = boardSchema.safeExtend({ version: z.number().int().min(0) });
export type BoardForm = z.infer<typeof boardFormSchema>;

/** What a failed save carries back besides field errors. */
export interface BoardFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: BoardInput;
}

/** Where a form keeps a field's own errors: an array's are under `_errors`, not its items. */
export const boardErrorPath = (field: keyof BoardInput) =>
	field === 'districtIds' ? ('districtIds._errors' as const) : field;
