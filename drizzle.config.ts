import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file: it reads the schema and writes SQL to
// drizzle/. The app applies those files itself (src/lib/server/db/migrate.ts).
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle'
});
