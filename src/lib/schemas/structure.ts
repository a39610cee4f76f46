import { z } from 'zod';
import { isRecordId } from '../domain/ids';

export const STRUCTURE_KINDS = ['area', 'district', 'community'] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

/** How each level of a tenant's structure is named in pages and URLs, and what it sits in. */
export const STRUCTURE_LEVELS = {
	area: {
		segment: 'areas',
		title: 'Area',
		one: 'area',
		aOne: 'an area',
		many: 'areas',
		parent: null
	},
	district: {
		segment: 'districts',
		title: 'District',
		one: 'district',
		aOne: 'a district',
		many: 'districts',
		parent: 'area'
	},
	community: {
		segment: 'communities',
		title: 'Community of schools',
		one: 'community of schools',
		aOne: 'a community of schools',
		many: 'communities of schools',
		parent: 'district'
	}
} as const satisfies Record<
	StructureKind,
	{
		segment: string;
		title: string;
		one: string;
		aOne: string;
		many: string;
		parent: StructureKind | null;
	}
>;

/** The kind a URL segment ("districts") stands for, or null for anything else. */
export function kindFromSegment(segment: string): StructureKind | null {
	return STRUCTURE_KINDS.find((kind) => STRUCTURE_LEVELS[kind].segment === segment) ?? null;
}

/** Where one record of the structure is changed. */
export const unitHref = (kind: StructureKind, id: string) =>
	`/la/structure/${STRUCTURE_LEVELS[kind].segment}/${id}`;

/** The page that lists records of this kind. */
export const listHref = (kind: StructureKind) =>
	kind === 'community' ? '/la/structure/communities' : '/la/structure';

/** A choice from a list of records, or '' for none. */
export const optionalId = (message: string) =>
	z
		.string()
		.trim()
		.refine((v) => v === '' || isRecordId(v), message);

/** Adding or changing an area, district or community: its name and what it sits in. */
export const unitSchema = z.object({
	name: z.string().trim().min(1, 'Enter a name').max(120, 'Name must be 120 characters or fewer'),
	parentId: optionalId('Select one from the list')
});
export type UnitInput = z.infer<typeof unitSchema>;
