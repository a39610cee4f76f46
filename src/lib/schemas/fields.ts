import { z } from 'zod';

// Pieces the forms' schemas share.

/** A number as a message writes it: "2,000". */
export const count = (n: number) => n.toLocaleString('en-GB');

/**
 * Browsers send a textarea's line breaks as CRLF; stored text uses LF so comparisons hold. A
 * NUL character, which the database cannot store, is dropped.
 */
export const tidy = (v: string) => v.replace(/\r\n?/g, '\n').replace(/\0/g, '').trim();

/** Text tidied as above, of at most `max` characters: "The title must be 150 characters or fewer". */
export const text = (max: number, what: string) =>
	z
		.string()
		.overwrite(tidy)
		.max(max, `${what} must be ${count(max)} characters or fewer`);

/**
 * Whether none of the named fields has a problem yet, so a rule across them can be judged:
 * a refinement's `when`.
 */
export const fine =
	(...fields: string[]) =>
	({ issues }: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
		!issues.some((i) => fields.includes(String(i.path?.[0])));
