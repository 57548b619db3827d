import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formAction, guardedAction, pick } from './forms';
import { ok, refused, type Result } from './result';

const post = (fields: Record<string, string>) => {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return { request: new Request('http://localhost/x', { method: 'POST', body }) };
};

const schema = z.object({
	name: z.string().trim().min(1, 'test:errors.name'),
	age: z.string().regex(/^\d+$/, 'test:errors.age').transform(Number)
});

/** Runs an action, answering what SvelteKit would do: a failure, a redirect or an HTTP error. */
async function outcome(action: Promise<unknown>) {
	try {
		return { failure: await action };
	} catch (e) {
		if (isRedirect(e)) return { redirect: [e.status, e.location] };
		if (isHttpError(e)) return { error: e.status };
		throw e;
	}
}

const spec = (run: (data: z.output<typeof schema>) => Result<number>) => ({
	form: 'person',
	schema,
	fields: ['name', 'age', 'secret'],
	echo: ['name', 'age'],
	run,
	redirect: (id: number) => `/people/${id}`
});

describe('formAction: the one frame of a form action', () => {
	it('answers 400 with the form, translated field errors and only the echoed fields, without running the use case', async () => {
		let ran = false;
		const answer = await outcome(
			formAction(
				post({ name: ' ', age: 'x', secret: 'hunter2' }),
				spec(() => ((ran = true), ok(1)))
			)
		);
		expect(answer).toEqual({
			failure: expect.objectContaining({
				status: 400,
				data: {
					form: 'person',
					errors: { name: 'test:errors.name', age: 'test:errors.age' },
					values: { name: ' ', age: 'x' }
				}
			})
		});
		expect(ran).toBe(false);
	});

	it('runs the use case on the parsed data and redirects 303', async () => {
		const seen: unknown[] = [];
		const answer = await outcome(
			formAction(
				post({ name: ' Ada ', age: '36' }),
				spec((data) => (seen.push(data), ok(7)))
			)
		);
		expect(seen).toEqual([{ name: 'Ada', age: 36 }]);
		expect(answer).toEqual({ redirect: [303, '/people/7'] });
	});

	it('turns a refusal into fail(status) with its locale key on its field (or on the form)', async () => {
		expect(
			await outcome(
				formAction(
					post({ name: 'Ada', age: '36' }),
					spec(() => refused('test:refused.taken', 409))
				)
			)
		).toEqual({
			failure: expect.objectContaining({
				status: 409,
				data: {
					form: 'person',
					errors: { form: 'test:refused.taken' },
					values: { name: 'Ada', age: '36' }
				}
			})
		});
		const onField = await outcome(
			formAction(
				post({ name: 'Ada', age: '36' }),
				spec(() => refused('test:refused.age', 400, { field: 'age' }))
			)
		);
		expect(onField.failure).toMatchObject({
			status: 400,
			data: { errors: { age: 'test:refused.age' } }
		});
	});

	it('translates machine reasons with `message`, and answers the 404 and 403 pages for those refusals', async () => {
		const translated = await outcome(
			formAction(post({ name: 'Ada', age: '36' }), {
				...spec(() => refused('wrong_status', 409)),
				message: (r) => `test:refused.${r.reason}`
			})
		);
		expect(translated.failure).toMatchObject({
			status: 409,
			data: { errors: { form: 'test:refused.wrong_status' } }
		});
		for (const [reason, status] of [
			['not_found', 404],
			['forbidden', 403]
		] as const) {
			expect(
				await outcome(
					formAction(
						post({ name: 'Ada', age: '36' }),
						spec(() => refused(reason, status))
					)
				)
			).toEqual({ error: status });
		}
	});

	it('guardedAction runs the guard before reading the form and hands its context to the use case', async () => {
		const denied = guardedAction(
			() => {
				throw new Error('guard');
			},
			{ ...spec(() => ok(1)), run: () => ok(1) }
		);
		await expect(denied(post({ name: 'Ada', age: '36' }))).rejects.toThrow('guard');
		const allowed = guardedAction(() => ({ owner: 5 }), {
			...spec(() => ok(1)),
			run: (data, context) => ok(context.owner + data.age)
		});
		expect(await outcome(allowed(post({ name: 'Ada', age: '36' })))).toEqual({
			redirect: [303, '/people/41']
		});
	});

	it('`before` sees the raw fields and the context before the schema, and may redirect instead of a 400', async () => {
		let ran = false;
		const gone = guardedAction(() => ({ pending: false }), {
			...spec(() => ok(1)),
			before: (values, context) => {
				if (!context.pending) redirect(303, `/start?back=${values.secret}`);
			},
			run: () => {
				ran = true;
				return ok(1);
			}
		});
		expect(await outcome(gone(post({ name: '', age: 'x', secret: 'here' })))).toEqual({
			redirect: [303, '/start?back=here']
		});
		expect(ran).toBe(false);
		const pending = guardedAction(() => ({ pending: true }), {
			...spec(() => ok(1)),
			before: (_values, context) => {
				if (!context.pending) redirect(303, '/start');
			}
		});
		expect(await outcome(pending(post({ name: '', age: '1' })))).toMatchObject({
			failure: { status: 400, data: { errors: { name: 'test:errors.name' } } }
		});
	});

	it('reads multi-valued fields as lists (files dropped, values truncated, at most maxItems) for the schema and `extra`', async () => {
		const body = new FormData();
		body.set('name', 'Ada');
		for (const tag of ['a', 'bbbbbb', 'c', 'd']) body.append('tags', tag);
		body.append('tags', new File(['x'], 'x.txt'));
		let seen: unknown;
		const action = formAction(
			{ request: new Request('http://localhost/x', { method: 'POST', body }) },
			{
				form: 'tags',
				schema: z.object({
					name: z.string(),
					tags: z.array(z.string()).max(2, 'test:errors.tooMany')
				}),
				fields: ['name'],
				lists: ['tags'],
				maxLength: 3,
				maxItems: 4,
				run: (data) => {
					seen = data.tags;
					return ok(1);
				},
				extra: ({ lists }) => ({ chosen: lists.tags }),
				redirect: () => '/done'
			}
		);
		expect(await outcome(action)).toMatchObject({
			failure: {
				status: 400,
				data: { errors: { tags: 'test:errors.tooMany' }, chosen: ['a', 'bbb', 'c', 'd'] }
			}
		});
		expect(seen).toBeUndefined();
		const none = new FormData();
		none.set('name', 'Ada');
		expect(
			await outcome(
				formAction(
					{ request: new Request('http://localhost/x', { method: 'POST', body: none }) },
					{
						form: 'tags',
						schema: z.object({ name: z.string(), tags: z.array(z.string()) }),
						fields: ['name'],
						lists: ['tags'],
						run: (data) => ok(data.tags.length),
						redirect: (count) => `/done/${count}`
					}
				)
			)
		).toEqual({ redirect: [303, '/done/0'] });
	});

	it('pick keeps a known banner only', () => {
		expect(pick(['a', 'b'] as const, 'b')).toBe('b');
		expect(pick(['a', 'b'] as const, '<script>')).toBeNull();
		expect(pick(['a', 'b'] as const, null)).toBeNull();
	});
});
