import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The built app running as its own process, as production runs it. */
export interface RunningServer {
	origin: string;
	/** The server's resident memory now, in MB. */
	rssMb(): number;
	/** The most it has held since it started (the kernel's high-water mark), in MB. */
	peakRssMb(): number;
	stop(): Promise<void>;
}

/** A port nobody listens on, chosen by the kernel. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('No port'))
			);
		});
	});
}

/** One line of /proc/{pid}/status, in MB (Linux reports kB). */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${field}:`));
	return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

async function waitForHealth(origin: string, child: ChildProcess, output: () => string) {
	const until = Date.now() + 120_000;
	while (Date.now() < until) {
		if (child.exitCode !== null)
			throw new Error(`The server stopped (exit ${child.exitCode}):\n${output()}`);
		try {
			const response = await fetch(`${origin}/healthz`);
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The server did not become healthy within 2 minutes:\n${output()}`);
}

/**
 * Starts `node build` on a free port against the given database (DATABASE_URL for PostgreSQL,
 * DATA_DIR for PGlite) and waits until /healthz answers.
 */
export async function startServer(database: { url?: string; dataDir?: string }) {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: origin,
		// Production insists on a mail server; nothing the benchmark does sends mail.
		SMTP_URL: 'smtp://127.0.0.1:9',
		SEED_DEMO: 'never',
		BODY_SIZE_LIMIT: '11M',
		...(database.url ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir })
	};
	const child = spawn(process.execPath, ['build'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	const keep = (chunk: Buffer) => {
		log = (log + chunk.toString()).slice(-20_000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	try {
		await waitForHealth(origin, child, () => log);
	} catch (e) {
		child.kill('SIGKILL');
		throw e;
	}
	const pid = child.pid!;
	const server: RunningServer = {
		origin,
		rssMb: () => statusMb(pid, 'VmRSS'),
		peakRssMb: () => statusMb(pid, 'VmHWM'),
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
				child.once('exit', () => {
					clearTimeout(force);
					resolve();
				});
				child.kill('SIGTERM');
			})
	};
	return { server, log: () => log };
}
