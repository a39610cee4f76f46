import type { ImportKind, ImportPart } from '$lib/domain/provision-import';

export const formatCount = (n: number) => n.toLocaleString('en-GB');

const NOUNS: Record<ImportKind, [one: string, many: string]> = {
	pupils: ['pupil', 'pupils'],
	interventions: ['intervention', 'interventions'],
	records: ['provision record', 'provision records']
};

/** "1 pupil", "1,204 provision records". */
export const countOf = (kind: ImportKind, n: number) =>
	`${formatCount(n)} ${NOUNS[kind][n === 1 ? 0 : 1]}`;

/** The heading of a part of a preview. */
export function partTitle(kind: ImportKind, part: ImportPart): string {
	const many = NOUNS[kind][1];
	const capital = many[0]!.toUpperCase() + many.slice(1);
	switch (part) {
		case 'bad':
			return 'Rows that cannot be imported';
		case 'create':
			return `${capital} to add`;
		case 'update':
			return `${capital} to update`;
		case 'unchanged':
			return 'Already up to date';
	}
}

const CREATED: Record<ImportKind, string> = {
	pupils: 'References that are not on the register yet. Each becomes a pupil on the SEN register.',
	interventions: 'Names that are not in the setting’s interventions yet. Each becomes one.',
	records:
		'Pupils on interventions from a start date not recorded yet. Each becomes a provision record.'
};

const UPDATED: Record<ImportKind, string> = {
	pupils:
		'Pupils on the register, matched by reference, whose details in the file are different. Only the changes shown will be made, and each pupil’s history keeps what changed.',
	interventions:
		'Interventions matched by name whose details in the file are different. Only the changes shown will be made.',
	records:
		'Provision records of the same pupil, intervention and start date whose details in the file are different. Only the changes shown will be made.'
};

/** What each part means for the user, under its heading. */
export function partDescription(kind: ImportKind, part: ImportPart): string {
	switch (part) {
		case 'bad':
			return 'Nothing can be imported until every row can be. Correct these rows in your spreadsheet, save it as CSV and upload it again.';
		case 'create':
			return CREATED[kind];
		case 'update':
			return UPDATED[kind];
		case 'unchanged':
			return 'Rows that match what is recorded already. Nothing about them will change.';
	}
}
