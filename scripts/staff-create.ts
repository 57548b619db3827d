// `npm run staff:create -- --email a@b.fr --name "Nom" --role agent --departements 69,01`
// Creates a staff account without a password and prints ONE one-time setup link (72 h).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { closeDatabase, openReadyDatabase } from '../src/lib/server/db/index';
import { staffRoles } from '../src/lib/server/db/schema';
import { departementCodes } from '../src/lib/departements/data';
import { createSetupToken, createStaffUser } from '../src/lib/server/auth/accounts';
import { findUserByEmail } from '../src/lib/server/auth/login';
import { env, publicBaseUrl } from '../src/lib/server/env';

const argsSchema = z
	.object({
		email: z
			.email('--email: a valid e-mail address is required')
			.max(254)
			.transform((v) => v.trim().toLowerCase()),
		name: z.string().trim().min(1, '--name is required').max(200),
		role: z.enum(staffRoles, { error: `--role: one of ${staffRoles.join(', ')}` }),
		departements: z
			.string()
			.default('')
			.transform((v) => [
				...new Set(
					v
						.split(',')
						.map((c) => c.trim().toUpperCase())
						.filter(Boolean)
				)
			])
			.refine(
				(codes) => codes.every((code) => departementCodes.includes(code)),
				'--departements: unknown département code'
			)
	})
	.refine((a) => a.role === 'administrateur' || a.departements.length > 0, {
		path: ['departements'],
		message: '--departements: at least one code for an agent or a responsable (e.g. 69,01)'
	});

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string' },
		departements: { type: 'string' }
	},
	strict: true
});

const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
	for (const issue of parsed.error.issues) console.error(issue.message);
	process.exit(2);
}

const config = env();
let base: string;
try {
	// The link is built on PUBLIC_URL (else ORIGIN), required in production (ADR 025).
	base = publicBaseUrl(config);
} catch (error) {
	console.error((error as Error).message);
	process.exit(2);
}
const db = await openReadyDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR);
if (await findUserByEmail(db, parsed.data.email)) {
	console.error('An account with this e-mail address already exists.');
	await closeDatabase(db);
	process.exit(1);
}
const token = await db.transaction(async (tx) => {
	const userId = await createStaffUser(tx, parsed.data);
	return createSetupToken(tx, userId);
});
await closeDatabase(db);
console.log(
	`Account created. Send this one-time setup link (valid 72 hours) to its owner:\n${base}/espace-pro/activation/${token}`
);
