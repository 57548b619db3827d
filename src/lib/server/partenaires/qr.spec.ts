import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { PNG_SCALE, QR_MARGIN, qrMatrix, qrPng, qrSvg } from './qr';
import { questionnaireUrl } from '$lib/partenaires/links';

const URL_69 = questionnaireUrl('https://portail-pdp.example.fr', {
	type: 'medecin_traitant',
	departement: '69'
});
const URL_2A = questionnaireUrl('http://127.0.0.1:4505/', {
	type: 'medecin_travail',
	departement: '2A'
});

function decodePng(buffer: Buffer): { text: string; png: PNG } {
	const png = PNG.sync.read(buffer);
	const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
	if (!code) throw new Error('QR code not readable');
	return { text: code.data, png };
}

/** The module matrix read back from the PNG: the colour at the centre of each module. */
function matrixOfPng(png: PNG, modules: number): boolean[][] {
	const rows: boolean[][] = [];
	for (let y = 0; y < modules; y++) {
		const row: boolean[] = [];
		for (let x = 0; x < modules; x++) {
			const px = (x + QR_MARGIN) * PNG_SCALE + PNG_SCALE / 2;
			const py = (y + QR_MARGIN) * PNG_SCALE + PNG_SCALE / 2;
			const i = (py * png.width + px) * 4;
			row.push(png.data[i]! < 128);
		}
		rows.push(row);
	}
	return rows;
}

/** The module matrix drawn by the SVG path (`M x y h w v1 h-w z` per run of dark modules). */
function matrixOfSvg(svg: string, modules: number): boolean[][] {
	const rows = Array.from({ length: modules }, () => Array<boolean>(modules).fill(false));
	const d = svg.match(/<path fill="#000" d="([^"]*)"\/>/)?.[1];
	if (d === undefined) throw new Error('no path');
	for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
		const [x, y, w, back] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
		expect(back).toBe(w);
		for (let i = 0; i < w; i++) rows[y - QR_MARGIN]![x - QR_MARGIN + i] = true;
	}
	// Nothing but runs in the path.
	expect(d.replace(/M\d+ \d+h\d+v1h-\d+z/g, '')).toBe('');
	return rows;
}

describe('QR codes', () => {
	it('the PNG decodes back to the exact questionnaire URL', async () => {
		for (const url of [URL_69, URL_2A]) {
			const { text } = decodePng(await qrPng(url));
			expect(text).toBe(url);
		}
		expect(URL_69).toBe(
			'https://portail-pdp.example.fr/questionnaire?source=medecin-traitant&departement=69'
		);
		expect(URL_2A).toBe(
			'http://127.0.0.1:4505/questionnaire?source=medecin-travail&departement=2A'
		);
	});

	it('the SVG is a well-formed, titled image drawing the same modules as the PNG', async () => {
		const matrix = qrMatrix(URL_69);
		const size = matrix.length;
		expect(size).toBeGreaterThanOrEqual(21);
		const svg = qrSvg(URL_69, 'QR code <de> "test" & co');
		const side = size + 2 * QR_MARGIN;
		expect(svg).toMatch(
			new RegExp(
				`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img"[^>]*>`
			)
		);
		expect(svg).toContain('<title>QR code &#60;de&#62; &#34;test&#34; &#38; co</title>');
		expect(svg.endsWith('</svg>')).toBe(true);
		// Well-formed: every opened element is closed, in order.
		const stack: string[] = [];
		for (const tag of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
			if (tag[1]) expect(stack.pop()).toBe(tag[2]);
			else if (!tag[3]) stack.push(tag[2]!);
		}
		expect(stack).toEqual([]);

		const { png } = decodePng(await qrPng(URL_69));
		expect(png.width).toBe(side * PNG_SCALE);
		const fromPng = matrixOfPng(png, size);
		const fromSvg = matrixOfSvg(svg, size);
		expect(fromSvg).toEqual(matrix);
		expect(fromPng).toEqual(matrix);
	});

	it('different links give different codes', () => {
		expect(qrMatrix(URL_69)).not.toEqual(qrMatrix(URL_2A));
	});
});
