import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../tests/helpers/csv';
import { csvCell, toCsv, UTF8_BOM } from './csv';

describe('CSV for French spreadsheets', () => {
	it('writes a BOM, `;` separators, CRLF, decimal commas', () => {
		const csv = toCsv(
			['Mois', 'Part'],
			[
				['2026-01', 0.5],
				['Total', null]
			]
		);
		expect(csv.startsWith(UTF8_BOM)).toBe(true);
		expect(csv).toBe(`${UTF8_BOM}Mois;Part\r\n2026-01;0,5\r\nTotal;\r\n`);
		expect(toCsv(['a'], [[1.25]], '.')).toBe(`${UTF8_BOM}a\r\n1.25\r\n`);
	});

	it('never lets a cell start a formula, and quotes what needs quoting', () => {
		expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		expect(csvCell('+33')).toBe("'+33");
		expect(csvCell('-1')).toBe("'-1");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tx')).toBe("'\tx");
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('ligne\nsuivante')).toBe('"ligne\nsuivante"');
		expect(csvCell('Médecin traitant')).toBe('Médecin traitant');
		expect(csvCell(12)).toBe('12');
		expect(csvCell(Number.NaN)).toBe('');
	});

	it('parses back what it writes', () => {
		const rows = [
			['=1+1', 'a;b', 'dit "oui"'],
			['x', 2.5, null]
		] as const;
		const parsed = parseCsv(toCsv(['h1', 'h2', 'h3'], rows));
		expect(parsed).toEqual([
			['h1', 'h2', 'h3'],
			["'=1+1", 'a;b', 'dit "oui"'],
			['x', '2,5', '']
		]);
	});
});
