import { SETTING_TYPE_LABELS } from '$lib/domain/organisation';
import type { SettingInput } from '$lib/schemas/settings';

type Option = { value: string; label: string };

/** Each field of the setting form as people read it. */
export const SETTING_FIELD_LABELS: Record<keyof SettingInput, string> = {
	name: 'Name',
	urn: 'URN',
	settingType: 'Type of setting',
	establishmentType: 'Type of establishment',
	phase: 'Phase of education',
	status: 'Status',
	districtId: 'District',
	communityId: 'Community of schools',
	postcode: 'Postcode',
	numberOfPupils: 'Number of pupils',
	resourcedProvision: 'Resourced provision'
};

/** Form values with ids and codes turned into the names people know. */
export function displaySetting(
	values: SettingInput,
	options: { district: Option[]; community: Option[] }
): Record<keyof SettingInput, string> {
	const named = (list: Option[], id: string) =>
		id ? (list.find((o) => o.value === id)?.label ?? 'Unknown') : 'None';
	return {
		...values,
		settingType: SETTING_TYPE_LABELS[values.settingType],
		districtId: named(options.district, values.districtId),
		communityId: named(options.community, values.communityId)
	};
}
