/** How the provision map writes its numbers. */

const whole = new Intl.NumberFormat('en-GB');

/** A count with thousands separated: "1,250". */
export const formatCount = (value: number) => whole.format(value);

/** "1 pupil", "3 pupils". */
export const plural = (n: number, one: string, many = `${one}s`) =>
	`${formatCount(n)} ${n === 1 ? one : many}`;
