/** Facts about establishments as DfE's Get Information About Schools records them. */

/** GIAS establishment statuses. */
export const SETTING_STATUSES = [
	'Open',
	'Open, but proposed to close',
	'Proposed to open',
	'Closed'
] as const;

/** GIAS phases of education. */
export const PHASES = [
	'Nursery',
	'Primary',
	'Middle deemed primary',
	'Middle deemed secondary',
	'Secondary',
	'16 plus',
	'All-through',
	'Not applicable'
] as const;

/** GIAS types of resourced provision. */
export const RESOURCED_PROVISIONS = [
	'Not applicable',
	'Resourced provision',
	'SEN unit',
	'Resourced provision and SEN unit'
] as const;

const POSTCODE = /^(GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2})$/;

/** A postcode in capitals with one space before the last three characters; '' stays ''. */
export function normalisePostcode(value: string): string {
	const compact = value.replace(/\s+/g, '').toUpperCase();
	return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** Whether a normalised postcode has the shape of a UK postcode. */
export const isUkPostcode = (value: string) => POSTCODE.test(value.replace(' ', ''));
