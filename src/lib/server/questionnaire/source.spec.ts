import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import {
	DEPARTEMENT_COOKIE,
	SOURCE_COOKIE,
	rememberEntryLink,
	rememberedDepartement,
	rememberedSource
} from './source';

/** A cookie jar with the part of Kit's Cookies API these functions use. */
function jar(): Cookies & { options: Map<string, unknown> } {
	const values = new Map<string, string>();
	const options = new Map<string, unknown>();
	return {
		options,
		get: (name: string) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string, opts: unknown) => {
			values.set(name, value);
			options.set(name, opts);
		},
		delete: (name: string) => void values.delete(name),
		serialize: () => ''
	} as unknown as Cookies & { options: Map<string, unknown> };
}

const visit = (cookies: Cookies, url: string) => rememberEntryLink(new URL(url), cookies);

describe('entry links: source and département remembered', () => {
	it('a QR link (hyphen form) remembers the source and the département, httpOnly, for a week', () => {
		const cookies = jar();
		visit(cookies, 'https://pdp.example/questionnaire?source=medecin-traitant&departement=01');
		expect(rememberedSource(cookies)).toBe('medecin_traitant');
		expect(rememberedDepartement(cookies)).toBe('01');
		expect(cookies.get(SOURCE_COOKIE)).toBe('medecin_traitant');
		expect(cookies.options.get(DEPARTEMENT_COOKIE)).toMatchObject({
			httpOnly: true,
			path: '/',
			sameSite: 'lax',
			secure: true,
			maxAge: 604800
		});
	});

	it('the underscore form works too; an invalid département is ignored, the source kept', () => {
		const cookies = jar();
		visit(cookies, 'http://pdp.example/?source=medecin_travail&departement=999');
		expect(rememberedSource(cookies)).toBe('medecin_travail');
		expect(rememberedDepartement(cookies)).toBeUndefined();
		expect(cookies.options.get(SOURCE_COOKIE)).toMatchObject({ secure: false });
	});

	it('a département without a valid source (the booking pages’ own query) is not remembered', () => {
		const cookies = jar();
		visit(cookies, 'https://pdp.example/rendez-vous/creneaux?departement=69&mode=telephone');
		visit(cookies, 'https://pdp.example/?source=nimporte-quoi&departement=69');
		expect(rememberedSource(cookies)).toBeUndefined();
		expect(rememberedDepartement(cookies)).toBeUndefined();
	});

	it('forged cookie values are not trusted', () => {
		const cookies = jar();
		cookies.set(SOURCE_COOKIE, 'admin', { path: '/' });
		cookies.set(DEPARTEMENT_COOKIE, '../../etc', { path: '/' });
		expect(rememberedSource(cookies)).toBeUndefined();
		expect(rememberedDepartement(cookies)).toBeUndefined();
	});
});
