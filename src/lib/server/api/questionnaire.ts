/**
 * The questionnaire definition as the partner API publishes it (GET /api/v1/questionnaire):
 * ids, points and scale bounds from $lib/questionnaire/definition, texts from the
 * `questionnaire` locale namespace. Schema: docs/openapi.yaml (QuestionnaireDocument).
 */
import type { i18n } from 'i18next';
import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { departements } from '$lib/departements/data';
import {
	QUESTIONNAIRE_VERSION,
	arrets,
	fields,
	questions,
	rqthAnswers,
	sources,
	statuts,
	variantFor,
	variants,
	type ChoiceOption,
	type Field,
	type OtherVariant,
	type Question,
	type QuestionId,
	type Variant
} from '$lib/questionnaire/definition';

export interface LabelledOption {
	id: string;
	label: string;
	points: number;
}

export interface ProfileOption {
	value: string;
	label: string;
}

export interface ProfileQuestion<O extends ProfileOption = ProfileOption> {
	label: string;
	options: O[];
}

export interface QuestionTexts {
	label: string;
	/** Present only when the locale files have a help text for it. */
	help?: string;
}

export type VariantTexts = QuestionTexts & { options?: LabelledOption[] };

export type PublishedQuestion = QuestionTexts & {
	id: QuestionId;
	field: Field;
	/** Travailleur indépendant wording, when it differs from the salarié one. */
	ti?: VariantTexts;
	/** « Autre situation » wording (since 2026.2), when it differs from the salarié one. */
	autre?: VariantTexts;
} & (
		| { kind: 'choice'; options: LabelledOption[] }
		| {
				kind: 'scale';
				scale: { min: number; max: number; reversed: boolean; minLabel: string; maxLabel: string };
		  }
	);

export interface QuestionnaireDocument {
	version: string;
	language: Locale;
	variants: Variant[];
	fields: { id: Field; label: string }[];
	/** The profile questions (not scored): their label and allowed values. */
	profile: {
		statut: ProfileQuestion<ProfileOption & { variant: Variant }>;
		arret: ProfileQuestion;
		rqth: ProfileQuestion;
		source: ProfileQuestion;
		/** Codes and names (proper nouns, the same in every language). */
		departement: ProfileQuestion;
	};
	questions: PublishedQuestion[];
}

const Q = 'questionnaire:questions';

function texts(instance: i18n, prefix: string): QuestionTexts {
	const out: QuestionTexts = { label: instance.t(`${prefix}.label`) };
	if (instance.exists(`${prefix}.help`)) out.help = instance.t(`${prefix}.help`);
	return out;
}

function labelled(
	instance: i18n,
	prefix: string,
	options: readonly ChoiceOption[]
): LabelledOption[] {
	return options.map(({ id, points }) => ({ id, label: instance.t(`${prefix}.${id}`), points }));
}

function publish(instance: i18n, question: Question): PublishedQuestion {
	const base = {
		id: question.id,
		field: question.field,
		...texts(instance, `${Q}.${question.id}`)
	};
	const own: Partial<Record<OtherVariant, VariantTexts>> = {};
	for (const variant of question.ownWording) {
		const wording: VariantTexts = texts(instance, `${Q}.${question.id}.${variant}`);
		const options = question.kind === 'choice' ? question.variantOptions?.[variant] : undefined;
		if (options)
			wording.options = labelled(instance, `${Q}.${question.id}.${variant}.options`, options);
		own[variant] = wording;
	}
	if (question.kind === 'choice') {
		return {
			...base,
			...own,
			kind: 'choice',
			options: labelled(instance, `${Q}.${question.id}.options`, question.options)
		};
	}
	return {
		...base,
		...own,
		kind: 'scale',
		scale: {
			min: question.min,
			max: question.max,
			reversed: question.reversed,
			minLabel: instance.t(`${Q}.${question.id}.scale.min`),
			maxLabel: instance.t(`${Q}.${question.id}.scale.max`)
		}
	};
}

function profileQuestion(instance: i18n, name: string, values: readonly string[]): ProfileQuestion {
	return {
		label: instance.t(`questionnaire:profile.${name}.label`),
		options: values.map((value) => ({
			value,
			label: instance.t(`questionnaire:profile.${name}.options.${value}`)
		}))
	};
}

export function questionnaireDocument(locale: Locale): QuestionnaireDocument {
	const { i18n: instance } = createI18n(locale);
	const statut = profileQuestion(instance, 'statut', statuts);
	return {
		version: QUESTIONNAIRE_VERSION,
		language: locale,
		variants: [...variants],
		fields: fields.map((id) => ({ id, label: instance.t(`questionnaire:fields.${id}`) })),
		profile: {
			statut: {
				label: statut.label,
				options: statut.options.map((option, i) => ({
					...option,
					variant: variantFor(statuts[i]!)
				}))
			},
			arret: profileQuestion(instance, 'arret', arrets),
			rqth: profileQuestion(instance, 'rqth', rqthAnswers),
			source: profileQuestion(instance, 'source', sources),
			departement: {
				label: instance.t('questionnaire:profile.departement.label'),
				options: departements.map((d) => ({ value: d.code, label: d.name }))
			}
		},
		questions: questions.map((question) => publish(instance, question))
	};
}
