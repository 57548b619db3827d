import { describe, expect, it } from 'vitest';
import { gsm7Length, segmentCount, toGsm7 } from './gsm7';

describe('toGsm7', () => {
	it('keeps the French letters of the GSM alphabet', () => {
		expect(toGsm7('déjà réglé, où à ÉTÉ')).toBe('déjà réglé, où à ÉTÉ');
	});

	it('drops the accents the alphabet lacks', () => {
		expect(toGsm7('Rhône, fenêtre, reçu, île, août, cœur, Noël')).toBe(
			'Rhone, fenetre, recu, ile, aout, coeur, Noel'
		);
	});

	it('writes typographic spaces, quotes and dashes plainly', () => {
		expect(toGsm7('10\u202fh\u00a030 – l’accueil « ici »…')).toBe(
			'10 h 30 - l\'accueil " ici "...'
		);
	});

	it('marks what has no form at all', () => {
		expect(toGsm7('RDV ✓ 你')).toBe('RDV ? ?');
	});
});

describe('segments', () => {
	it('counts the extension characters twice', () => {
		expect(gsm7Length('10 €')).toBe(5);
		expect(gsm7Length('abc')).toBe(3);
	});

	it('fits 160 septets in one SMS, then 153 per part', () => {
		expect(segmentCount('a'.repeat(160))).toBe(1);
		expect(segmentCount('a'.repeat(161))).toBe(2);
		expect(segmentCount('a'.repeat(306))).toBe(2);
		expect(segmentCount('a'.repeat(307))).toBe(3);
		expect(segmentCount('€'.repeat(81))).toBe(2);
	});
});
