import { formatDate } from '$lib/domain/dates';
import type { CycleStatus } from '$lib/domain/evaluation';
import { SETTING_TYPES, type SettingType } from '$lib/domain/organisation';
import {
	frameworkField,
	SETTING_TYPE_PLURALS,
	type CycleChanges,
	type FrameworkField
} from '$lib/schemas/cycles';
import type { OptionGroup } from '$lib/components/ui/options';

export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
	open: 'Open',
	closed: 'Closed'
};

/** What a type with no framework says: its settings do not take part in the cycle. */
export const NOT_IN_CYCLE = 'Not in this cycle';

/** Each field of the cycle form as people read it, in the order the form shows them. */
export const CYCLE_FIELD_LABELS: Record<keyof CycleChanges, string> = {
	name: 'Name',
	deadline: 'Deadline',
	status: 'Status',
	...(Object.fromEntries(
		SETTING_TYPES.map((t) => [frameworkField(t), SETTING_TYPE_PLURALS[t]])
	) as Record<FrameworkField, string>)
};

/** Cycle form values with version ids turned into framework titles, for comparing two saves. */
export function displayCycle(
	values: CycleChanges,
	options: Record<SettingType, readonly OptionGroup[]>
): Record<keyof CycleChanges, string> {
	const titleOf = (type: SettingType) => {
		const id = values[frameworkField(type)];
		if (!id) return NOT_IN_CYCLE;
		const option = options[type].flatMap((g) => g.options).find((o) => o.value === id);
		return option?.label ?? 'A framework no longer offered';
	};
	return {
		name: values.name,
		deadline: formatDate(values.deadline),
		status: CYCLE_STATUS_LABELS[values.status] ?? values.status,
		...(Object.fromEntries(SETTING_TYPES.map((t) => [frameworkField(t), titleOf(t)])) as Record<
			FrameworkField,
			string
		>)
	};
}
