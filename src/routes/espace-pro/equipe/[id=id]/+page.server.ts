import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { guardedAction } from '$lib/server/forms';
import {
	findManageableMember,
	linkOptionsFromEnv,
	sendMemberResetLink,
	setMemberDisabled,
	type ManageOutcome
} from '$lib/server/staff/team';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const ROLES = ['responsable', 'administrateur'] as const;
const BANNERS = ['desactive', 'reactive', 'lien'] as const;
/** The buttons of this page post no field. */
const noFields = z.object({});

/** A responsable or administrateur, and the member id of the URL (digits: the `id` matcher). */
const context = (event: RequestEvent) => ({
	staff: requireStaff(event, { roles: ROLES }),
	id: Number(event.params.id),
	event
});

export const load: PageServerLoad = async (event) => {
	const { staff, id } = context(event);
	const member = await findManageableMember(getDb(), staff, id);
	if (!member) error(404, 'Not found');
	return {
		member: { ...member, createdAt: member.createdAt.toISOString() },
		banner: BANNERS.find((name) => event.url.searchParams.get(name) === '1') ?? null
	};
};

/** not_found → 404 (the account is not revealed); other refusals → 400 with a message on the page. */
const manage = (
	run: (c: Awaited<ReturnType<typeof context>>) => Promise<ManageOutcome>,
	banner: (typeof BANNERS)[number]
) =>
	guardedAction(context, {
		form: 'member',
		schema: noFields,
		fields: [],
		run: (_, c) => run(c),
		message: (refusal) =>
			refusal.reason === 'self' ? 'equipe:errors.self' : 'equipe:errors.disabled',
		redirect: (_, { context: c }) => `/espace-pro/equipe/${c.id}?${banner}=1`
	});

export const actions: Actions = {
	disable: manage(({ staff, id }) => setMemberDisabled(getDb(), staff, id, true), 'desactive'),
	enable: manage(({ staff, id }) => setMemberDisabled(getDb(), staff, id, false), 'reactive'),
	reset: manage(
		({ staff, id }) => sendMemberResetLink(getDb(), staff, id, linkOptionsFromEnv()),
		'lien'
	)
};
