import type { Role } from '../../domain/organisation';
import type { Scope } from '../auth/guards';

/** Who in a setting may do what with its gap report and CPD plan. */
export const CPD_RIGHTS = {
	/** Read the gap report and the plan. */
	read: ['headteacher', 'senco', 'staff'],
	/** Add, change and remove plan items, and review their impact. */
	plan: ['headteacher', 'senco'],
	/** Set the plan's budgets. */
	budget: ['headteacher']
} as const satisfies Record<string, readonly Role[]>;
export type CpdRight = keyof typeof CPD_RIGHTS;

/** Whether the scope's role in its setting carries the right. */
export const mayPlan = (scope: Scope, right: CpdRight) =>
	scope.membership.organisationKind === 'setting' &&
	(CPD_RIGHTS[right] as readonly Role[]).includes(scope.membership.role);
