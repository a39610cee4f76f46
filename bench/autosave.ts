/**
 * Autosaves under load, as the criterion page's script sends them: many people saving
 * different criteria at once must all be kept, and two people saving the same criterion from
 * the same version must see one kept and the other refused with both texts, never lost.
 */

/** One save to make: who, where, from which version, and a text that can be found again. */
export interface PlannedSave {
	cookie: string;
	evaluationId: string;
	criterionId: string;
	version: number;
	marker: string;
}

export interface AutosaveResult {
	attempted: number;
	/** Saves the server answered as saved. */
	saved: number;
	/** Saves whose text the criterion page shows afterwards. */
	persisted: number;
	/** The slowest answer among the concurrent saves, in ms. */
	slowestMs: number;
	contested: {
		/** Of the two saves of one criterion from one version: kept, and refused as a conflict. */
		kept: number;
		refused: number;
		/** The page shows the kept text, and not the refused one. */
		keptShown: boolean;
		/** The refusal carried the refused text back, so its author still has it. */
		refusedReturned: boolean;
	};
}

const criterionPath = (s: PlannedSave) =>
	`/self-evaluation/${s.evaluationId}/criteria/${s.criterionId}`;

/** Posts a save the way the page's script does, and reads SvelteKit's answer. */
async function post(origin: string, save: PlannedSave) {
	const body = new FormData();
	body.set('rating', '3');
	body.set('narrative', `${save.marker} was written by the benchmark to test saving under load.`);
	body.set('nextSteps', '');
	body.set('targetRating', '');
	body.set('targetDate', '');
	body.set('version', String(save.version));
	const started = performance.now();
	const response = await fetch(`${origin}${criterionPath(save)}?/save`, {
		method: 'POST',
		headers: { origin, cookie: save.cookie, 'x-sveltekit-action': 'true' },
		body
	});
	const text = await response.text();
	const ms = performance.now() - started;
	try {
		const answer = JSON.parse(text) as { type: string; status?: number; data?: string };
		return {
			ms,
			type: answer.type,
			status: answer.status ?? response.status,
			data: answer.data ?? ''
		};
	} catch {
		return { ms, type: 'error', status: response.status, data: text };
	}
}

/** The criterion page's HTML as its author sees it. */
async function page(origin: string, save: PlannedSave) {
	const response = await fetch(`${origin}${criterionPath(save)}`, {
		headers: { cookie: save.cookie }
	});
	return response.text();
}

/** Sends every save at once, plus the two contested ones, then reads back what was kept. */
export async function concurrentAutosaves(
	origin: string,
	saves: PlannedSave[],
	contested: [PlannedSave, PlannedSave]
): Promise<AutosaveResult> {
	const answers = await Promise.all([...saves, ...contested].map((s) => post(origin, s)));
	const own = answers.slice(0, saves.length);
	const [first, second] = answers.slice(saves.length) as [
		(typeof answers)[number],
		(typeof answers)[number]
	];
	const pages = await Promise.all(saves.map((s) => page(origin, s)));
	// Which of the two was kept, and which refused (either may win the race).
	const [kept, lost] = first.type === 'success' ? contested : [contested[1], contested[0]];
	const refused = [first, second].filter((a) => a.type === 'failure' && a.status === 409);
	const contestedPage = await page(origin, contested[0]);
	const oneKept = [first, second].filter((a) => a.type === 'success').length === 1;
	const keptShown =
		oneKept && contestedPage.includes(kept.marker) && !contestedPage.includes(lost.marker);
	return {
		attempted: saves.length,
		saved: own.filter((a) => a.type === 'success').length,
		persisted: saves.filter((s, i) => pages[i]!.includes(s.marker)).length,
		slowestMs: Math.max(...answers.map((a) => a.ms)),
		contested: {
			kept: [first, second].filter((a) => a.type === 'success').length,
			refused: refused.length,
			keptShown,
			refusedReturned: oneKept && refused.length === 1 && refused[0]!.data.includes(lost.marker)
		}
	};
}
