import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { findManageableMember, linkOptionsFromEnv, sendMemberResetLink, setMemberDisabled, type ManageOutcome } from '$lib/server/staff/team';
import type { Actions, PageServerLoad } from './$types';

const ROLES = ['responsable', 'administrateur'] as const;
const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const BANNERS = ['desactive', 'reactive', 'lien'] as const;

/** The actor and the member id of the URL; a malformed id is a 404 like an unknown one. */
function context(event: RequestEvent<{ id: string }>) {
	const staff = requireStaff(event, { roles: ROLES });
	const id = idSchema.safeParse(event.params.id);
	if (!id.success) error(404, 'Not found');
	return { staff, id: id.data, db: getDb() };
}

/** not_found → 404 (do not reveal that the account exists); other refusals → 400 with a message. */
function answer(outcome: ManageOutcome, id: number, banner: (typeof BANNERS)[number]) {
	if (outcome.ok) redirect(303, `/espace-pro/equipe/${id}?${banner}=1`);
	if (outcome.reason === 'not_found') error(404, 'Not found');
	return fail(400, { error: outcome.reason === 'self' ? 'equipe:errors.self' : 'equipe:errors.disabled' });
}

export const load: PageServerLoad = (event) => {
	const { staff, id, db } = context(event);
	event.setHeaders({ 'cache-control': 'no-store' });
	const member = findManageableMember(db, staff, id);
	if (!member) error(404, 'Not found');
	return {
		member: { ...member, createdAt: member.createdAt.toISOString() },
		banner: BANNERS.find((name) => event.url.searchParams.get(name) === '1') ?? null
	};
};

export const actions: Actions = {
	disable: async (event) => {
		const { staff, id, db } = context(event);
		return answer(setMemberDisabled(db, staff, id, true), id, 'desactive');
	},
	enable: async (event) => {
		const { staff, id, db } = context(event);
		return answer(setMemberDisabled(db, staff, id, false), id, 'reactive');
	},
	reset: async (event) => {
		const { staff, id, db } = context(event);
		return answer(sendMemberResetLink(db, staff, id, linkOptionsFromEnv()), id, 'lien');
	}
};
