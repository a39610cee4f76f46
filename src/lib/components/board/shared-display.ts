/** The id of a section's heading on a setting's shared results page, for links to it. */
export const sharedSectionAnchor = (code: string) =>
	`section-${code
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')}`;

const channel = (hex: string, at: number) => {
	const c = parseInt(hex.slice(at, at + 2), 16) / 255;
	return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** WCAG relative luminance of a #rrggbb colour. */
const luminance = (hex: string) =>
	0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);

/**
 * Whether text on a cell of this colour should be black or white: whichever contrasts more,
 * which for any colour is at least 4.5:1, so an LA's choice of colours never makes a level
 * unreadable. Anything but #rrggbb gets black, on the default light cell.
 */
export function inkOn(colour: string): 'dark' | 'light' {
	if (!/^#[0-9a-f]{6}$/i.test(colour)) return 'dark';
	const l = luminance(colour);
	return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? 'dark' : 'light';
}

export interface GridCell {
	row: number;
	col: number;
}

/**
 * Where a key press moves focus in a grid of rows × cols, as the ARIA grid pattern has it:
 * arrows a cell at a time (stopping at the edges), Home and End to the row's ends, and with
 * Ctrl to the grid's first and last cells. Null for keys the grid leaves alone.
 */
export function gridMove(
	key: string,
	ctrl: boolean,
	at: GridCell,
	size: { rows: number; cols: number }
): GridCell | null {
	const last = { row: size.rows - 1, col: size.cols - 1 };
	switch (key) {
		case 'ArrowRight':
			return { row: at.row, col: Math.min(at.col + 1, last.col) };
		case 'ArrowLeft':
			return { row: at.row, col: Math.max(at.col - 1, 0) };
		case 'ArrowDown':
			return { row: Math.min(at.row + 1, last.row), col: at.col };
		case 'ArrowUp':
			return { row: Math.max(at.row - 1, 0), col: at.col };
		case 'Home':
			return ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 };
		case 'End':
			return ctrl ? last : { row: at.row, col: last.col };
		default:
			return null;
	}
}
