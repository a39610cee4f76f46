/** How the provision map writes its numbers. */

const hours = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-GB');

/** Hours to a tenth: "12.5". */
export const formatHours = (value: number) => hours.format(value);

/** A share as a percentage: "33%", or "10.2%" to a tenth. */
export const formatShare = (share: number, digits = 0) =>
	`${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: digits })}%`;

/** A count with thousands separated: "1,250". */
export const formatCount = (value: number) => whole.format(value);

/** "1 pupil", "3 pupils". */
export const plural = (n: number, one: string, many = `${one}s`) =>
	`${formatCount(n)} ${n === 1 ? one : many}`;
