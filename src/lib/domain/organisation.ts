/** Kinds of organisation a person can hold a role in. */
export const ORGANISATION_KINDS = ['la', 'setting', 'area_board'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Roles, and which organisation kind each belongs to. */
export const ROLES_BY_KIND = {
	la: ['admin', 'officer'],
	setting: ['headteacher', 'senco', 'staff'],
	area_board: ['chair', 'member']
} as const satisfies Record<OrganisationKind, readonly string[]>;
export const ROLES = [
	'admin',
	'officer',
	'headteacher',
	'senco',
	'staff',
	'chair',
	'member'
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'LA admin',
	officer: 'LA officer',
	headteacher: 'Headteacher or manager',
	senco: 'SENCO',
	staff: 'Staff',
	chair: 'Board chair',
	member: 'Board member'
};

/** Whether a role can be held in an organisation of the given kind. */
export function roleFitsKind(role: string, kind: OrganisationKind): role is Role {
	return (ROLES_BY_KIND[kind] as readonly string[]).includes(role);
}

/** Broad setting types: what frameworks and area-board scopes are keyed on. */
export const SETTING_TYPES = ['mainstream', 'special', 'pru', 'early_years'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];
export const SETTING_TYPE_LABELS: Record<SettingType, string> = {
	mainstream: 'Mainstream school',
	special: 'Special school',
	pru: 'Pupil referral unit or alternative provision',
	early_years: 'Early years setting'
};

export const BOARD_SCOPES = ['districts', 'setting_type'] as const;
export type BoardScope = (typeof BOARD_SCOPES)[number];
