/** What the audit log calls the actions it knows; anything else is shown as recorded. */
const LABELS: Record<string, string> = {
	'sign-in': 'Signed in',
	'sign-in.failed': 'Failed sign-in',
	'sign-in.password': 'Password accepted, code awaited',
	'password.changed': 'Password changed',
	'password.reset-requested': 'Password reset requested',
	'password.reset': 'Password reset',
	'two-factor.enabled': 'Second factor turned on',
	'two-factor.disabled': 'Second factor turned off',
	'two-factor.reset': 'Second factor reset by an admin',
	'invitation.sent': 'Invitation sent',
	'invitation.resent': 'Invitation sent again',
	'invitation.revoked': 'Invitation withdrawn',
	'invitation.accepted': 'Invitation accepted',
	'membership.added': 'Role added',
	'membership.role-changed': 'Role changed',
	'membership.removed': 'Role removed',
	'user.deactivated': 'Person deactivated',
	'user.reactivated': 'Person reactivated',
	'import.previewed': 'Import previewed',
	'import.applied': 'Import applied',
	'import.cancelled': 'Import cancelled',
	'setting.created': 'Setting added',
	'setting.updated': 'Setting changed',
	'setting.deleted': 'Setting deleted',
	'board.created': 'Area board added',
	'board.updated': 'Area board changed',
	'board.deleted': 'Area board deleted',
	'tenant.created': 'Local authority created',
	'tenant.security-changed': 'Security rules changed'
};

/** A readable name for an audit action, or the action itself when it is not a known one. */
export const auditActionLabel = (action: string): string =>
	(Object.hasOwn(LABELS, action) ? LABELS[action] : undefined) ?? action;
