import { and, count, desc, eq, ilike, lt, notLike, or, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/guards';
import { auditEvent } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';

export type AuditInput = {
	action: string;
	subject?: string;
	detail?: Record<string, unknown>;
};

/** Who did it and from where; a Scope, or the bare facts when no one is signed in yet. */
export interface AuditActor {
	tenantId: string;
	userId: string | null;
	email: string;
	ipAddress: string;
	requestId: string;
}

/** Appends an event to the tenant's audit log inside the caller's transaction. */
export async function writeAudit(tx: Tx, actor: AuditActor, input: AuditInput): Promise<void> {
	await tx.insert(auditEvent).values({
		tenantId: actor.tenantId,
		actorUserId: actor.userId,
		actorEmail: actor.email,
		action: input.action,
		subject: input.subject ?? '',
		detail: input.detail ?? {},
		ipAddress: actor.ipAddress,
		requestId: actor.requestId
	});
}

/**
 * Appends the same event to several tenants' logs: for what a person does to their own
 * account (sign-in, password, second factor), which every LA they belong to may need to see.
 */
export async function writeAuditToTenants(
	tx: Tx,
	tenantIds: readonly string[],
	actor: Omit<AuditActor, 'tenantId'>,
	input: AuditInput
): Promise<void> {
	for (const tenantId of new Set(tenantIds)) await writeAudit(tx, { ...actor, tenantId }, input);
}

/** Appends an event in a transaction of its own. */
export const audit = (actor: AuditActor, input: AuditInput) =>
	inTenant(actor, (tx) => writeAudit(tx, actor, input));

export const AUDIT_PAGE_SIZE = 50;

/**
 * What a setting does with single pupils' records is recorded, but stays out of the LA's
 * log: its pattern (three pupils put on one intervention at a small school) would tell LA
 * staff what the suppressed aggregates hide. Exports, imports and the staff rule show.
 */
const PUPIL_LEVEL = ['provision.pupil-%', 'provision.record-%', 'provision.review-%'];
const notPupilLevel = () => and(...PUPIL_LEVEL.map((p) => notLike(auditEvent.action, p)))!;

/** A page of the tenant's audit log, newest first, optionally filtered. */
export async function listAudit(
	scope: Scope,
	filter: { action?: string; search?: string; before?: Date; page: number }
) {
	return inTenant(scope, async (tx) => {
		const conditions: SQL[] = [notPupilLevel()];
		if (filter.action) conditions.push(eq(auditEvent.action, filter.action));
		if (filter.search) {
			const like = `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`;
			const match = or(ilike(auditEvent.actorEmail, like), ilike(auditEvent.subject, like));
			if (match) conditions.push(match);
		}
		if (filter.before) conditions.push(lt(auditEvent.at, filter.before));
		const where = and(...conditions);
		const [rows, [total]] = await Promise.all([
			tx
				.select()
				.from(auditEvent)
				.where(where)
				.orderBy(desc(auditEvent.at), desc(auditEvent.id))
				.limit(AUDIT_PAGE_SIZE)
				.offset((filter.page - 1) * AUDIT_PAGE_SIZE),
			tx.select({ n: count() }).from(auditEvent).where(where)
		]);
		return { rows, total: total?.n ?? 0 };
	});
}

/** The distinct actions recorded in the tenant's log, for the filter. */
export async function auditActions(scope: Scope): Promise<string[]> {
	return inTenant(scope, async (tx) => {
		const rows = await tx
			.selectDistinct({ action: auditEvent.action })
			.from(auditEvent)
			.where(notPupilLevel())
			.orderBy(auditEvent.action);
		return rows.map((r) => r.action);
	});
}
