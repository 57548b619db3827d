import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { inTransaction, sqliteOf, whenIdle } from './index';
import { auditLog, closures, healthProbe, questionnaireDrafts, staffUsers } from './schema';

/** A promise and its resolver: lets a test hold a transaction open at a chosen point. */
function latch() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

const T0 = new Date('2026-11-23T10:00:00.123Z');

describe('the asynchronous data layer on SQLite (ADR 047)', () => {
	it('maps every column kind as before: timestamp_ms, boolean, json, nullable text, returning, upsert', async () => {
		const db = testDb();
		const [user] = await db
			.insert(staffUsers)
			.values({ email: 'a@example.org', name: 'A', role: 'agent', createdAt: T0 })
			.returning();
		expect(user).toMatchObject({ email: 'a@example.org', createdAt: T0, disabledAt: null });
		expect(user!.createdAt).toBeInstanceOf(Date);
		await db.insert(questionnaireDrafts).values({
			id: 'd1',
			questionnaireVersion: 'v1',
			profile: { departement: '974' },
			answers: {},
			createdAt: T0,
			updatedAt: T0,
			expiresAt: T0
		});
		const [draft] = await db
			.select()
			.from(questionnaireDrafts)
			.where(eq(questionnaireDrafts.id, 'd1'));
		expect(draft).toMatchObject({
			profile: { departement: '974' },
			answers: {},
			result: null
		});
		expect(draft!.expiresAt.getTime()).toBe(T0.getTime());
		await db.insert(healthProbe).values({ id: 1, checkedAt: 'x' });
		await db
			.insert(healthProbe)
			.values({ id: 1, checkedAt: 'y' })
			.onConflictDoUpdate({ target: healthProbe.id, set: { checkedAt: 'y' } });
		expect(await db.select().from(healthProbe)).toEqual([{ id: 1, checkedAt: 'y' }]);
		const [row] = await db
			.select({ disabled: sql<number>`${staffUsers.disabledAt} is null` })
			.from(staffUsers);
		expect(row).toEqual({ disabled: 1 });
		// A write answers SQLite's count of changed rows; a read of nothing an empty list.
		const result = await db.delete(healthProbe).where(eq(healthProbe.id, 1));
		expect(result.changes).toBe(1);
		expect(await db.select().from(healthProbe)).toEqual([]);
	});

	it("runs a transaction's queries inside it and rolls everything back on a throw", async () => {
		const db = testDb();
		const failure = new Error('refused');
		await expect(
			db.transaction(async (tx) => {
				await tx.insert(closures).values({ departementCode: '69', date: '2026-12-01' });
				expect(inTransaction(db)).toBe(true);
				expect(await tx.select().from(closures)).toHaveLength(1);
				throw failure;
			})
		).rejects.toBe(failure);
		expect(inTransaction(db)).toBe(false);
		expect(await db.select().from(closures)).toEqual([]);
		expect(sqliteOf(db).inTransaction).toBe(false);
	});

	it('takes the write lock at BEGIN: another process writing between its read and its write waits, instead of failing it', async () => {
		const db = testDb();
		// Another connection to the file, as the server is to a job run by `npm run …:run`.
		const other = new Database(sqliteOf(db).name, { timeout: 0 });
		try {
			await db.transaction(async (tx) => {
				expect(await tx.select().from(closures)).toEqual([]);
				// A deferred transaction held only a read snapshot here: the other write went
				// through, and this transaction's own write then failed (SQLITE_BUSY_SNAPSHOT).
				expect(() =>
					other
						.prepare("insert into closures (departement_code, date) values ('01', '2026-12-02')")
						.run()
				).toThrow(/locked/);
				await tx.insert(closures).values({ departementCode: '69', date: '2026-12-01' });
			});
		} finally {
			other.close();
		}
		expect(await db.select({ code: closures.departementCode }).from(closures)).toEqual([
			{ code: '69' }
		]);
	});

	it('makes a query from outside wait until the open transaction ends, instead of running inside it', async () => {
		const db = testDb();
		const held = latch();
		const inserted = latch();
		const transaction = db.transaction(async (tx) => {
			await tx.insert(closures).values({ departementCode: '69', date: '2026-12-01' });
			inserted.open();
			await held.opened;
			throw new Error('rolled back');
		});
		await inserted.opened;
		// Another request's read and write while the transaction waits.
		const outsideRead = db.select().from(closures);
		const outsideWrite = db.insert(closures).values({ departementCode: '13', date: '2026-12-02' });
		const order: string[] = [];
		const read = outsideRead.then((rows) => {
			order.push('read');
			return rows;
		});
		const write = outsideWrite.then(() => order.push('write'));
		await new Promise((resolve) => setImmediate(resolve));
		expect(order).toEqual([]);
		held.open();
		await expect(transaction).rejects.toThrow('rolled back');
		// Neither saw nor joined the rolled-back transaction: the read sees no row of it, the
		// write survived its rollback.
		expect(await read).toEqual([]);
		await write;
		expect(order).toEqual(['read', 'write']);
		expect((await db.select().from(closures)).map((c) => c.departementCode)).toEqual(['13']);
	});

	it('runs transactions one after the other, each seeing what the previous committed', async () => {
		const db = testDb();
		const counts = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				db.transaction(async (tx) => {
					const before = (await tx.select().from(auditLog)).length;
					// An await that is not a query: the next transaction still waits for this one.
					await new Promise((resolve) => setImmediate(resolve));
					await tx.insert(auditLog).values({ at: T0, action: `t${i}` as never });
					return before;
				})
			)
		);
		expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i));
	});

	it('nests a transaction as a savepoint: the inner one rolls back alone', async () => {
		const db = testDb();
		await db.transaction(async (tx) => {
			await tx.insert(closures).values({ departementCode: '69', date: '2026-12-01' });
			await expect(
				tx.transaction(async (inner) => {
					await inner.insert(closures).values({ departementCode: '69', date: '2026-12-02' });
					throw new Error('inner');
				})
			).rejects.toThrow('inner');
			// Through the database rather than `tx`: still the same transaction, as a savepoint.
			await db.transaction(async (inner) => {
				await inner.insert(closures).values({ departementCode: '69', date: '2026-12-03' });
			});
		});
		expect((await db.select().from(closures)).map((c) => c.date)).toEqual([
			'2026-12-01',
			'2026-12-03'
		]);
	});

	it('does not deadlock when a transaction awaits only its own queries, through `db` or `tx`', async () => {
		const db = testDb();
		const ids = await db.transaction(async (tx) => {
			await tx.insert(closures).values({ departementCode: '69', date: '2026-12-01' });
			// A helper handed the database instead of the transaction runs inside it too.
			const seen = await db.select().from(closures);
			await Promise.all([tx.select().from(closures), db.select().from(closures)]);
			return seen.length;
		});
		expect(ids).toBe(1);
	});

	it('runs a SQLite-only operation once no transaction is open', async () => {
		const db = testDb();
		const held = latch();
		const order: string[] = [];
		const transaction = db.transaction(async (tx) => {
			await tx.insert(closures).values({ departementCode: '69', date: '2026-12-01' });
			await held.opened;
			order.push('commit');
		});
		const checkpoint = whenIdle(db, (sqlite) => {
			order.push(sqlite.inTransaction ? 'inside' : 'checkpoint');
		});
		await new Promise((resolve) => setImmediate(resolve));
		held.open();
		await Promise.all([transaction, checkpoint]);
		expect(order).toEqual(['commit', 'checkpoint']);
	});
});
