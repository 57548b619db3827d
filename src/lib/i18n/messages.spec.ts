import { describe, expect, it } from 'vitest';
import { jsonDataBlock, messagesDataBlock, namespacesFor, pickMessages } from './messages';
import { resources } from './resources';
import { namespaces } from './config';

describe('namespacesFor', () => {
	it('gives every page common and questionnaire, and each area its own namespaces', () => {
		expect(namespacesFor(null)).toEqual(['common', 'questionnaire']);
		expect(namespacesFor('/rendez-vous/coordonnees')).toEqual([
			'common',
			'questionnaire',
			'booking'
		]);
		expect(namespacesFor('/questionnaire/resultat')).toContain('dispositifs');
		expect(namespacesFor('/espace-pro/agendas/[id]')).toEqual([
			'common',
			'questionnaire',
			'staff',
			'backoffice',
			'agendas'
		]);
		expect(namespacesFor('/mentions-legales')).toContain('legal');
		expect(namespacesFor('/questionnaire/profil')).not.toContain('booking');
		expect(namespacesFor('/c/[code]/[[departement]]')).toContain('campagnes');
		expect(namespacesFor('/confidentialite')).not.toContain('campagnes');
	});
});

describe('pickMessages', () => {
	it('gives exactly the asked namespaces of the locale, the same object for the same request', () => {
		const picked = pickMessages('en', ['common', 'booking']);
		expect(Object.keys(picked)).toEqual(['common', 'booking']);
		expect(picked.booking).toBe(resources.en.booking);
		expect(pickMessages('en', ['common', 'booking'])).toBe(picked);
		expect(pickMessages('fr', ['common', 'booking']).common).toBe(resources.fr.common);
	});
});

describe('messagesDataBlock', () => {
	const parse = (block: string) => {
		const match = block.match(
			/^<script type="application\/json" id="pdp-messages">([\s\S]*)<\/script>$/
		);
		expect(match).not.toBeNull();
		return JSON.parse(match![1]!);
	};

	it('is an inert JSON data block holding the messages, round-trip exact', () => {
		const block = messagesDataBlock('fr', ['common', 'questionnaire']);
		expect(parse(block)).toEqual({
			common: resources.fr.common,
			questionnaire: resources.fr.questionnaire
		});
	});

	it('has no "<" at all, so that no message can close the element or open a comment', () => {
		// The legal pages hold the most text; every namespace is checked.
		const block = messagesDataBlock('en', namespaces);
		expect(
			block.slice('<script type="application/json" id="pdp-messages">'.length, -'</script>'.length)
		).not.toContain('<');
		expect(JSON.stringify(parse(block))).toBe(JSON.stringify(pickMessages('en', namespaces)));
	});

	it('escapes a string that tries to end the script or open a comment', () => {
		const hostile = { common: { x: '</script><script>alert(1)</script><!-- & "quotes" \u2028' } };
		const block = jsonDataBlock('pdp-messages', hostile);
		expect(block.match(/<\/script>/g)).toHaveLength(1);
		expect(block).not.toContain('<!--');
		expect(parse(block)).toEqual(hostile);
	});
});
