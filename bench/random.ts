/**
 * A small seeded pseudo-random generator (sfc32) and the helpers the data generator draws
 * with, so that the same seed gives the same county, ids and all, on every machine.
 */

/** A generator and what it draws: numbers, choices, ids and text. */
export interface Random {
	/** A number in [0, 1). */
	next(): number;
	/** A whole number from lo to hi, both included. */
	int(lo: number, hi: number): number;
	/** True with probability p. */
	chance(p: number): boolean;
	pick<T>(values: readonly T[]): T;
	/** One value, each as likely as its weight. */
	weighted<T>(choices: readonly (readonly [T, number])[]): T;
	/** n different values in random order (all of them when n is larger). */
	sample<T>(values: readonly T[], n: number): T[];
	/** A copy in random order. */
	shuffled<T>(values: readonly T[]): T[];
	/** A version 4 UUID made of the generator's bytes. */
	uuid(): string;
	/**
	 * Sentences from `makers`, each used at most once and in random order, joined until the
	 * text is between min and max characters long (or the makers run out).
	 */
	text(makers: readonly ((r: Random) => string)[], min: number, max: number): string;
	/** An independent generator for one part of the work, so parts do not shift each other. */
	fork(label: string): Random;
}

/** Four 32-bit words from a string (cyrb128), to seed sfc32 with. */
function hash128(text: string): [number, number, number, number] {
	let h1 = 1779033703;
	let h2 = 3144134277;
	let h3 = 1013904242;
	let h4 = 2773480762;
	for (let i = 0; i < text.length; i++) {
		const k = text.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The text of 32 bits as eight hex digits. */
const hex32 = (n: number) =>
	HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/** A generator seeded from a number or a label; equal seeds give equal sequences. */
export function random(seed: number | string): Random {
	const label = String(seed);
	let [a, b, c, d] = hash128(label);
	const word = () => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
	// The first outputs of sfc32 still show the seed; skip them.
	for (let i = 0; i < 12; i++) word();
	const next = () => word() / 4294967296;
	const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
	const shuffled = <T>(values: readonly T[]) => {
		const out = [...values];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1));
			[out[i], out[j]] = [out[j]!, out[i]!];
		}
		return out;
	};
	const self: Random = {
		next,
		int,
		chance: (p) => next() < p,
		pick: (values) => values[Math.floor(next() * values.length)]!,
		weighted(choices) {
			let roll = next() * choices.reduce((sum, [, w]) => sum + w, 0);
			for (const [value, weight] of choices) {
				roll -= weight;
				if (roll < 0) return value;
			}
			return choices[choices.length - 1]![0];
		},
		sample: (values, n) => shuffled(values).slice(0, n),
		shuffled,
		uuid() {
			const w1 = word();
			const w2 = ((word() & 0xffff0fff) | 0x00004000) >>> 0;
			const w3 = ((word() & 0x3fffffff) | 0x80000000) >>> 0;
			const w4 = word();
			const h = hex32(w1) + hex32(w2) + hex32(w3) + hex32(w4);
			return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
		},
		text(makers, min, max) {
			const target = int(min, max);
			let out = '';
			for (const make of shuffled(makers)) {
				if (out.length >= target) break;
				const sentence = make(self);
				if (out.length >= min && out.length + sentence.length + 1 > max) break;
				out = out ? `${out} ${sentence}` : sentence;
			}
			if (out.length <= max) return out;
			// One long first sentence: end it at a word instead.
			return `${out.slice(0, out.lastIndexOf(' ', max - 1)).replace(/[,;:.]$/, '')}.`;
		},
		fork: (part) => random(`${label}/${part}`)
	};
	return self;
}
