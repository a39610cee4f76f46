import { formatDate } from '$lib/domain/dates';
import {
	NEED_CODES,
	NEEDS,
	SEN_STATUS_LABELS,
	SEN_STATUSES,
	yearGroupLabel,
	type NeedCode,
	type SenStatus
} from '$lib/domain/provision';
import type { PupilValues, ReviewInput } from '$lib/schemas/provision-pupils';

/** SEN statuses as choices, with the census code people know them by. */
export const STATUS_OPTIONS = SEN_STATUSES.map((s) => ({
	value: s,
	label: `${SEN_STATUS_LABELS[s]} (${s})`
}));

/** Census need codes as choices, named in full with the code after. */
export const NEED_OPTIONS = NEED_CODES.map((c) => ({
	value: c,
	label: `${NEEDS[c].label} (${c})`
}));

/** A need in words, or "None". */
export const needText = (code: NeedCode | '' | null) =>
	code ? (NEEDS[code]?.label ?? code) : 'None';

/** A status in words, from a code the form may hold as text. */
export const statusText = (code: string) =>
	SEN_STATUS_LABELS[code as SenStatus] ?? (code || 'Not chosen');

/** A register entry's form values in words, field by field, for the conflict notice. */
export const displayPupil = (values: PupilValues): Record<keyof PupilValues, string> => ({
	reference: values.reference,
	yearGroup: values.yearGroup ? yearGroupLabel(values.yearGroup) : '',
	senStatus: statusText(values.senStatus),
	primaryNeed: needText(values.primaryNeed as NeedCode | ''),
	secondaryNeed: needText(values.secondaryNeed as NeedCode | ''),
	addedOn: formatDate(values.addedOn)
});

/** A review's form values in words, for the conflict notice. */
export const displayReview = (values: ReviewInput): Record<keyof ReviewInput, string> => ({
	dueOn: formatDate(values.dueOn),
	heldOn: values.heldOn ? formatDate(values.heldOn) : 'Not held yet',
	outcome: values.outcome
});

/** The page of a pupil on the register. */
export const pupilHref = (pupilId: string) => `/provision/pupils/${pupilId}`;
