import type { MembershipSummary } from '$lib/server/auth/memberships';
import type { SessionRecord, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			user: SessionUser | null;
			session: SessionRecord | null;
			memberships?: Promise<MembershipSummary[]>;
		}
	}
}

export {};
