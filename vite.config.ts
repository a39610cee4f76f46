import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

const integration = (name: string, env: Record<string, string>) => ({
	extends: true as const,
	test: {
		name,
		include: ['tests/integration/**/*.test.ts'],
		env,
		// Each file opens its own database; running files one at a time keeps a
		// two-core machine from thrashing and the Postgres run from racing on roles.
		fileParallelism: false,
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});

const postgresUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		projects: [
			{ extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
			integration('pglite', { TEST_DB_KIND: 'pglite' }),
			...(postgresUrl ? [integration('postgres', { TEST_DB_KIND: 'postgres' })] : [])
		]
	}
});
