import type { Option } from '$lib/components/ui/options';
import {
	CPD_AUDIENCE_LABELS,
	CPD_AUDIENCES,
	CPD_FORMAT_LABELS,
	CPD_FORMATS,
	formatMinutes,
	type CpdAudience,
	type CpdFormat
} from '$lib/domain/cpd';
import { AREA_OF_NEED_LABELS, type AreaOfNeed } from '$lib/domain/framework';
import { formatPounds } from '$lib/domain/provision';
import { parsePounds } from '$lib/domain/provision-cost';
import { offerColumns, parseCriterionValue, type OfferInput } from '$lib/schemas/cpd-offer';

export { AREA_OPTIONS } from '$lib/components/provision/offer/display';

export const FORMAT_OPTIONS: Option[] = CPD_FORMATS.map((f) => ({
	value: f,
	label: CPD_FORMAT_LABELS[f]
}));
export const AUDIENCE_OPTIONS: Option[] = CPD_AUDIENCES.map((a) => ({
	value: a,
	label: CPD_AUDIENCE_LABELS[a]
}));

/** A framework as the offer form lists its criteria: those of its newest published version. */
export interface FrameworkChoices {
	id: string;
	name: string;
	/** Null when the framework has no published version yet. */
	versionLabel: string | null;
	sections: { code: string; title: string; criteria: { code: string; title: string }[] }[];
}

/** "Free" or the price of one place. */
export const costText = (pence: number) => (pence === 0 ? 'Free' : formatPounds(pence));

export const formatText = (format: CpdFormat) => CPD_FORMAT_LABELS[format];

export const audiencesText = (audiences: readonly CpdAudience[]) =>
	audiences.map((a) => CPD_AUDIENCE_LABELS[a]).join(', ');

/** An offer tagged with no area of need is about SEND in general. */
export const areasText = (areas: readonly AreaOfNeed[]) =>
	areas.length ? areas.map((a) => AREA_OF_NEED_LABELS[a]).join(', ') : 'All areas of need';

/** What the conflict notice compares, in the form's order. */
export const OFFER_FIELD_LABELS = {
	title: 'Title',
	provider: 'Provider',
	format: 'Format',
	summary: 'Summary',
	length: 'Length for each person',
	cost: 'Cost per place',
	audiences: 'Who it is for',
	areasOfNeed: 'Areas of need',
	url: 'Booking link',
	criteria: 'Criteria it addresses'
};

/**
 * An offer's form values in words, field by field, for the conflict notice. The user's side
 * is read as it stands in the form, so a length or cost being retyped is shown as typed.
 */
export function displayOffer(values: OfferInput): Record<keyof typeof OFFER_FIELD_LABELS, string> {
	const columns = offerColumns(values);
	const pence = parsePounds(values.cost);
	return {
		title: columns.title,
		provider: columns.provider,
		format: CPD_FORMAT_LABELS[columns.format] ?? values.format,
		summary: columns.summary,
		length: Number.isInteger(columns.minutes)
			? formatMinutes(columns.minutes)
			: `${values.lengthHours} hr ${values.lengthMinutes} min`,
		// Compared as amounts, so that 45.5 and 45.50 do not show as a difference.
		cost: pence === null ? values.cost : costText(pence),
		audiences: audiencesText(columns.audiences),
		areasOfNeed: areasText(columns.areasOfNeed),
		url: columns.url ?? '',
		criteria: values.criteria
			.map((key) => parseCriterionValue(key)?.code ?? key)
			.sort()
			.join(', ')
	};
}

export const offerHref = (id: string) => `/la/cpd/${id}`;
