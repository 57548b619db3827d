/**
 * Outreach campaigns, the staff side (ADR 044, docs/campagnes.md): create, edit, list, read one,
 * enter the letters sent. Responsables and administrateurs edit campaigns of their départements;
 * agents read those that touch theirs. Use cases return a `Result` (ADR 030).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { campagneEditorRoles } from '$lib/vocabulary';
import { codeFrom, type CampagneForm } from '$lib/campagnes/campagne';
import type { Db, Executor } from '$lib/server/db/index';
import { campagneDepartements, campagnes, type Campagne } from '$lib/server/db/schema';
import { audit, canAccessDepartement, type StaffContext } from '$lib/server/auth/guard';
import { ok, refused, transact, type Result } from '$lib/server/result';

export interface CampagneView extends Campagne {
	departements: { code: string; lettersSent: number | null }[];
}

export const canEditCampagnes = (ctx: StaffContext): boolean =>
	(campagneEditorRoles as readonly string[]).includes(ctx.user.role);

async function departementsOf(db: Executor, ids: number[]) {
	if (ids.length === 0) return new Map<number, CampagneView['departements']>();
	const rows = await db
		.select()
		.from(campagneDepartements)
		.where(inArray(campagneDepartements.campagneId, ids))
		.orderBy(asc(campagneDepartements.departementCode));
	const byId = new Map<number, CampagneView['departements']>();
	for (const row of rows) {
		const list = byId.get(row.campagneId) ?? [];
		list.push({ code: row.departementCode, lettersSent: row.lettersSent });
		byId.set(row.campagneId, list);
	}
	return byId;
}

/** The campaigns that write to at least one of the staff member's départements, newest first. */
export async function listCampagnes(db: Executor, ctx: StaffContext): Promise<CampagneView[]> {
	const all = await db
		.select()
		.from(campagnes)
		.orderBy(desc(campagnes.startsOn), desc(campagnes.id));
	const departements = await departementsOf(
		db,
		all.map((c) => c.id)
	);
	return all
		.map((c) => ({ ...c, departements: departements.get(c.id) ?? [] }))
		.filter((c) => c.departements.some((d) => canAccessDepartement(ctx, d.code)));
}

/** One campaign the staff member may read (one of its départements is theirs), else undefined. */
export async function campagneFor(
	db: Executor,
	ctx: StaffContext,
	id: number
): Promise<CampagneView | undefined> {
	const [campagne] = await db.select().from(campagnes).where(eq(campagnes.id, id));
	if (!campagne) return undefined;
	const departements = (await departementsOf(db, [id])).get(id) ?? [];
	if (!departements.some((d) => canAccessDepartement(ctx, d.code))) return undefined;
	return { ...campagne, departements };
}

/** Editing a campaign is for its responsables: every département it writes to must be theirs. */
async function editable(
	db: Executor,
	ctx: StaffContext,
	id: number
): Promise<Result<CampagneView>> {
	const campagne = await campagneFor(db, ctx, id);
	if (!campagne) return refused('not_found', 404);
	if (!canEditCampagnes(ctx)) return refused('staff:errors.forbidden', 403);
	if (!campagne.departements.every((d) => canAccessDepartement(ctx, d.code)))
		return refused('campagnes:errors.notAllYours', 403);
	return ok(campagne);
}

function checkScope(ctx: StaffContext, form: CampagneForm): Result {
	if (!canEditCampagnes(ctx)) return refused('staff:errors.forbidden', 403);
	if (!form.departements.every((code) => canAccessDepartement(ctx, code)))
		return refused('campagnes:errors.departementScope', 400, { field: 'departements' });
	return ok();
}

const randomBytes = (): Uint8Array => crypto.getRandomValues(new Uint8Array(16));

/** Creates a campaign with a new code; its value is the campaign's id. */
export async function createCampagne(
	db: Db,
	ctx: StaffContext,
	form: CampagneForm,
	now: Date,
	random: () => Uint8Array = randomBytes
): Promise<Result<number>> {
	const allowed = checkScope(ctx, form);
	if (!allowed.ok) return allowed;
	return transact(db, async (tx) => {
		let code = codeFrom(random());
		// 31⁶ codes: a clash is rare; draw again a few times rather than fail.
		for (
			let i = 0;
			i < 5 && (await tx.select().from(campagnes).where(eq(campagnes.code, code)))[0];
			i++
		)
			code = codeFrom(random());
		if ((await tx.select().from(campagnes).where(eq(campagnes.code, code)))[0])
			return refused('campagnes:errors.code', 409);
		const { id } = (
			await tx
				.insert(campagnes)
				.values({
					code,
					name: form.name,
					target: form.target,
					startsOn: form.startsOn,
					endsOn: form.endsOn,
					createdBy: ctx.user.id,
					createdAt: now,
					updatedAt: now
				})
				.returning({ id: campagnes.id })
		)[0]!;
		await tx
			.insert(campagneDepartements)
			.values(form.departements.map((departementCode) => ({ campagneId: id, departementCode })));
		await audit(
			tx,
			{
				userId: ctx.user.id,
				action: 'campagne_create',
				details: { campagne: code, departements: form.departements.join(',') }
			},
			now
		);
		return ok(id);
	});
}

/** Edits a campaign; the letters sent of the départements it keeps are kept. */
export async function updateCampagne(
	db: Db,
	ctx: StaffContext,
	id: number,
	form: CampagneForm,
	now: Date
): Promise<Result<number>> {
	const allowed = checkScope(ctx, form);
	if (!allowed.ok) return allowed;
	return transact(db, async (tx) => {
		const found = await editable(tx, ctx, id);
		if (!found.ok) return found;
		await tx
			.update(campagnes)
			.set({
				name: form.name,
				target: form.target,
				startsOn: form.startsOn,
				endsOn: form.endsOn,
				updatedAt: now
			})
			.where(eq(campagnes.id, id));
		const before = found.value.departements.map((d) => d.code);
		const removed = before.filter((code) => !form.departements.includes(code));
		const added = form.departements.filter((code) => !before.includes(code));
		if (removed.length)
			await tx
				.delete(campagneDepartements)
				.where(
					and(
						eq(campagneDepartements.campagneId, id),
						inArray(campagneDepartements.departementCode, removed)
					)
				);
		if (added.length)
			await tx
				.insert(campagneDepartements)
				.values(added.map((departementCode) => ({ campagneId: id, departementCode })));
		await audit(
			tx,
			{
				userId: ctx.user.id,
				action: 'campagne_update',
				details: { campagne: found.value.code, departements: form.departements.join(',') }
			},
			now
		);
		return ok(id);
	});
}

/** Enters (or clears) the number of letters a campaign sent in one of its départements. */
export async function setLettersSent(
	db: Db,
	ctx: StaffContext,
	id: number,
	input: { departement: string; lettersSent: number | null },
	now: Date
): Promise<Result<number>> {
	return transact(db, async (tx) => {
		const campagne = await campagneFor(tx, ctx, id);
		if (!campagne) return refused('not_found', 404);
		if (!canEditCampagnes(ctx)) return refused('staff:errors.forbidden', 403);
		if (
			!campagne.departements.some((d) => d.code === input.departement) ||
			!canAccessDepartement(ctx, input.departement)
		)
			return refused('campagnes:errors.departements', 400, { field: 'lettersSent' });
		await tx
			.update(campagneDepartements)
			.set({ lettersSent: input.lettersSent })
			.where(
				and(
					eq(campagneDepartements.campagneId, id),
					eq(campagneDepartements.departementCode, input.departement)
				)
			);
		await audit(
			tx,
			{
				userId: ctx.user.id,
				action: 'campagne_letters_sent',
				departementCode: input.departement,
				details: { campagne: campagne.code, lettersSent: input.lettersSent }
			},
			now
		);
		return ok(id);
	});
}
