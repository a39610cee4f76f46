/** One choice in a select. */
export interface Option {
	value: string;
	label: string;
}

/** Choices under a heading (an <optgroup>). */
export interface OptionGroup {
	label: string;
	options: Option[];
}
