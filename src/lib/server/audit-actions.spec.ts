import { describe, expect, it } from 'vitest';
import { auditActions } from './audit-actions';
import { audit } from './auth/guard';
import type { Executor } from './db/index';
import { journalActions } from './staff/journal';

describe('audit actions', () => {
	it('are one list, of distinct snake_case names, that the journal uses as they are', () => {
		expect(new Set(auditActions).size).toBe(auditActions.length);
		for (const action of auditActions) expect(action).toMatch(/^[a-z]+(_[a-z]+)*$/);
		expect(journalActions).toBe(auditActions);
	});

	it('audit() accepts only those (checked by svelte-check: an unused @ts-expect-error fails it)', () => {
		const unknownAction = (db: Executor) =>
			// @ts-expect-error 'demande_viewed' is not an audit action
			audit(db, { userId: null, action: 'demande_viewed' });
		const knownAction = (db: Executor) => audit(db, { userId: null, action: 'demande_read' });
		expect([unknownAction, knownAction].map((f) => typeof f)).toEqual(['function', 'function']);
	});
});
