import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = 4173;
const origin = `http://localhost:${PORT}`;
// Debian's chromium when the machine has it (CI installs it); Playwright's own browser otherwise.
const systemChromium = '/usr/bin/chromium';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	// The journeys sign several people in, each a deliberate password hash, on a 2-core machine.
	timeout: 90_000,
	expect: { timeout: 7_000 },
	use: {
		baseURL: origin,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		...devices['Desktop Chrome'],
		launchOptions: existsSync(systemChromium)
			? {
					executablePath: systemChromium,
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--no-first-run'
					]
				}
			: {}
	},
	webServer: {
		// A fresh embedded database each run, seeded with the demo county on start.
		command: 'npm run build && rm -rf .e2e-data && node build',
		url: `${origin}/healthz`,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN: origin,
			DATA_DIR: '.e2e-data',
			NODE_ENV: 'test',
			BODY_SIZE_LIMIT: '11M'
		}
	}
});
