import { describe, expect, it } from 'vitest';
import { priorityReasonFor, rapidCallbackOffered } from './priority';

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
