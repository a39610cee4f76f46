/** The 1-based page number in a query string; anything odd becomes page 1. */
export function pageParam(params: URLSearchParams, max = 10_000): number {
	const n = Number(params.get('page'));
	return Number.isInteger(n) && n >= 1 && n <= max ? n : 1;
}
