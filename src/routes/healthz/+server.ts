import { json } from '@sveltejs/kit';
import { migrationState } from '$lib/server/db/health';

/** Liveness and readiness for a load balancer: the database answers and is fully migrated. */
export async function GET() {
	try {
		const state = await migrationState();
		const ok = state.pending === 0;
		return json(
			{ status: ok ? 'ok' : 'migrations pending', database: state },
			{ status: ok ? 200 : 503 }
		);
	} catch {
		return json({ status: 'database unavailable' }, { status: 503 });
	}
}
