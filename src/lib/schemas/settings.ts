import { z } from 'zod';
import { SETTING_TYPES, type SettingType } from '../domain/organisation';
import {
	isUkPostcode,
	normalisePostcode,
	PHASES,
	RESOURCED_PROVISIONS,
	SETTING_STATUSES
} from '../domain/establishment';
import { pageParam } from '../domain/paging';
import { isRecordId } from '../domain/ids';
import { optionalId } from './structure';

const oneOf = <T extends readonly string[]>(values: T, message: string) =>
	z.string().refine((v) => v === '' || (values as readonly string[]).includes(v), message);

/** Adding or changing a setting. Numbers stay text so what someone typed is shown back. */
export const settingSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Enter the name of the setting')
		.max(200, 'Name must be 200 characters or fewer'),
	urn: z
		.string()
		.trim()
		.regex(/^(\d{6})?$/, { error: 'URN must be 6 digits, like 118234', abort: true })
		// Stored as a number, so a leading zero would be lost; GIAS URNs never have one.
		.regex(/^(?!0)/, 'URN cannot start with 0. Check it on Get Information About Schools (GIAS)'),
	settingType: z.enum(SETTING_TYPES, { error: 'Select the type of setting' }),
	establishmentType: z
		.string()
		.trim()
		.max(120, 'Type of establishment must be 120 characters or fewer'),
	phase: oneOf(PHASES, 'Select a phase from the list'),
	status: z.enum(SETTING_STATUSES, { error: 'Select a status' }),
	districtId: optionalId('Select a district from the list'),
	communityId: optionalId('Select a community of schools from the list'),
	postcode: z
		.string()
		.trim()
		.max(12, 'Enter a real postcode, like ME14 1XQ')
		.overwrite(normalisePostcode)
		.refine((v) => v === '' || isUkPostcode(v), 'Enter a real postcode, like ME14 1XQ'),
	numberOfPupils: z
		.string()
		.trim()
		.regex(/^(\d{1,5})?$/, 'Enter the number of pupils as a whole number, like 240'),
	resourcedProvision: oneOf(RESOURCED_PROVISIONS, 'Select a type of resourced provision')
});
export type SettingInput = z.infer<typeof settingSchema>;

/**
 * The setting form, for adding and changing: a change carries the version it was read at,
 * so it cannot overwrite someone else's save (a new setting has version 0).
 */
export const settingFormSchema = settingSchema.extend({ version: z.number().int().min(0) });
export type SettingForm = z.infer<typeof settingFormSchema>;

/** What a failed save carries back besides field errors. */
export interface SettingFormMessage {
	/** The setting that already has the URN typed. */
	urnOwner?: { id: string; name: string };
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: SettingInput;
}

export const SETTINGS_PAGE_SIZE = 25;

export interface SettingFilter {
	q: string;
	settingType: SettingType | '';
	/** A district id, 'none' for settings without one, or '' for all. */
	district: string;
	status: string;
	page: number;
}

/** The list's search and filters from a query string; anything unexpected is ignored. */
export function settingFilter(params: URLSearchParams): SettingFilter {
	const type = params.get('type') ?? '';
	const district = params.get('district') ?? '';
	const status = params.get('status') ?? '';
	return {
		q: (params.get('q') ?? '').trim().slice(0, 100),
		settingType: (SETTING_TYPES as readonly string[]).includes(type) ? (type as SettingType) : '',
		district: district === 'none' || isRecordId(district) ? district : '',
		status: (SETTING_STATUSES as readonly string[]).includes(status) ? status : '',
		page: pageParam(params)
	};
}
