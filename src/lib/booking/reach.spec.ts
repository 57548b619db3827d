import { describe, expect, it } from 'vitest';
import { reachRuleFor } from './reach';

describe('reachRuleFor', () => {
	it('asks a phone number for a phone rendez-vous, an e-mail for a video one, either otherwise', () => {
		expect(reachRuleFor('telephone')).toBe('telephone');
		expect(reachRuleFor('visio')).toBe('email');
		expect(reachRuleFor('accueil')).toBe('either');
		expect(reachRuleFor(undefined)).toBe('either');
	});
});
