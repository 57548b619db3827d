/**
 * Test helper: parses what `toCsv` (src/lib/stats/csv.ts) writes — BOM stripped, quotes
 * handled — so that tests read an export the way a spreadsheet would.
 */
import { CSV_SEPARATOR, UTF8_BOM } from '../../src/lib/stats/csv';

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
