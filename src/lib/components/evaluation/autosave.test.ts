import { describe, expect, it } from 'vitest';
import { Autosave, type SaveOutcome, type Timers } from './autosave.svelte';

/** Timers that run only when the test says the time has come. */
function manualTimers() {
	let pending: (() => void) | null = null;
	const timers: Timers = {
		set: (run) => {
			pending = run;
			return run;
		},
		clear: (handle) => {
			if (pending === handle) pending = null;
		}
	};
	return {
		timers,
		get waiting() {
			return pending !== null;
		},
		elapse() {
			const run = pending;
			pending = null;
			run?.();
		}
	};
}

/** A server whose answers the test hands out one at a time, recording what was sent. */
function fakeServer() {
	const sent: { text: string; version: string }[] = [];
	const answers: ((outcome: SaveOutcome<string>) => void)[] = [];
	return {
		sent,
		get inFlight() {
			return answers.length;
		},
		send: (body: FormData) => {
			sent.push({ text: body.get('text') as string, version: body.get('version') as string });
			return new Promise<SaveOutcome<string>>((resolve) => answers.push(resolve));
		},
		answer: async (outcome: SaveOutcome<string>) => {
			answers.shift()!(outcome);
			// Let the save's continuation run.
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
	};
}

function setUp(version = 0) {
	const clock = manualTimers();
	const server = fakeServer();
	const form = { text: '' };
	const autosave = new Autosave<string>({
		version,
		read: () => {
			const body = new FormData();
			body.set('text', form.text);
			return body;
		},
		send: server.send,
		timers: clock.timers
	});
	const type = (text: string) => {
		form.text = text;
		autosave.changed();
	};
	return { clock, server, autosave, type };
}

const saved = (version: number): SaveOutcome<string> => ({
	kind: 'saved',
	version,
	savedAt: new Date('2026-10-01T10:00:00Z')
});

describe('Autosave', () => {
	it('saves once after the pause, with the version it was read at', async () => {
		const { clock, server, autosave, type } = setUp(3);
		type('a');
		type('ab');
		expect(autosave.state).toBe('pending');
		expect(autosave.dirty).toBe(true);
		expect(server.sent).toEqual([]);
		clock.elapse();
		expect(server.sent).toEqual([{ text: 'ab', version: '3' }]);
		expect(autosave.state).toBe('saving');
		await server.answer(saved(4));
		expect(autosave.state).toBe('saved');
		expect(autosave.version).toBe(4);
		expect(autosave.dirty).toBe(false);
	});

	it('never has two saves in flight, and sends the latest text with the new version', async () => {
		const { clock, server, autosave, type } = setUp(0);
		type('first');
		void autosave.flush();
		type('second');
		type('third');
		clock.elapse();
		expect(server.inFlight).toBe(1);
		await server.answer(saved(1));
		expect(server.sent).toEqual([
			{ text: 'first', version: '0' },
			{ text: 'third', version: '1' }
		]);
		expect(autosave.state).toBe('saving');
		await server.answer(saved(2));
		expect(autosave.state).toBe('saved');
		expect(autosave.dirty).toBe(false);
	});

	it('a failed save keeps the changes for a retry', async () => {
		const { server, autosave, type } = setUp(0);
		type('text');
		void autosave.flush();
		await server.answer({ kind: 'failed' });
		expect(autosave.state).toBe('failed');
		expect(autosave.dirty).toBe(true);
		void autosave.flush();
		await server.answer(saved(1));
		expect(server.sent.map((s) => s.text)).toEqual(['text', 'text']);
		expect(autosave.state).toBe('saved');
	});

	it('does nothing when asked to save with nothing changed', async () => {
		const { server, autosave } = setUp(2);
		await autosave.flush();
		expect(server.sent).toEqual([]);
		expect(autosave.state).toBe('idle');
	});

	it('pauses on a conflict until the person chooses, then saves over their version', async () => {
		const { clock, server, autosave, type } = setUp(1);
		type('mine');
		void autosave.flush();
		await server.answer({ kind: 'conflict', conflict: 'theirs' });
		expect(autosave.state).toBe('conflict');
		expect(autosave.conflict).toBe('theirs');
		type('mine, more');
		expect(clock.waiting).toBe(false);
		await autosave.flush();
		expect(server.sent).toHaveLength(1);

		const done = autosave.resume(5, 'save');
		expect(server.sent.at(-1)).toEqual({ text: 'mine, more', version: '5' });
		await server.answer(saved(6));
		await done;
		expect(autosave.conflict).toBeNull();
		expect(autosave.state).toBe('saved');
		expect(autosave.version).toBe(6);
	});

	it('taking their version leaves nothing to save', async () => {
		const { server, autosave, type } = setUp(1);
		type('mine');
		void autosave.flush();
		await server.answer({ kind: 'conflict', conflict: 'theirs' });
		await autosave.resume(7, 'adopt', new Date('2026-10-01T09:00:00Z'));
		expect(autosave.state).toBe('saved');
		expect(autosave.version).toBe(7);
		expect(autosave.dirty).toBe(false);
		expect(server.sent).toHaveLength(1);
	});

	it('stops for good once the evaluation is locked', async () => {
		const { clock, server, autosave, type } = setUp(1);
		type('late');
		void autosave.flush();
		await server.answer({ kind: 'locked', message: 'Submitted' });
		type('later');
		expect(clock.waiting).toBe(false);
		expect(autosave.state).toBe('locked');
		expect(autosave.lockedMessage).toBe('Submitted');
	});

	it('keeps field errors until a save succeeds', async () => {
		const { server, autosave, type } = setUp(0);
		type('x');
		void autosave.flush();
		await server.answer({ kind: 'invalid', errors: { narrative: ['Too long'] } });
		expect(autosave.state).toBe('invalid');
		expect(autosave.errors).toEqual({ narrative: ['Too long'] });
		type('y');
		void autosave.flush();
		await server.answer(saved(1));
		expect(autosave.errors).toEqual({});
	});
});
