import { getDb } from '$lib/server/db/client';
import { findSetupLink } from '$lib/server/auth/accounts';
import { requireStaff } from '$lib/server/auth/guard';
import {
	findManageableMember,
	linkOptionsFromEnv,
	listMembers,
	setupUrl
} from '$lib/server/staff/team';
import { takeCreatedLink } from './flash';
import type { PageServerLoad } from './$types';

const ROLES = ['responsable', 'administrateur'] as const;

export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event, { roles: ROLES });
	const db = getDb();
	const token = takeCreatedLink(event.cookies, event.url.protocol === 'https:');
	let created: { name: string; email: string; url: string } | null = null;
	if (token) {
		const link = await findSetupLink(db, token);
		const member =
			link && link.purpose === 'activation'
				? await findManageableMember(db, staff, link.user.id)
				: undefined;
		if (member)
			created = {
				name: member.name,
				email: member.email,
				url: setupUrl(linkOptionsFromEnv().baseUrl, token)
			};
	}
	const members = (await listMembers(db, staff)).map((m) => ({
		...m,
		createdAt: m.createdAt.toISOString()
	}));
	return {
		isAdmin: staff.user.role === 'administrateur',
		departements: staff.user.role === 'administrateur' ? [] : staff.departements,
		members,
		created
	};
};
