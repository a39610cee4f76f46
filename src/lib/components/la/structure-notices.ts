import { STRUCTURE_KINDS, STRUCTURE_LEVELS } from '$lib/schemas/structure';

/** What the structure pages say after a change, by the `?done=` code the change redirects with. */
export const structureNotices: Record<string, string> = Object.fromEntries(
	STRUCTURE_KINDS.flatMap((kind) => {
		const title = STRUCTURE_LEVELS[kind].title;
		return [
			[`${kind}-added`, `${title} added.`],
			[`${kind}-saved`, `${title} saved.`],
			[`${kind}-deleted`, `${title} deleted.`]
		];
	})
);
