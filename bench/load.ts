import { get } from 'node:http';
import autocannon from 'autocannon';

/** How one route held up under load. Latencies in milliseconds. */
export interface RouteResult {
	name: string;
	path: string;
	requests: number;
	requestsPerSecond: number;
	p50: number;
	p95: number;
	p99: number;
	/** Connection errors, timeouts and answers other than 2xx. */
	errors: number;
	/** The most resident memory the server held while this route was measured, in MB. */
	rssMb: number;
	/** The first request's time, before the load: what a cold cache costs. */
	firstMs: number;
}

export interface Load {
	connections: number;
	seconds: number;
}

/** The value at quantile q (0–1) of ascending numbers: the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

/** Signs a person in through the sign-in form and returns their session cookie. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => !c.endsWith('='));
	if (response.status !== 303 || !cookie)
		throw new Error(`Signing in ${email} failed: ${response.status} ${await response.text()}`);
	return cookie;
}

/**
 * The page's first answer to this person, however long it takes (a cold county-wide view can
 * take minutes, longer than fetch waits): fails unless it is 200, since a measured redirect
 * would mean nothing. Returns how long it took, in ms.
 */
export function firstRequest(origin: string, path: string, cookie?: string): Promise<number> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const request = get(`${origin}${path}`, { headers: cookie ? { cookie } : {} }, (response) => {
			response.resume();
			response.on('end', () =>
				response.statusCode === 200
					? resolve(performance.now() - started)
					: reject(new Error(`${path} answered ${response.statusCode}, not 200, before measuring.`))
			);
		});
		request.on('error', reject);
	});
}

/**
 * Drives one route with a fixed number of connections for a fixed time, keeping every
 * response's latency so that the percentiles are exact. `during` runs alongside the load.
 */
export async function measureRoute(
	origin: string,
	route: { name: string; path: string; cookie?: string; firstMs: number },
	load: Load,
	sampleRss: () => number,
	during?: () => Promise<void>
): Promise<RouteResult> {
	const latencies: number[] = [];
	let rssMb = sampleRss();
	const sampler = setInterval(() => (rssMb = Math.max(rssMb, sampleRss())), 200);
	const finished = new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url: `${origin}${route.path}`,
				connections: load.connections,
				duration: load.seconds,
				headers: route.cookie ? { cookie: route.cookie } : {}
			},
			(error: Error | null, result) => (error ? reject(error) : resolve(result))
		);
		instance.on('response', (_client, _status, _bytes, responseTime) =>
			latencies.push(responseTime)
		);
	});
	const [result] = await Promise.all([finished, during?.()]);
	const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
	clearInterval(sampler);
	latencies.sort((a, b) => a - b);
	return {
		name: route.name,
		path: route.path,
		requests: latencies.length,
		requestsPerSecond: latencies.length / elapsed,
		p50: quantile(latencies, 0.5),
		p95: quantile(latencies, 0.95),
		p99: quantile(latencies, 0.99),
		errors: result.errors + result.timeouts + result.non2xx,
		rssMb,
		firstMs: route.firstMs
	};
}
