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
