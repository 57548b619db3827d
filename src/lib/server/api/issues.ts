/**
 * zod issues → the partner API's `issues` list, with messages from the `api` locale
 * namespace. zod's own messages are never sent: they are English only and may quote
 * the client's input (unknown keys).
 */
import type { TFunction } from 'i18next';
import type { z } from 'zod';

export interface ApiIssue {
	/** Dotted path in the request body (`answers.capacite_travail`), '' for the body itself. */
	path: string;
	/** Machine-readable reason; see docs/openapi.yaml (ApiIssue.code). */
	code: ApiIssueCode;
	message: string;
}

/** Codes that schemas may raise through a custom issue with `params: { apiCode }`. */
export const customIssueCodes = [
	'variant_conflict',
	'statut_conflict',
	'invalid_departement'
] as const;
export type CustomIssueCode = (typeof customIssueCodes)[number];

export const apiIssueCodes = [
	'required',
	'invalid_type',
	'not_integer',
	'invalid_option',
	'too_small',
	'too_big',
	'unknown_field',
	...customIssueCodes,
	'invalid'
] as const;
export type ApiIssueCode = (typeof apiIssueCodes)[number];

/** At most this many issues are returned, each path segment at most this long. */
export const MAX_ISSUES = 50;
const MAX_SEGMENT = 64;

const knownTypes = new Set(['string', 'number', 'boolean', 'object', 'array']);

function segment(key: PropertyKey): string {
	const text = typeof key === 'symbol' ? (key.description ?? '') : String(key);
	return text.length > MAX_SEGMENT ? `${text.slice(0, MAX_SEGMENT)}…` : text;
}

function pathOf(path: readonly PropertyKey[]): string {
	return path.map(segment).join('.');
}

/** True when the last key of `path` is absent from its parent object in `input`. */
function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
	if (path.length === 0) return input === undefined;
	let parent: unknown = input;
	for (const key of path.slice(0, -1)) {
		if (parent === null || typeof parent !== 'object') return false;
		parent = (parent as Record<PropertyKey, unknown>)[key];
	}
	const last = path[path.length - 1]!;
	return parent !== null && typeof parent === 'object' && !Object.hasOwn(parent, last);
}

function isCustomIssueCode(value: unknown): value is CustomIssueCode {
	return (customIssueCodes as readonly unknown[]).includes(value);
}

export function toApiIssues(
	issues: readonly z.core.$ZodIssue[],
	input: unknown,
	t: TFunction
): ApiIssue[] {
	const out: ApiIssue[] = [];
	const push = (
		path: readonly PropertyKey[],
		code: ApiIssueCode,
		values: Record<string, unknown> = {}
	) => {
		out.push({ path: pathOf(path), code, message: t(`api:issues.${code}`, values) });
	};

	for (const issue of issues) {
		if (out.length >= MAX_ISSUES) break;
		switch (issue.code) {
			case 'invalid_type':
				if (isMissing(input, issue.path)) push(issue.path, 'required');
				else if (issue.expected === 'int') push(issue.path, 'not_integer');
				else if (knownTypes.has(issue.expected)) {
					push(issue.path, 'invalid_type', { expected: t(`api:types.${issue.expected}`) });
				} else push(issue.path, 'invalid');
				break;
			case 'invalid_value':
				if (isMissing(input, issue.path)) push(issue.path, 'required');
				else push(issue.path, 'invalid_option', { options: issue.values.map(String).join(', ') });
				break;
			case 'too_small':
				push(issue.path, 'too_small', { minimum: String(issue.minimum) });
				break;
			case 'too_big':
				push(issue.path, 'too_big', { maximum: String(issue.maximum) });
				break;
			case 'unrecognized_keys':
				for (const key of issue.keys) {
					if (out.length >= MAX_ISSUES) break;
					push([...issue.path, key], 'unknown_field');
				}
				break;
			case 'custom': {
				const apiCode = (issue.params as { apiCode?: unknown } | undefined)?.apiCode;
				push(issue.path, isCustomIssueCode(apiCode) ? apiCode : 'invalid');
				break;
			}
			default:
				push(issue.path, 'invalid');
		}
	}
	return out;
}
