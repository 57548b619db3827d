/**
 * CSV for French spreadsheet software: `;` separator, CRLF line ends, a UTF-8 byte order mark
 * (so accents open correctly), and cells that can never run as a formula.
 */

export const CSV_SEPARATOR = ';';
export const UTF8_BOM = '\uFEFF';

/** Characters a spreadsheet may read as the start of a formula (CSV / formula injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: numbers as they are (with the locale's decimal mark), text prefixed with `'` when it
 * could start a formula, quoted when it holds a separator, a quote or a line break.
 */
export function csvCell(value: string | number | null, decimalMark: ',' | '.' = ','): string {
	if (value === null) return '';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return '';
		const text = String(value);
		return decimalMark === ',' ? text.replace('.', ',') : text;
	}
	let text = value;
	if (FORMULA_START.test(text)) text = `'${text}`;
	if (/[";\r\n,]/.test(text)) text = `"${text.replaceAll('"', '""')}"`;
	return text;
}

/** The whole file: BOM, header, rows. */
export function toCsv(
	header: readonly string[],
	rows: readonly (readonly (string | number | null)[])[],
	decimalMark: ',' | '.' = ','
): string {
	const line = (cells: readonly (string | number | null)[]) =>
		cells.map((cell) => csvCell(cell, decimalMark)).join(CSV_SEPARATOR);
	return UTF8_BOM + [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

/** Parses what `toCsv` writes (for tests and checks): BOM stripped, quotes handled. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
	for (let i = 0; i < body.length; i += 1) {
		const char = body[i]!;
		if (quoted) {
			if (char === '"' && body[i + 1] === '"') {
				cell += '"';
				i += 1;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === CSV_SEPARATOR) {
			row.push(cell);
			cell = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && body[i + 1] === '\n') i += 1;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += char;
	}
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}
