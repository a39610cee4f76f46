import { and, asc, count, eq, gt, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { SETTINGS_PAGE_SIZE, type SettingFilter, type SettingInput } from '../../schemas/settings';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import {
	appUser,
	community,
	district,
	invitation,
	membership,
	organisation,
	setting,
	tenantUser
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { changes } from './audit-changes';
import { brokenConstraint } from '../db/errors';
import { NOT_FOUND, type Invalid } from './structure';

/** The columns of a setting that people and imports can set. */
export type SettingFields = Omit<
	typeof setting.$inferInsert,
	'tenantId' | 'id' | 'version' | 'updatedAt'
> & { name: string };

/** Creates a setting: its organisation row (which carries the name) and its setting row. */
export async function insertSetting(tx: Tx, tenantId: string, fields: SettingFields) {
	const { name, ...rest } = fields;
	const [org] = await tx
		.insert(organisation)
		.values({ tenantId, kind: 'setting', name })
		.returning({ id: organisation.id });
	if (!org) throw new Error('Organisation insert returned nothing.');
	await tx.insert(setting).values({ ...rest, tenantId, id: org.id });
	return org.id;
}

/** The people who hold a role in an organisation, by role then name. */
export function peopleIn(tx: Tx, organisationId: string) {
	return tx
		.select({
			id: membership.id,
			name: appUser.name,
			email: appUser.email,
			role: membership.role,
			deactivated: sql<boolean>`${tenantUser.deactivatedAt} is not null`
		})
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.innerJoin(
			tenantUser,
			and(eq(tenantUser.tenantId, membership.tenantId), eq(tenantUser.userId, membership.userId))
		)
		.where(eq(membership.organisationId, organisationId))
		.orderBy(asc(membership.role), asc(appUser.name));
}

/** How many roles are held in an organisation, and how many invitations to it are open. */
export async function holdersOf(tx: Tx, organisationId: string) {
	const [[roles], [invitations]] = await Promise.all([
		tx.select({ n: count() }).from(membership).where(eq(membership.organisationId, organisationId)),
		tx
			.select({ n: count() })
			.from(invitation)
			.where(
				and(
					eq(invitation.organisationId, organisationId),
					isNull(invitation.acceptedAt),
					isNull(invitation.revokedAt),
					gt(invitation.expiresAt, new Date())
				)
			)
	]);
	return { roles: roles?.n ?? 0, invitations: invitations?.n ?? 0 };
}

export type DeleteOrganisationResult =
	{ ok: true; name: string } | { ok: false; reason: 'in-use'; roles: number } | typeof NOT_FOUND;

/**
 * Deletes a setting or board organisation (its own rows follow by cascade) and audits it,
 * unless people still hold roles there. The row is locked first so that nobody can be given
 * a role between the count and the delete: the role's foreign key check waits for us.
 */
export async function deleteOrganisation(
	tx: Tx,
	scope: Scope,
	org: { id: string; kind: 'setting' | 'area_board'; name: string },
	audit: { action: string; before: Record<string, unknown> }
): Promise<DeleteOrganisationResult> {
	await tx
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.id, org.id))
		.for('update');
	const { roles } = await holdersOf(tx, org.id);
	if (roles > 0) return { ok: false, reason: 'in-use', roles };
	await tx
		.delete(organisation)
		.where(and(eq(organisation.id, org.id), eq(organisation.kind, org.kind)));
	await writeAudit(tx, scope, {
		action: audit.action,
		subject: org.name,
		detail: { before: audit.before }
	});
	return { ok: true, name: org.name };
}

const joinOrganisation = and(
	eq(organisation.tenantId, setting.tenantId),
	eq(organisation.id, setting.id)
);
const joinDistrict = and(
	eq(district.tenantId, setting.tenantId),
	eq(district.id, setting.districtId)
);
const joinCommunity = and(
	eq(community.tenantId, setting.tenantId),
	eq(community.id, setting.communityId)
);

async function readSetting(tx: Tx, id: string) {
	if (!isRecordId(id)) return undefined;
	const [row] = await tx
		.select({
			id: setting.id,
			name: organisation.name,
			urn: setting.urn,
			settingType: setting.settingType,
			establishmentType: setting.establishmentType,
			phase: setting.phase,
			status: setting.status,
			districtId: setting.districtId,
			districtName: district.name,
			communityId: setting.communityId,
			communityName: community.name,
			postcode: setting.postcode,
			numberOfPupils: setting.numberOfPupils,
			resourcedProvision: setting.resourcedProvision,
			version: setting.version,
			updatedAt: setting.updatedAt
		})
		.from(setting)
		.innerJoin(organisation, joinOrganisation)
		.leftJoin(district, joinDistrict)
		.leftJoin(community, joinCommunity)
		.where(eq(setting.id, id));
	return row;
}
type SettingRecord = NonNullable<Awaited<ReturnType<typeof readSetting>>>;

/** A saved setting as the form shows it. */
export const settingFormValues = (record: SettingRecord): SettingInput => ({
	name: record.name,
	urn: record.urn === null ? '' : String(record.urn),
	settingType: record.settingType,
	establishmentType: record.establishmentType,
	phase: record.phase,
	status: record.status as SettingInput['status'],
	districtId: record.districtId ?? '',
	communityId: record.communityId ?? '',
	postcode: record.postcode,
	numberOfPupils: record.numberOfPupils === null ? '' : String(record.numberOfPupils),
	resourcedProvision: record.resourcedProvision
});

const toFields = (input: SettingInput): SettingFields => ({
	name: input.name,
	urn: input.urn ? Number(input.urn) : null,
	settingType: input.settingType,
	establishmentType: input.establishmentType,
	phase: input.phase,
	status: input.status,
	districtId: input.districtId || null,
	communityId: input.communityId || null,
	postcode: input.postcode,
	numberOfPupils: input.numberOfPupils ? Number(input.numberOfPupils) : null,
	resourcedProvision: input.resourcedProvision
});

/** What the audit log records of a setting: names, not ids, so the log reads on its own. */
const auditView = (
	input: SettingInput,
	names: { district: string | null; community: string | null }
) => ({
	name: input.name,
	urn: input.urn,
	settingType: input.settingType,
	establishmentType: input.establishmentType,
	phase: input.phase,
	status: input.status,
	district: names.district,
	community: names.community,
	postcode: input.postcode,
	numberOfPupils: input.numberOfPupils,
	resourcedProvision: input.resourcedProvision
});

/** A page of the tenant's settings, searched by name or URN and filtered. */
export async function listSettings(scope: Scope, filter: SettingFilter) {
	return inTenant(scope, async (tx) => {
		const conditions: (SQL | undefined)[] = [];
		if (filter.q) {
			const like = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
			conditions.push(
				or(
					ilike(organisation.name, like),
					/^\d+$/.test(filter.q) ? sql`${setting.urn}::text like ${`${filter.q}%`}` : undefined
				)
			);
		}
		if (filter.settingType) conditions.push(eq(setting.settingType, filter.settingType));
		if (filter.district === 'none') conditions.push(isNull(setting.districtId));
		else if (filter.district) conditions.push(eq(setting.districtId, filter.district));
		if (filter.status) conditions.push(eq(setting.status, filter.status));
		const where = and(...conditions);
		const [rows, [total]] = await Promise.all([
			tx
				.select({
					id: setting.id,
					name: organisation.name,
					urn: setting.urn,
					settingType: setting.settingType,
					phase: setting.phase,
					status: setting.status,
					districtName: district.name
				})
				.from(setting)
				.innerJoin(organisation, joinOrganisation)
				.leftJoin(district, joinDistrict)
				.where(where)
				.orderBy(asc(sql`lower(${organisation.name})`), asc(setting.id))
				.limit(SETTINGS_PAGE_SIZE)
				.offset((filter.page - 1) * SETTINGS_PAGE_SIZE),
			tx.select({ n: count() }).from(setting).innerJoin(organisation, joinOrganisation).where(where)
		]);
		return { rows, total: total?.n ?? 0 };
	});
}

/** One setting with the people who hold roles there, or null if the tenant has no such setting. */
export async function getSetting(scope: Scope, id: string) {
	return inTenant(scope, async (tx) => {
		const record = await readSetting(tx, id);
		if (!record) return null;
		return { ...record, people: await peopleIn(tx, record.id) };
	});
}

type SettingInvalid = Invalid<keyof SettingInput> & { urnOwner?: { id: string; name: string } };
export type SaveSettingResult =
	| { ok: true; id: string }
	| SettingInvalid
	| { ok: false; reason: 'conflict'; current: SettingInput; version: number }
	| typeof NOT_FOUND;

/** The district and community chosen, checked to exist and to agree with each other. */
async function placeOf(tx: Tx, input: SettingInput) {
	const invalid = (field: 'districtId' | 'communityId', message: string): SettingInvalid => ({
		ok: false,
		reason: 'invalid',
		field,
		message
	});
	const [d] = input.districtId
		? await tx
				.select({ name: district.name })
				.from(district)
				.where(eq(district.id, input.districtId))
		: [];
	if (input.districtId && !d) return invalid('districtId', 'Select a district from the list');
	const [c] = input.communityId
		? await tx
				.select({ name: community.name, districtId: community.districtId })
				.from(community)
				.where(eq(community.id, input.communityId))
		: [];
	if (input.communityId && !c)
		return invalid('communityId', 'Select a community of schools from the list');
	if (c?.districtId && input.districtId && c.districtId !== input.districtId) {
		return invalid(
			'communityId',
			`${c.name} is in a different district. Choose a community in ${d!.name}, or change the district`
		);
	}
	return { district: d?.name ?? null, community: c?.name ?? null };
}

/** Turns a broken URN uniqueness rule into a message that names the setting holding it. */
async function urnTaken(scope: Scope, urn: string): Promise<SettingInvalid> {
	const [owner] = await inTenant(scope, (tx) =>
		tx
			.select({ id: setting.id, name: organisation.name })
			.from(setting)
			.innerJoin(organisation, joinOrganisation)
			.where(eq(setting.urn, Number(urn)))
	);
	return {
		ok: false,
		reason: 'invalid',
		field: 'urn',
		message: `Another setting already has URN ${urn}`,
		urnOwner: owner
	};
}

async function saving(
	scope: Scope,
	input: SettingInput,
	work: () => Promise<SaveSettingResult>
): Promise<SaveSettingResult> {
	try {
		return await work();
	} catch (e) {
		if (brokenConstraint(e, '23505') === 'setting_urn_key') return urnTaken(scope, input.urn);
		// The form refuses these; this holds for any caller that skips it.
		if (brokenConstraint(e, '23514') === 'setting_urn_check') {
			const message = 'URN must be a number from 100000 to 999999';
			return { ok: false, reason: 'invalid', field: 'urn', message };
		}
		// The district or community chosen was deleted while this was being saved.
		const reference = brokenConstraint(e, '23503');
		if (reference === null) throw e;
		const field = reference.includes('community') ? 'communityId' : 'districtId';
		const message = `The ${field === 'communityId' ? 'community of schools' : 'district'} you chose has just been deleted. Choose another`;
		return { ok: false, reason: 'invalid', field, message };
	}
}

/** Adds a setting by hand (the GIAS import adds them in bulk). */
export async function createSetting(scope: Scope, input: SettingInput): Promise<SaveSettingResult> {
	return saving(scope, input, () =>
		inTenant(scope, async (tx) => {
			const place = await placeOf(tx, input);
			if ('ok' in place) return place;
			const id = await insertSetting(tx, scope.tenantId, toFields(input));
			await writeAudit(tx, scope, {
				action: 'setting.created',
				subject: input.name,
				detail: { after: auditView(input, place) }
			});
			return { ok: true, id };
		})
	);
}

/** Changes a setting read at `version`; if someone saved it since, returns what they saved. */
export async function updateSetting(
	scope: Scope,
	id: string,
	version: number,
	input: SettingInput
): Promise<SaveSettingResult> {
	return saving(scope, input, () =>
		inTenant(scope, async (tx): Promise<SaveSettingResult> => {
			const before = await readSetting(tx, id);
			if (!before) return NOT_FOUND;
			const conflict = (now: SettingRecord) =>
				({
					ok: false,
					reason: 'conflict',
					current: settingFormValues(now),
					version: now.version
				}) as const;
			if (before.version !== version) return conflict(before);
			const place = await placeOf(tx, input);
			if ('ok' in place) return place;
			const diff = changes(
				auditView(settingFormValues(before), {
					district: before.districtName,
					community: before.communityName
				}),
				auditView(input, place)
			);
			if (!diff) return { ok: true, id };
			const { name, ...fields } = toFields(input);
			const updated = await tx
				.update(setting)
				.set({ ...fields, version: sql`${setting.version} + 1`, updatedAt: new Date() })
				.where(and(eq(setting.id, id), eq(setting.version, version)))
				.returning({ id: setting.id });
			if (!updated.length) {
				const now = await readSetting(tx, id);
				return now ? conflict(now) : NOT_FOUND;
			}
			await tx
				.update(organisation)
				.set({ name, updatedAt: new Date() })
				.where(eq(organisation.id, id));
			await writeAudit(tx, scope, { action: 'setting.updated', subject: name, detail: diff });
			return { ok: true, id };
		})
	);
}

/** A setting's name and who still holds roles there, for the delete confirmation page. */
export async function settingForDeletion(scope: Scope, id: string) {
	return inTenant(scope, async (tx) => {
		const record = await readSetting(tx, id);
		return record ? { id: record.id, name: record.name, ...(await holdersOf(tx, id)) } : null;
	});
}

/** Deletes a setting, unless people hold roles there. */
export async function deleteSetting(scope: Scope, id: string): Promise<DeleteOrganisationResult> {
	return inTenant(scope, async (tx) => {
		const record = await readSetting(tx, id);
		if (!record) return NOT_FOUND;
		return deleteOrganisation(
			tx,
			scope,
			{ id, kind: 'setting', name: record.name },
			{
				action: 'setting.deleted',
				before: auditView(settingFormValues(record), {
					district: record.districtName,
					community: record.communityName
				})
			}
		);
	});
}
