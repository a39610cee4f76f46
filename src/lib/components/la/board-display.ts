import { SETTING_TYPE_LABELS, type SettingType } from '$lib/domain/organisation';
import type { BoardInput } from '$lib/schemas/boards';

type Option = { value: string; label: string };

/** A list of names as a sentence: "Ashford, Dover and Thanet". */
export function listInWords(names: string[]): string {
	if (names.length <= 1) return names[0] ?? '';
	return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** What a board covers, in a few words. */
export function coverage(board: {
	scope: BoardInput['scope'];
	settingType: string | null;
	districts: { name: string }[];
}): string {
	if (board.scope === 'setting_type') {
		const label = SETTING_TYPE_LABELS[board.settingType as SettingType] ?? 'setting type';
		return `Every ${label.toLowerCase()}`;
	}
	return board.districts.length
		? listInWords(board.districts.map((d) => d.name))
		: 'No districts yet';
}

export const BOARD_FIELD_LABELS: Record<keyof BoardInput, string> = {
	name: 'Name',
	scope: 'What it covers',
	districtIds: 'Districts',
	settingType: 'Type of setting'
};

/** Board form values as people read them, for comparing two versions. */
export function displayBoard(
	values: BoardInput,
	districts: Option[]
): Record<keyof BoardInput, string> {
	const named = districts.filter((d) => values.districtIds.includes(d.value)).map((d) => d.label);
	return {
		name: values.name,
		scope: values.scope === 'districts' ? 'A set of districts' : 'A type of setting',
		districtIds: values.scope === 'districts' ? listInWords(named) : '',
		settingType:
			values.scope === 'setting_type'
				? (SETTING_TYPE_LABELS[values.settingType as SettingType] ?? '')
				: ''
	};
}
