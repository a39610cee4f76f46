import { z } from 'zod';
import { ORGANISATION_KINDS, type OrganisationKind } from '../domain/organisation';
import { emailField, personName } from './auth';

/** Why a role does not fit an organisation, said the way an LA admin thinks of it. */
export const ROLE_MISMATCH: Record<OrganisationKind, string> = {
	la: "The local authority's roles are LA admin or LA officer",
	setting: "A setting's roles are headteacher, SENCO or staff",
	area_board: "An area board's roles are chair or member"
};

const organisationId = z.uuid('Choose an organisation');
// Which roles fit depends on the organisation chosen, so the service checks the pair.
const role = z.string().trim().min(1, 'Choose a role').max(40, 'Choose a role from the list');

export const inviteSchema = z.object({
	name: personName,
	email: emailField('Enter their email address'),
	organisationId,
	role
});

export const addRoleSchema = z.object({ organisationId, role });

export const changeRoleSchema = z.object({ role });

export const PERSON_STATUSES = ['active', 'deactivated', 'invited'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** The people list's query string; odd values are dropped rather than refused. */
export const peopleFilterSchema = z.object({
	q: z.string().trim().max(200).catch(''),
	kind: z.enum(ORGANISATION_KINDS).or(z.literal('')).catch(''),
	status: z.enum(PERSON_STATUSES).or(z.literal('')).catch('')
});

/** The audit log's query string; odd values are dropped rather than refused. */
export const auditFilterSchema = z.object({
	action: z.string().trim().max(100).catch(''),
	q: z.string().trim().max(200).catch('')
});

/** Reads a filter schema from URL search parameters (missing ones become empty). */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
	return schema.parse(Object.fromEntries(params));
}
