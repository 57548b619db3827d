import { describe, expect, it } from 'vitest';
import { demandePriority, priorityReasonFor, rapidCallbackOffered } from './priority';

describe('rapid callback', () => {
	it('is offered on distress or a high risk only', () => {
		expect(rapidCallbackOffered({ level: 'eleve', distress: false })).toBe(true);
		expect(rapidCallbackOffered({ level: 'faible', distress: true })).toBe(true);
		expect(rapidCallbackOffered({ level: 'modere', distress: false })).toBe(false);
		expect(rapidCallbackOffered({ level: 'faible', distress: false })).toBe(false);
		expect(rapidCallbackOffered(null)).toBe(false);
		expect(rapidCallbackOffered(undefined)).toBe(false);
	});

	it('records distress only when the person sent their result', () => {
		expect(priorityReasonFor({ level: 'faible', distress: true }, true)).toBe('detresse');
		expect(priorityReasonFor({ level: 'eleve', distress: true }, false)).toBe('rappel_rapide');
		expect(priorityReasonFor({ level: 'eleve', distress: false }, true)).toBe('rappel_rapide');
	});

	it('makes nothing prioritaire when the rapid callback is not offered', () => {
		expect(priorityReasonFor({ level: 'modere', distress: false }, true)).toBeNull();
		expect(priorityReasonFor(null, false)).toBeNull();
	});
});

describe('demande priority', () => {
	it('is detresse for any demande whose shared result suggests distress', () => {
		expect(demandePriority(null, { distress: true })).toBe('detresse');
		expect(demandePriority('rappel_rapide', { distress: true })).toBe('detresse');
	});

	it('keeps the rapid callback reason, and is none otherwise', () => {
		expect(demandePriority('rappel_rapide', null)).toBe('rappel_rapide');
		expect(demandePriority('rappel_rapide', { distress: false })).toBe('rappel_rapide');
		expect(demandePriority(null, { distress: false })).toBeNull();
		expect(demandePriority(undefined, null)).toBeNull();
	});
});
