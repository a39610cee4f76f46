/** A section of the host's framework with its criteria, as pickers and filters offer them. */
export interface SectionChoice {
	id: string;
	code: string;
	title: string;
	criteria: { id: string; code: string; title: string }[];
}
