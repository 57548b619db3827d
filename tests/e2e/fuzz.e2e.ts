import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import { count, getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/index';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { buildContext, fuzzTargets, type FuzzContext, type FuzzTarget } from './fuzz-targets';
import type { FuzzResponse } from './fuzz-client';
import { MESSAGE_MAX, NAME_MAX, contactShape, isPhone } from '../../src/lib/booking/contact';
import { isValidNir } from '../../src/lib/booking/nir';
import { departementCodes } from '../../src/lib/departements/data';
import {
	arrets,
	optionsFor,
	questionById,
	rqthAnswers,
	sources,
	statuts,
	variants,
	type Variant
} from '../../src/lib/questionnaire/definition';
import {
	demandeEventTypes,
	demandeKinds,
	demandeOutcomes,
	demandeStatuses,
	staffRoles
} from '../../src/lib/server/db/schema';

/**
 * Property-based fuzzing of every form action, query-driven page and API endpoint
 * (tests/e2e/fuzz-targets.ts) against the production build, with random and hostile input:
 * never a 5xx, hostile text echoed back stays inert, no open redirect, and afterwards the
 * database holds only valid rows. Reproducible: FUZZ_SEED (printed on failure), FUZZ_RUNS.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 14);
/** adapter-node's default BODY_SIZE_LIMIT (512 KB). */
const BODY_LIMIT = 512 * 1024;

// ------------------------------------------------------------------ arbitraries

const MARK = 'fuzzpwn';
/** Substrings that must never come back raw in a page (they would run). */
const dangerous = [
	`<script>${MARK}`,
	`<img src=x onerror=${MARK}`,
	`<svg/onload=${MARK}`,
	`href="javascript:${MARK}`,
	`<iframe src=${MARK}`
];

const hostile = fc.constantFrom(
	`<script>${MARK}()</script>`,
	`"><img src=x onerror=${MARK}()>`,
	`'><svg/onload=${MARK}()>`,
	`javascript:${MARK}()`,
	`</textarea><iframe src=${MARK}>`,
	"' OR '1'='1",
	"'; DROP TABLE demandes; --",
	'1 UNION SELECT email, password_hash FROM staff_users --',
	'" OR ""="',
	'\u0000',
	'Martin\u0000<script>',
	'\u202Eevil\u202C',
	'مرحبا بالعالم',
	'עברית',
	'👩‍👩‍👧‍👦',
	'Ω≈ç√∫˜µ≤≥÷',
	'\uFEFFMartin',
	'Ｍａｒｔｉｎ',
	'../../../etc/passwd',
	'//evil.example/',
	'/\\evil.example',
	'https://evil.example',
	'%00',
	'%3Cscript%3E',
	'{{7*7}}',
	'${7*7}',
	'__proto__',
	'constructor',
	'NaN',
	'Infinity',
	'-1',
	'1e309',
	'0x10',
	'',
	' ',
	'\r\n\r\nX-Injected: 1',
	'null',
	'[]',
	'{}'
);

/** Rarely: one huge value (1 MB, above the body limit; or large but accepted). */
const huge = fc.constantFrom(
	'A'.repeat(1_000_000),
	'é'.repeat(60_000),
	'<'.repeat(20_000),
	'x'.repeat(5_001)
);

const text = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
	{ weight: 5, arbitrary: hostile },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
	{ weight: 1, arbitrary: fc.integer().map(String) },
	{ weight: 1, arbitrary: huge }
);

type FieldValue =
	| { kind: 'valid' }
	| { kind: 'missing' }
	| { kind: 'one'; value: string }
	| { kind: 'many'; values: string[] };

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
	{ weight: 3, arbitrary: fc.constant({ kind: 'valid' } as const) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'missing' } as const) },
	{ weight: 4, arbitrary: text.map((value) => ({ kind: 'one', value }) as const) },
	{
		weight: 1,
		arbitrary: fc
			.array(text, { minLength: 2, maxLength: 3 })
			.map((values) => ({ kind: 'many', values }) as const)
	}
);

type Encoding = 'urlencoded' | 'multipart' | 'json' | 'text' | 'none';
const encoding = fc.oneof(
	{ weight: 6, arbitrary: fc.constant<Encoding>('urlencoded') },
	{ weight: 2, arbitrary: fc.constant<Encoding>('multipart') },
	{ weight: 1, arbitrary: fc.constantFrom<Encoding>('json', 'text', 'none') }
);

interface Input {
	fields: Record<string, FieldValue>;
	extra: [string, string][];
	encoding: Encoding;
	json: unknown;
}

function inputFor(target: FuzzTarget): fc.Arbitrary<Input> {
	return fc.record({
		fields: fc.record(
			Object.fromEntries(target.fields.map((name) => [name, fieldValue])) as Record<
				string,
				fc.Arbitrary<FieldValue>
			>
		),
		extra: fc.array(
			fc.tuple(
				fc.oneof(
					fc.string({ maxLength: 12 }),
					fc.constantFrom('__proto__', 'constructor', '_method', 'x-sveltekit-action')
				),
				text
			),
			{ maxLength: 2 }
		),
		encoding,
		// For JSON endpoints: wrong types everywhere, nested values.
		json: fc.oneof(
			fc.jsonValue({ maxDepth: 3 }),
			fc.dictionary(
				fc.constantFrom(...target.fields, 'answers', 'profile'),
				fc.jsonValue({ maxDepth: 3 }),
				{ maxKeys: 5 }
			)
		)
	});
}

/** The [name, value] pairs a run sends (a field may be missing or repeated). */
function pairsOf(target: FuzzTarget, ctx: FuzzContext, input: Input): [string, string][] {
	const valid = target.valid?.(ctx) ?? {};
	const pairs: [string, string][] = [];
	for (const name of Object.keys(valid))
		if (!target.fields.includes(name)) pairs.push([name, valid[name]!]);
	for (const [name, value] of Object.entries(input.fields)) {
		if (value.kind === 'valid' && valid[name] !== undefined) pairs.push([name, valid[name]]);
		if (value.kind === 'one') pairs.push([name, value.value]);
		if (value.kind === 'many') for (const v of value.values) pairs.push([name, v]);
	}
	return [...pairs, ...input.extra];
}

function multipart(pairs: [string, string][]): { body: Buffer; type: string } {
	const boundary = `----fuzz${Math.random().toString(16).slice(2)}`;
	const parts = pairs.map(
		([name, value]) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"\r\n\r\n${value}\r\n`
	);
	return {
		body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
		type: `multipart/form-data; boundary=${boundary}`
	};
}

async function send(
	target: FuzzTarget,
	ctx: FuzzContext,
	input: Input
): Promise<{ response: FuzzResponse; size: number }> {
	const path = target.path(ctx);
	const pairs = pairsOf(target, ctx, input);
	if (target.method === 'GET') {
		const query = new URLSearchParams(pairs.map(([n, v]) => [n, v.slice(0, 2000)])).toString();
		const url = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
		return { response: await ctx.client.get(url), size: 0 };
	}
	const origin = ctx.client.origin;
	let body: string | Buffer;
	let type: string | undefined;
	if (target.body === 'json') {
		body =
			input.encoding === 'text'
				? pairs.map(([n, v]) => `${n}=${v}`).join('&')
				: JSON.stringify(input.encoding === 'urlencoded' ? Object.fromEntries(pairs) : input.json);
		type =
			input.encoding === 'none'
				? undefined
				: input.encoding === 'multipart'
					? 'text/plain'
					: 'application/json';
	} else if (input.encoding === 'multipart') {
		({ body, type } = multipart(pairs));
	} else if (input.encoding === 'json') {
		body = JSON.stringify(Object.fromEntries(pairs));
		type = 'application/json';
	} else if (input.encoding === 'text') {
		body = pairs.map(([n, v]) => `${n}=${v}`).join('\n');
		type = 'text/plain';
	} else {
		body = new URLSearchParams(pairs).toString();
		type = input.encoding === 'none' ? undefined : 'application/x-www-form-urlencoded';
	}
	const headers: Record<string, string> = { origin };
	if (type) headers['content-type'] = type;
	return {
		response: await ctx.client.request('POST', path, { headers, body }),
		size: Buffer.byteLength(body)
	};
}

function checkResponse(
	target: FuzzTarget,
	origin: string,
	response: FuzzResponse,
	size: number
): void {
	if (response.status === 0) {
		// Only a body above the limit may be cut short by the server.
		expect(size, `${target.name}: connection closed`).toBeGreaterThan(BODY_LIMIT);
		return;
	}
	expect(response.status, `${target.name}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
	const type = String(response.headers['content-type'] ?? '');
	if (type.includes('html')) {
		for (const marker of dangerous)
			expect(response.body.includes(marker), `${target.name} echoes ${marker}`).toBe(false);
	}
	const location = response.headers.location;
	if (location) {
		// Never an open redirect.
		const resolved = new URL(String(location), origin);
		expect(resolved.origin, `${target.name} redirects to ${location}`).toBe(origin);
	}
}

// ------------------------------------------------------------------ the run

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const contexts = new Map<FuzzTarget, FuzzContext>();

test.beforeAll(async ({ baseURL }) => {
	// Every context first: later fuzzing (wrong passwords, logout) must not prevent setting one up.
	for (const target of fuzzTargets)
		contexts.set(target, await buildContext(target.context, baseURL!));
});

for (const [index, target] of fuzzTargets.entries()) {
	test(`fuzz ${target.name}`, async () => {
		const ctx = contexts.get(target)!;
		const seed = SEED + index;
		try {
			await fc.assert(
				fc.asyncProperty(inputFor(target), async (input) => {
					const { response, size } = await send(target, ctx, input);
					checkResponse(target, ctx.client.origin, response, size);
				}),
				{ seed, numRuns: RUNS, endOnFailure: true }
			);
		} catch (error) {
			// Counterexamples may hold 1 MB strings: keep the report readable.
			const message =
				error instanceof Error
					? `${error.message}\n${error.cause instanceof Error ? error.cause.message : ''}`
					: String(error);
			const short = message
				.replace(/(.)\1{40,}/gsu, (run, c: string) => `${c.repeat(5)}…(${run.length}×)`)
				.slice(0, 4000);
			throw new Error(
				`fuzz ${target.name}: failed with seed ${seed} (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})\n${short}`,
				{ cause: error }
			);
		}
	});
}

// ------------------------------------------------------------------ the database afterwards

type Row = Record<string, unknown>;

/** Every table of the schema (the migrated database has exactly these). */
const tables = (Object.values(schema) as unknown[]).filter((value): value is Table =>
	is(value, Table)
);

/**
 * A table's rows as stored, keyed by column name: instants as milliseconds, JSON as its text
 * (what the checks below read).
 */
async function storedRows(table: Table): Promise<Row[]> {
	const columns = Object.entries(getTableColumns(table));
	const rows = (await e2eDb()
		.select()
		.from(table as Parameters<ReturnType<Db['select']>['from']>[0])) as Row[];
	return rows.map((row) =>
		Object.fromEntries(
			columns.map(([key, column]) => {
				const value = row[key];
				if (value instanceof Date) return [column.name, value.getTime()];
				if (column.dataType === 'json' && value !== null)
					return [column.name, JSON.stringify(value)];
				return [column.name, value];
			})
		)
	);
}

const isText = (value: unknown): value is string => typeof value === 'string';

function validProfile(profile: Record<string, unknown>, partial: boolean): string | null {
	const checks: [string, readonly string[]][] = [
		['statut', statuts],
		['arret', arrets],
		['departement', departementCodes],
		['rqth', rqthAnswers],
		['source', sources]
	];
	for (const key of Object.keys(profile))
		if (!checks.some(([name]) => name === key)) return `unknown profile key ${key}`;
	for (const [name, allowed] of checks) {
		const value = profile[name];
		if (value === undefined && partial) continue;
		if (!allowed.includes(value as string)) return `profile.${name}=${JSON.stringify(value)}`;
	}
	return null;
}

function validAnswers(answers: Record<string, unknown>, variant: Variant): string | null {
	for (const [id, value] of Object.entries(answers)) {
		const question = questionById(id);
		if (!question) return `unknown question ${id}`;
		if (question.kind === 'scale') {
			if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 10)
				return `${id}=${JSON.stringify(value)}`;
		} else {
			const all = variants.flatMap((v) => optionsFor(question, v)).map((o) => o.id);
			if (!all.includes(value as string)) return `${id}=${JSON.stringify(value)} (${variant})`;
		}
	}
	return null;
}

function demandeProblems(row: Row): string[] {
	const problems: string[] = [];
	const anonymised = row.anonymised_at !== null;
	if (!demandeKinds.includes(row.kind as never)) problems.push('kind');
	if (!demandeStatuses.includes(row.status as never)) problems.push('status');
	if (row.outcome !== null && !demandeOutcomes.includes(row.outcome as never))
		problems.push('outcome');
	if (!departementCodes.includes(row.departement_code as string)) problems.push('departement');
	if (!sources.includes(row.source as never)) problems.push('source');
	if (!anonymised) {
		// A registration to an évènement asks for one name (or a pseudonym): the callback demande its
		// follow-up opens carries it as the first name, with no family name (ADR 045 addendum).
		const oneName = row.evenement_id !== null && row.kind === 'rappel' && row.nom === '';
		for (const name of oneName ? (['prenom'] as const) : (['nom', 'prenom'] as const)) {
			if (
				!isText(row[name]) ||
				row[name].length > NAME_MAX ||
				!contactShape.nom.safeParse(row[name]).success
			)
				problems.push(name);
		}
		if (row.email === null && row.telephone === null) problems.push('unreachable');
	}
	if (row.email !== null && !contactShape.email.safeParse(row.email).success)
		problems.push('email');
	if (row.telephone !== null && !(isText(row.telephone) && isPhone(row.telephone)))
		problems.push('telephone');
	if (row.nir !== null && !(isText(row.nir) && isValidNir(row.nir))) problems.push('nir');
	if (row.message !== null && !(isText(row.message) && row.message.length <= MESSAGE_MAX))
		problems.push('message');
	if (row.profile !== null) {
		const problem = validProfile(JSON.parse(row.profile as string), false);
		if (problem) problems.push(problem);
	}
	if (row.answers !== null) {
		const profile = row.profile === null ? {} : JSON.parse(row.profile as string);
		const problem = validAnswers(
			JSON.parse(row.answers as string),
			profile.statut?.startsWith('ti_') ? 'ti' : 'salarie'
		);
		if (problem) problems.push(problem);
	}
	return problems;
}

test('afterwards, the database holds only valid rows', async ({ request }) => {
	expect((await request.get('/healthz')).status()).toBe(200);
	const invalid: string[] = [];
	// Nothing huge and no NUL character stored anywhere (mail bodies and JSON excepted for length).
	for (const stored of tables) {
		const table = getTableName(stored);
		for (const row of await storedRows(stored)) {
			for (const [column, value] of Object.entries(row)) {
				if (!isText(value)) continue;
				if (value.includes('\u0000')) invalid.push(`${table}.${column}: NUL`);
				const long =
					table === 'outbox' ||
					['profile', 'answers', 'result', 'weekly', 'details'].includes(column);
				if (!long && value.length > 2_000)
					invalid.push(`${table}.${column}: ${value.length} characters`);
				// Free text may hold anything (output escapes it): a person's message, mail texts,
				// and what staff type about a point d'accueil (its address and access details).
				const freeText =
					['message', 'text', 'subject'].includes(column) ||
					(table === 'points_accueil' && ['address', 'accessibility'].includes(column));
				if (value.includes(MARK) && !freeText)
					invalid.push(`${table}.${column}: stored payload ${value.slice(0, 60)}`);
			}
		}
	}
	for (const row of await storedRows(schema.demandes)) {
		for (const problem of demandeProblems(row))
			invalid.push(`demande ${row.reference}: ${problem}`);
	}
	for (const row of await storedRows(schema.questionnaireDrafts)) {
		const profile = JSON.parse(row.profile as string) as Record<string, unknown>;
		const problem =
			validProfile(profile, true) ?? validAnswers(JSON.parse(row.answers as string), 'salarie');
		if (problem) invalid.push(`draft: ${problem}`);
	}
	for (const row of await storedRows(schema.staffUsers)) {
		if (!staffRoles.includes(row.role as never)) invalid.push(`staff ${row.id}: role`);
		if (
			!isText(row.email) ||
			row.email !== row.email.trim().toLowerCase() ||
			!row.email.includes('@')
		)
			invalid.push(`staff ${row.id}: email`);
	}
	for (const row of await storedRows(schema.demandeEvents)) {
		if (!demandeEventTypes.includes(row.type as never)) invalid.push(`event ${row.id}: type`);
	}
	for (const row of await storedRows(schema.rendezVous)) {
		if (!((row.starts_at as number) < (row.ends_at as number)))
			invalid.push(`rendez-vous ${row.id}: times`);
	}
	for (const row of (await storedRows(schema.auditLog)).filter((r) => r.details !== null)) {
		const details = JSON.parse(row.details as string) as Record<string, unknown>;
		for (const [key, value] of Object.entries(details)) {
			if (value !== null && typeof value === 'object') invalid.push(`audit ${key}: object`);
			if (isText(value) && value.length > 200)
				invalid.push(`audit ${key}: ${value.length} characters`);
		}
	}
	expect(invalid).toEqual([]);
	// The fuzz run did create rows (the check above is not vacuous).
	expect((await e2eDb().select({ n: count() }).from(schema.demandes))[0]!.n).toBeGreaterThan(0);
	expect(
		(await e2eDb().select({ n: count() }).from(schema.questionnaireDrafts))[0]!.n
	).toBeGreaterThan(0);
});
