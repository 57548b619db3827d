import { describe, expect, it } from 'vitest';
import { errorsOf, valuesOf } from './posted-form';

describe('the posted form of a page with several forms', () => {
	const posted = { form: 'note', errors: { note: 'form.required' }, values: { note: ' ' } };

	it("gives that form's errors and values", () => {
		expect(errorsOf(posted, 'note')).toEqual({ note: 'form.required' });
		expect(valuesOf(posted, 'note')).toEqual({ note: ' ' });
	});

	it('gives nothing for the other forms, or when nothing was posted', () => {
		expect(errorsOf(posted, 'close')).toEqual({});
		expect(valuesOf(posted, 'close')).toEqual({});
		expect(errorsOf(null, 'note')).toEqual({});
		expect(valuesOf(undefined, 'note')).toEqual({});
	});

	it('copes with a failure that carries no errors or no values', () => {
		expect(errorsOf({ form: 'note' }, 'note')).toEqual({});
		expect(valuesOf({ form: 'note', errors: {} }, 'note')).toEqual({});
	});
});
