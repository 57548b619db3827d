/**
 * QR codes of the links given to people (docs/partenaires.md, ADR 016), drawn by the portal itself: no
 * external service ever sees the link. The SVG is built from the same module matrix as the
 * PNG (the `qrcode` package), so both encode exactly the same symbol.
 */
import QRCode from 'qrcode';
import { escapeHtml } from '$lib/server/html';

/** Error correction M (15 %): a printed code stays readable when a little smudged. */
const OPTIONS = { errorCorrectionLevel: 'M' } as const;
/** The quiet zone the standard asks for, in modules. */
export const QR_MARGIN = 4;
/** PNG pixels per module: 8 gives a ~360 px image for a typical link, sharp when printed. */
export const PNG_SCALE = 8;

/** The dark/light modules of the symbol, row by row (without the quiet zone). */
export function qrMatrix(text: string): boolean[][] {
	const { modules } = QRCode.create(text, OPTIONS);
	const rows: boolean[][] = [];
	for (let y = 0; y < modules.size; y++) {
		const row: boolean[] = [];
		for (let x = 0; x < modules.size; x++) row.push(Boolean(modules.get(y, x)));
		rows.push(row);
	}
	return rows;
}

/**
 * The code as an SVG document: one path, one horizontal run of dark modules per segment,
 * with the quiet zone. `title` is the accessible name (e.g. "QR code of <url>").
 */
export function qrSvg(text: string, title: string): string {
	const matrix = qrMatrix(text);
	const size = matrix.length + 2 * QR_MARGIN;
	let d = '';
	matrix.forEach((row, y) => {
		let x = 0;
		while (x < row.length) {
			if (!row[x]) {
				x++;
				continue;
			}
			const start = x;
			while (x < row.length && row[x]) x++;
			d += `M${start + QR_MARGIN} ${y + QR_MARGIN}h${x - start}v1h${start - x}z`;
		}
	});
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" shape-rendering="crispEdges">` +
		`<title>${escapeHtml(title)}</title>` +
		`<rect width="${size}" height="${size}" fill="#fff"/>` +
		`<path fill="#000" d="${d}"/>` +
		`</svg>`
	);
}

/** The code as a PNG (black on white, quiet zone included). */
export function qrPng(text: string): Promise<Buffer> {
	return QRCode.toBuffer(text, {
		...OPTIONS,
		type: 'png',
		margin: QR_MARGIN,
		scale: PNG_SCALE,
		color: { dark: '#000000ff', light: '#ffffffff' }
	});
}
