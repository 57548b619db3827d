// Times slot listing on a fresh demo database (docs/performance.md, "Slot computation"):
// `npx svelte-kit sync && npx tsx scripts/prof-slots.ts` (N=iterations, default 500).
// Add `node --import tsx --cpu-prof` instead of `npx tsx` for a CPU profile.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteOf, openDatabase } from '../src/lib/server/db/index';
import { seedDemoData } from '../src/lib/server/db/seed';
import { BookingService, type BookingEvents } from '../src/lib/server/booking/service';
import { generateSlots } from '../src/lib/booking/slots';

const dir = mkdtempSync(join(tmpdir(), 'prof-slots-'));
const db = openDatabase(join(dir, 'prof.db'), './drizzle');
await seedDemoData(db, { onlyIfEmpty: true });
const noEvents: BookingEvents = {
	async booked() {},
	async moved() {},
	async cancelled() {},
	async callbackRequested() {},
	async erased() {}
};
const now = new Date('2026-11-23T10:00:00Z');
const service = new BookingService(db, noEvents, () => now);
const N = Number(process.env.N ?? 500);

async function time(label: string, run: () => number | Promise<number>): Promise<void> {
	let sink = 0;
	for (let i = 0; i < 20; i++) sink += await run();
	const t = performance.now();
	for (let i = 0; i < N; i++) sink += await run();
	console.log(
		`${label}: ${((performance.now() - t) / N).toFixed(3)} ms/call (${sink > 0 ? 'ok' : 'empty'})`
	);
}

await time(
	'freeSlots 69 telephone',
	async () => (await service.freeSlots('69', 'telephone')).length
);
await time(
	'freeSlots 971 telephone',
	async () => (await service.freeSlots('971', 'telephone')).length
);
const agenda = (await service.agendasFor('69', 'telephone'))[0]!.agenda;
const rules = await service.rulesOf(agenda);
await time('generateSlots (one agenda of 69)', () => generateSlots(rules, now).length);
console.log(
	`slots offered in 69 by telephone: ${(await service.freeSlots('69', 'telephone')).length}`
);
sqliteOf(db).close();
rmSync(dir, { recursive: true, force: true });
