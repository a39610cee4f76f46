// npm run db:migrate | db:seed:demo — the database chores, outside the web server.
import { count } from 'drizzle-orm';
import { config } from '../src/lib/server/config';
import { database, stopDatabase } from '../src/lib/server/db/index';
import { tenant } from '../src/lib/server/db/schema';
import { seedDemo } from '../src/lib/server/db/seed/demo';

const command = process.argv[2];
const handle = await database();
const where = config().DATABASE_URL
	? 'PostgreSQL (DATABASE_URL)'
	: `PGlite in ${config().DATA_DIR}`;
try {
	if (command === 'migrate') {
		await handle.migrate();
		console.info(`Migrations applied to ${where}.`);
	} else if (command === 'seed-demo') {
		await handle.migrate();
		const [row] = await handle.db.select({ n: count() }).from(tenant);
		if (row && row.n > 0) {
			console.error(
				`${where} already has ${row.n} tenant(s); the demo seed needs an empty database.`
			);
			process.exitCode = 1;
		} else {
			await seedDemo(handle.db);
			console.info(`Demo county seeded into ${where}.`);
		}
	} else {
		console.error('Usage: tsx scripts/db.ts migrate | seed-demo');
		process.exitCode = 2;
	}
} finally {
	await stopDatabase();
}
