import {
	ROLE_LABELS,
	ROLES_BY_KIND,
	type OrganisationKind,
	type Role
} from '$lib/domain/organisation';

import type { Option, OptionGroup } from '$lib/components/ui/options';

export const KIND_LABELS: Record<OrganisationKind, string> = {
	la: 'Local authority',
	setting: 'Setting',
	area_board: 'Area board'
};

const ROLE_GROUP_LABELS: Record<OrganisationKind, string> = {
	la: 'Local authority roles',
	setting: 'Setting roles',
	area_board: 'Area board roles'
};

/** The roles that fit one kind of organisation, as select options. */
export const roleOptions = (kind: OrganisationKind): Option[] =>
	ROLES_BY_KIND[kind].map((role: Role) => ({ value: role, label: ROLE_LABELS[role] }));

/** Every role grouped by the kind of organisation it fits, or only one kind's when known. */
export const roleGroups = (only?: OrganisationKind): OptionGroup[] =>
	(['la', 'setting', 'area_board'] as const)
		.filter((kind) => !only || kind === only)
		.map((kind) => ({ label: ROLE_GROUP_LABELS[kind], options: roleOptions(kind) }));

/** The organisations a role can be held in, by kind, as the people service lists them. */
export type Organisations = Record<OrganisationKind, { id: string; name: string }[]>;

/** The tenant's organisations grouped the way an LA thinks of them: itself, boards, settings. */
export const organisationGroups = (orgs: Organisations): OptionGroup[] =>
	[
		{ label: 'Local authority', list: orgs.la },
		{ label: 'Area boards', list: orgs.area_board },
		{ label: 'Settings', list: orgs.setting }
	].map(({ label, list }) => ({
		label,
		options: list.map((o) => ({ value: o.id, label: o.name }))
	}));
