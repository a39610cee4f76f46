import type { GiasPart } from '$lib/domain/gias';

/** Headings of the parts of an import preview. */
export const PART_TITLES: Record<GiasPart, string> = {
	bad: 'Rows that cannot be imported',
	create: 'Settings to create',
	update: 'Settings to update',
	unchanged: 'Already up to date',
	skipped: 'Rows skipped'
};

export const formatCount = (n: number) => n.toLocaleString('en-GB');

/** What each part means for the user, under its heading. */
export const PART_DESCRIPTIONS: Record<GiasPart, string> = {
	bad: 'These rows will not be imported. To import them, correct the file and upload it again.',
	create: 'Establishments whose URN is not in Inclusio yet. Each becomes a new setting.',
	update:
		'Settings already in Inclusio, matched by URN, whose details in the file are different. Only the changes shown will be made.',
	unchanged: 'Settings whose details already match the file. Nothing about them will change.',
	skipped: 'Closed establishments that are not in Inclusio are not added.'
};
