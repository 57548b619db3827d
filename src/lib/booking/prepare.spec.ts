import { describe, expect, it } from 'vitest';
import { createI18n } from '$lib/server/i18n';
import { prepareItems } from './prepare';

describe('prepareItems', () => {
	it('lists what every rendez-vous needs, then what its mode adds', () => {
		const common = ['nir', 'arret', 'work', 'papers', 'questions'].map(
			(k) => `booking:manage.prepare.${k}`
		);
		expect(prepareItems('telephone')).toEqual(common);
		expect(prepareItems('visio')).toEqual([...common, 'booking:manage.prepare.visio']);
		expect(prepareItems('accueil')).toEqual([...common, 'booking:manage.prepare.accueil']);
	});

	it('asks less for a callback request (nothing to bring)', () => {
		expect(prepareItems('rappel')).toEqual(
			['nir', 'arret', 'work', 'questions'].map((k) => `booking:manage.prepare.${k}`)
		);
	});

	it('has a text in French and in English for every item', () => {
		for (const locale of ['fr', 'en'] as const) {
			const { t } = createI18n(locale);
			for (const key of new Set([...prepareItems('visio'), ...prepareItems('accueil')])) {
				expect(t(key), `${locale} ${key}`).not.toBe(key.split(':')[1]);
				expect(t(key)).not.toBe(key);
			}
		}
	});
});
