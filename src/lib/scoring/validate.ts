/**
 * zod schemas for questionnaire answers, per variant (salarié / travailleur indépendant).
 * Framework-free: the partner API validates whole answer sets with `parseAnswers`, the
 * questionnaire pages validate one step at a time with `answerSchemaFor`.
 *
 * Issue messages are zod's English defaults; user-facing texts are produced from the
 * issue codes by the caller (see $lib/server/api/issues.ts).
 */
import { z } from 'zod';
import {
	optionsFor,
	questions,
	type Answers,
	type Question,
	type QuestionId,
	type Variant
} from '$lib/questionnaire/definition';

export interface AnswerSchemaOptions {
	/**
	 * Accept a scale value written as a string of digits ("7"), as HTML forms send it.
	 * Off by default: the JSON API wants real numbers.
	 */
	coerce?: boolean;
}

const DIGITS = /^\d{1,2}$/;

/** The schema of one answer: an option id of the variant, or an integer on the scale. */
export function answerSchemaFor(
	question: Question,
	variant: Variant,
	options: AnswerSchemaOptions = {}
): z.ZodType<string | number> {
	if (question.kind === 'choice') {
		const ids = optionsFor(question, variant).map((option) => option.id);
		return z.enum(ids as [string, ...string[]]);
	}
	const scale = z.number().int().min(question.min).max(question.max);
	if (!options.coerce) return scale;
	return z.preprocess(
		(value) =>
			typeof value === 'string' && DIGITS.test(value.trim()) ? Number(value.trim()) : value,
		scale
	);
}

/** A strict schema for a full answer set: every question, nothing else. */
export function answersSchemaFor(variant: Variant): z.ZodType<Answers> {
	const shape = Object.fromEntries(
		questions.map((question) => [question.id, answerSchemaFor(question, variant)])
	) as Record<QuestionId, z.ZodType<string | number>>;
	return z.strictObject(shape);
}

/** Built once: one schema per variant. */
export const answersSchemas: Readonly<Record<Variant, z.ZodType<Answers>>> = {
	salarie: answersSchemaFor('salarie'),
	ti: answersSchemaFor('ti'),
	autre: answersSchemaFor('autre')
};

/** Validates an untrusted full answer set for a variant (never throws). */
export function parseAnswers(input: unknown, variant: Variant): z.ZodSafeParseResult<Answers> {
	return answersSchemas[variant].safeParse(input);
}
