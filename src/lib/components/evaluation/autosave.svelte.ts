/** Field name → messages, as a failed save reports them. */
export type FieldErrors = Partial<Record<string, string[]>>;

/** What one save came back with. */
export type SaveOutcome<Conflict> =
	| { kind: 'saved'; version: number; savedAt: Date }
	| { kind: 'invalid'; errors: FieldErrors }
	| { kind: 'conflict'; conflict: Conflict }
	| { kind: 'locked'; message: string }
	| { kind: 'failed' };

/**
 * Where saving stands: `pending` while changes wait out the pause, `conflict` and `locked`
 * stop saving until the person decides (or the page reloads read-only).
 */
export type SaveState =
	'idle' | 'pending' | 'saving' | 'saved' | 'failed' | 'invalid' | 'conflict' | 'locked';

export interface Timers {
	set: (run: () => void, ms: number) => unknown;
	clear: (handle: unknown) => void;
}

const browserTimers: Timers = {
	set: (run, ms) => setTimeout(run, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export interface AutosaveOptions<Conflict> {
	/** The version the form was read at (0 before the first save). */
	version: number;
	/** When what the form opened with was saved. */
	savedAt?: Date | null;
	/** Problems or a conflict the page opened with (a form posted without JavaScript). */
	errors?: FieldErrors;
	conflict?: Conflict | null;
	/** The form's fields as they stand now, without the version. */
	read: () => FormData;
	/** Posts one save; a rejected promise counts as a failed save. */
	send: (body: FormData) => Promise<SaveOutcome<Conflict>>;
	delayMs?: number;
	timers?: Timers;
}

/**
 * Saves a form in the background: a pause after the last change, or at once when asked. Only
 * one save is ever in flight; a change made meanwhile is sent when it returns, read afresh
 * then so it carries the newest text and the version that save produced.
 */
export class Autosave<Conflict> {
	state = $state<SaveState>('idle');
	version = $state(0);
	savedAt = $state<Date | null>(null);
	errors = $state<FieldErrors>({});
	conflict = $state<Conflict | null>(null);
	lockedMessage = $state<string | null>(null);

	// Changes are counted so a save knows which of them it carried.
	#edits = $state(0);
	#savedEdits = $state(0);
	#running: Promise<void> | null = null;
	#again = false;
	#timer: unknown = null;
	#options: AutosaveOptions<Conflict>;

	constructor(options: AutosaveOptions<Conflict>) {
		this.#options = options;
		this.version = options.version;
		this.savedAt = options.savedAt ?? null;
		this.errors = options.errors ?? {};
		if (options.conflict) this.conflict = options.conflict;
		const stuck = options.conflict
			? 'conflict'
			: Object.keys(this.errors).length
				? 'invalid'
				: null;
		if (stuck) {
			// The form holds what was posted, not what is saved: it still needs saving.
			this.#edits = 1;
			this.state = stuck;
		}
	}

	/** Whether there are changes no save has yet carried. */
	get dirty() {
		return this.#edits > this.#savedEdits;
	}

	/** Whether saving waits on the person (a conflict) or has stopped for good (locked). */
	get paused() {
		return this.state === 'conflict' || this.state === 'locked';
	}

	/** Something in the form changed: save once the person pauses. */
	changed() {
		this.#edits++;
		if (this.paused) return;
		if (this.state !== 'saving') this.state = 'pending';
		this.#clearTimer();
		const timers = this.#options.timers ?? browserTimers;
		this.#timer = timers.set(() => void this.flush(), this.#options.delayMs ?? 1200);
	}

	/** Saves now whatever has not been saved; resolves once nothing is left to send. */
	flush(): Promise<void> {
		this.#clearTimer();
		if (this.paused) return Promise.resolve();
		if (this.#running) {
			if (this.dirty) this.#again = true;
			return this.#running;
		}
		if (!this.dirty) return Promise.resolve();
		this.#running = this.#run().finally(() => (this.#running = null));
		return this.#running;
	}

	/**
	 * Ends a conflict on the other person's version: `save` sends the form as it now stands
	 * over theirs; `adopt` takes theirs as what is saved (the form has been set to it).
	 */
	resume(version: number, how: 'save' | 'adopt', savedAt: Date | null = null): Promise<void> {
		this.conflict = null;
		this.errors = {};
		this.version = version;
		if (how === 'adopt') {
			this.#savedEdits = this.#edits;
			this.savedAt = savedAt;
			this.state = 'saved';
			return Promise.resolve();
		}
		this.#edits++;
		this.state = 'pending';
		return this.flush();
	}

	/** Stops the pause timer (the component is going away; call flush first to keep changes). */
	stop() {
		this.#clearTimer();
	}

	async #run() {
		do {
			this.#again = false;
			const edits = this.#edits;
			const body = this.#options.read();
			body.set('version', String(this.version));
			this.state = 'saving';
			let outcome: SaveOutcome<Conflict>;
			try {
				outcome = await this.#options.send(body);
			} catch {
				outcome = { kind: 'failed' };
			}
			this.#apply(outcome, edits);
		} while (this.#again && this.#keepGoing());
	}

	/** Whether the last save leaves the way clear for the next (its state is set by #apply). */
	#keepGoing() {
		return this.state === 'saved' || this.state === 'pending';
	}

	#apply(outcome: SaveOutcome<Conflict>, edits: number) {
		switch (outcome.kind) {
			case 'saved':
				this.version = outcome.version;
				this.savedAt = outcome.savedAt;
				this.#savedEdits = Math.max(this.#savedEdits, edits);
				this.errors = {};
				this.state = this.dirty ? 'pending' : 'saved';
				return;
			case 'invalid':
				this.errors = outcome.errors;
				this.state = 'invalid';
				return;
			case 'conflict':
				this.#clearTimer();
				this.conflict = outcome.conflict;
				this.state = 'conflict';
				return;
			case 'locked':
				this.#clearTimer();
				this.lockedMessage = outcome.message;
				this.state = 'locked';
				return;
			case 'failed':
				this.state = 'failed';
		}
	}

	#clearTimer() {
		if (this.#timer === null) return;
		(this.#options.timers ?? browserTimers).clear(this.#timer);
		this.#timer = null;
	}
}
