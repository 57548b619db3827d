import { describe, expect, it } from 'vitest';
import { summaryEntries } from './error-summary';

describe('summaryEntries', () => {
	it('lists a message carried by two fields once, linked to the first field', () => {
		const errors = {
			nom: 'booking:errors.nom',
			email: 'booking:errors.reachable',
			telephone: 'booking:errors.reachable'
		};
		expect(summaryEntries(errors, { form: 'nom' })).toEqual([
			{ href: '#nom', key: 'booking:errors.nom' },
			{ href: '#email', key: 'booking:errors.reachable' }
		]);
	});

	it('links a field to its own id when it has one in fieldIds', () => {
		expect(summaryEntries({ form: 'common:form.invalid' }, { form: 'nom' })).toEqual([
			{ href: '#nom', key: 'common:form.invalid' }
		]);
	});
});
