import { inArray } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { staffUsers } from '$lib/server/db/schema';
import { createStaffUser, setPassword, setTotpSecret } from './accounts';
import { hashPasswordSync } from './password';

/** Demo mode only (seedDemoData): the shared password of the demo accounts, in the README. */
export const DEMO_STAFF_PASSWORD = 'demo-portail-pdp-2026';
/** Demo mode only: the demo administrator's TOTP secret, in the README. */
export const DEMO_ADMIN_TOTP_SECRET = 'DC4O7HFDYFE47IG6DMI5TVP2FVEDG72O';

export const demoStaff = [
	{
		email: 'agent.69@demo.portail-pdp.invalid',
		name: 'Agent de démonstration (69, 01)',
		role: 'agent',
		departements: ['69', '01']
	},
	{
		email: 'responsable.974@demo.portail-pdp.invalid',
		name: 'Responsable de démonstration (974)',
		role: 'responsable',
		departements: ['974']
	},
	{
		email: 'admin@demo.portail-pdp.invalid',
		name: 'Administrateur de démonstration',
		role: 'administrateur',
		departements: []
	},
	{
		// Guadeloupe and Martinique: the départements with default closures to lift (ADR 038).
		email: 'responsable.971@demo.portail-pdp.invalid',
		name: 'Responsable de démonstration (971, 972)',
		role: 'responsable',
		departements: ['971', '972']
	}
] as const;

/** (Re)creates the demo staff accounts; called by seedDemoData inside its transaction. */
export async function seedDemoStaff(db: Executor, now: Date = new Date()): Promise<void> {
	await db.delete(staffUsers).where(
		inArray(
			staffUsers.email,
			demoStaff.map((s) => s.email)
		)
	);
	const passwordHash = hashPasswordSync(DEMO_STAFF_PASSWORD);
	for (const staff of demoStaff) {
		const id = await createStaffUser(db, staff, now);
		await setPassword(db, id, passwordHash);
		if (staff.role === 'administrateur') await setTotpSecret(db, id, DEMO_ADMIN_TOTP_SECRET);
	}
}
