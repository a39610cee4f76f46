import {
	AREA_OF_NEED_LABELS,
	type AreaOfNeed,
	type ScaleLevel,
	type VersionStatus
} from '$lib/domain/framework';
import { SETTING_TYPE_LABELS, type SettingType } from '$lib/domain/organisation';
import type { CriterionInput, SectionInput, VersionDetailsInput } from '$lib/schemas/frameworks';
import { listInWords } from '$lib/components/la/board-display';

export const STATUS_LABELS: Record<VersionStatus, string> = {
	draft: 'Draft',
	published: 'Published',
	retired: 'Retired'
};

/** Where a version's pages live. */
export const versionHref = (id: string) => `/la/frameworks/${id}`;

/** How a version is named on its pages: "Mainstream core standards, version 2". */
export const versionTitle = (version: { number: number; framework: { name: string } }) =>
	`${version.framework.name}, version ${version.number}`;

/**
 * Why a version's content cannot change, if it cannot: what the last submission was told, else
 * the status the page was loaded with; null for a draft.
 */
export const frozenStatus = (
	status: VersionStatus,
	reported?: 'published' | 'retired' | null
): 'published' | 'retired' | null => reported ?? (status === 'draft' ? null : status);

/** What the framework pages say after a change, by the `?done=` code they redirect with. */
export const FRAMEWORK_NOTICES: Record<string, string> = {
	'draft-created': 'New draft created. Change it, then publish it when it is ready.',
	imported: 'Framework imported as a draft. Check it, then publish it when it is ready.',
	saved: 'Changes saved.',
	'scale-saved': 'Rating scale saved.',
	'level-added':
		'Level added. Every criterion now has an empty descriptor for it: write them before publishing.',
	'level-removed': 'Top level removed, with each criterion’s descriptor for it.',
	'section-added': 'Section added.',
	'section-saved': 'Section saved.',
	'section-deleted': 'Section deleted.',
	'criterion-added': 'Criterion added.',
	'criterion-saved': 'Criterion saved.',
	'criterion-deleted': 'Criterion deleted.',
	moved: 'Order changed.',
	published: 'Version published. It can no longer change.',
	retired: 'Version retired. New review cycles can no longer use it.',
	'draft-deleted': 'Draft deleted.'
};

export const DETAILS_LABELS: Record<keyof VersionDetailsInput, string> = {
	label: 'Version label',
	notes: 'Notes'
};

export const SECTION_LABELS: Record<keyof SectionInput, string> = {
	code: 'Code',
	title: 'Title',
	description: 'Description'
};

/** Field labels for comparing two versions of a criterion: one row per descriptor. */
export function criterionLabels(scale: ScaleLevel[]): Record<string, string> {
	return {
		sectionId: 'Section',
		code: 'Code',
		title: 'Title',
		...Object.fromEntries(scale.map((l, i) => [`descriptor-${i}`, `Descriptor: ${l.label}`])),
		statutory: 'Statutory',
		areasOfNeed: 'Areas of need',
		settingTypes: 'Types of setting'
	};
}

/** A criterion's values as people read them. */
export function displayCriterion(
	values: CriterionInput,
	sections: { id: string; code: string; title: string }[]
): Record<string, string> {
	const section = sections.find((s) => s.id === values.sectionId);
	return {
		sectionId: section ? `${section.code} ${section.title}` : '',
		code: values.code,
		title: values.title,
		...Object.fromEntries(values.descriptors.map((d, i) => [`descriptor-${i}`, d])),
		statutory: values.statutory ? 'Yes' : 'No',
		areasOfNeed: listInWords(values.areasOfNeed.map((a) => AREA_OF_NEED_LABELS[a])),
		settingTypes: listInWords(values.settingTypes.map((t) => SETTING_TYPE_LABELS[t]))
	};
}

/** Scale levels as people read them, for comparing two versions of a scale. */
export const displayScale = (levels: { label: string; colour: string }[]) =>
	Object.fromEntries(levels.map((l, i) => [`level-${i}`, `${l.label} (${l.colour})`]));

export const scaleLabels = (count: number) =>
	Object.fromEntries(Array.from({ length: count }, (_, i) => [`level-${i}`, `Level ${i + 1}`]));

/**
 * Superforms' errors with each list item's messages under an id of its own
 * ("descriptors-2"), as the error summary links to the control with that id.
 */
export function flatErrors(errors: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [field, value] of Object.entries(errors ?? {})) {
		if (!value || typeof value !== 'object' || Array.isArray(value)) {
			out[field] = value;
			continue;
		}
		for (const [key, messages] of Object.entries(value)) {
			out[key === '_errors' ? field : `${field}-${key}`] = messages;
		}
	}
	return out;
}

/** A criterion as the version page shows it. */
export interface CriterionData {
	id: string;
	code: string;
	title: string;
	descriptors: string[];
	statutory: boolean;
	areasOfNeed: AreaOfNeed[];
	settingTypes: SettingType[];
}

/** A section with its criteria, as the version page shows it. */
export interface SectionData {
	id: string;
	code: string;
	title: string;
	description: string;
	criteria: CriterionData[];
}
