import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	QUESTIONNAIRE_VERSION,
	variants,
	arrets,
	questions,
	rqthAnswers,
	sources,
	statuts
} from '$lib/questionnaire/definition';
import { locales } from '$lib/i18n/config';
import { escalationRules } from '$lib/scoring/score';
import { levels } from '$lib/scoring/types';
import { createI18n } from '$lib/server/i18n';
import { apiErrorCodes } from './http';
import { apiIssueCodes } from './issues';

/** Keeps docs/openapi.yaml and the api locale files in step with the code. */

const openapi = readFileSync(new URL('../../../../docs/openapi.yaml', import.meta.url), 'utf8');
const enumLine = (values: readonly string[]) => `enum: [${values.join(', ')}]`;

describe('partner API contract', () => {
	it('has a message for every error and issue code, in every locale', () => {
		for (const locale of locales) {
			const { i18n } = createI18n(locale);
			const keys = [
				...apiErrorCodes.map((c) => `api:errors.${c}`),
				...apiIssueCodes.map((c) => `api:issues.${c}`),
				...['array', 'boolean', 'number', 'object', 'string'].map((t) => `api:types.${t}`)
			];
			const missing = keys.filter((key) => !i18n.exists(key, { lng: locale, fallbackLng: false }));
			expect({ locale, missing }).toEqual({ locale, missing: [] });
		}
	});

	it('documents the current enums in docs/openapi.yaml', () => {
		const expected = [
			enumLine(apiErrorCodes),
			enumLine(apiIssueCodes),
			enumLine(statuts),
			enumLine(arrets),
			enumLine(rqthAnswers),
			enumLine(sources),
			enumLine(levels),
			enumLine(escalationRules.map((r) => r.rule)),
			`required: [${questions.map((q) => q.id).join(', ')}]`,
			`'${QUESTIONNAIRE_VERSION}'`,
			enumLine(variants)
		];
		for (const q of questions) {
			if (q.kind !== 'choice') continue;
			const ids = [q.options, ...Object.values(q.variantOptions ?? {})].flat().map((o) => o.id);
			expected.push(enumLine(ids));
		}
		expect(expected.filter((line) => !openapi.includes(line))).toEqual([]);
	});
});
