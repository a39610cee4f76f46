import { describe, expect, it } from 'vitest';
import { auditActionLabel } from './audit-labels';

describe('auditActionLabel', () => {
	it('names the known actions in words', () => {
		expect(auditActionLabel('sign-in.failed')).toBe('Failed sign-in');
		expect(auditActionLabel('membership.role-changed')).toBe('Role changed');
		expect(auditActionLabel('self-evaluation.signed_off')).toBe('Self-evaluation signed off');
	});

	it('shows an unknown action as it was recorded', () => {
		expect(auditActionLabel('district.created')).toBe('district.created');
		expect(auditActionLabel('constructor')).toBe('constructor');
	});
});
