import { describe, expect, it } from 'vitest';
import { departementOptions, describedBy } from './field';

describe('describedBy', () => {
	it('is absent when nothing describes the field', () => {
		expect(describedBy('email', {})).toBeUndefined();
		expect(describedBy('email', { hint: '', error: undefined, extra: '' })).toBeUndefined();
	});

	it('lists the shared hints, then the own hint, then the error', () => {
		expect(describedBy('email', { hint: 'h', error: 'e', extra: 'reach-hint' })).toBe(
			'reach-hint email-hint email-error'
		);
		expect(describedBy('note', { error: 'form.required' })).toBe('note-error');
		expect(describedBy('note', { hint: 'max 500' })).toBe('note-hint');
	});
});

describe('departementOptions', () => {
	it('values each département by its code and labels it "code — name"', () => {
		expect(departementOptions([{ code: '2A', name: 'Corse-du-Sud' }])).toEqual([
			{ value: '2A', label: '2A — Corse-du-Sud' }
		]);
		expect(departementOptions([])).toEqual([]);
	});
});
