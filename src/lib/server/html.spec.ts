import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html';

describe('escapeHtml', () => {
	it('escapes the markup characters of text and double-quoted attributes; an apostrophe stays', () => {
		expect(escapeHtml(`<a href="x">Tom & Jerry</a>`)).toBe(
			'&#60;a href=&#34;x&#34;&#62;Tom &#38; Jerry&#60;/a&#62;'
		);
		expect(escapeHtml("l'Assurance Maladie")).toBe("l'Assurance Maladie");
	});

	it('leaves other text as it is (accents, emoji, already-escaped entities are escaped again)', () => {
		expect(escapeHtml('Prévention — désinsertion ✓')).toBe('Prévention — désinsertion ✓');
		expect(escapeHtml('&amp;')).toBe('&#38;amp;');
	});
});
