import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Locale } from '$lib/i18n/config';
import type { Db } from '$lib/server/db/index';
import { loginAttempts } from '$lib/server/db/schema';
import { enqueueMail } from '$lib/server/mail/outbox';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import { staffAccountMail } from '$lib/server/mail/staff-account';
import { createSetupToken } from './accounts';
import { audit } from './guard';
import { findUserByEmail } from './login';
import { RETENTION_MS } from './throttle';
import { throttleHmac } from './throttle-key';

/**
 * "Mot de passe oublié" (docs/accounts.md). The page always gives the same answer; only an
 * existing, active account gets a mail with a 1-hour link. At most RESET_MAX_PER_HOUR
 * requests per typed address per hour lead to a mail (counted for unknown addresses too, so
 * the limit tells nothing); the requests are kept as HMACs in login_attempts (`reset:` keys, ADR 027)
 * and pruned after a day.
 */
export const RESET_MAX_PER_HOUR = 3;
const HOUR_MS = 60 * 60 * 1000;

export const resetKey = (email: string) => `reset:${throttleHmac(email.trim().toLowerCase())}`;

export type ResetRequestResult = 'sent' | 'unknown' | 'throttled';

export async function requestPasswordReset(
	db: Db,
	email: string,
	options: { baseUrl: string; isDemo: boolean; locale: Locale; now?: Date }
): Promise<ResetRequestResult> {
	const now = options.now ?? new Date();
	const key = resetKey(email);
	return db.transaction(async (tx) => {
		await tx
			.delete(loginAttempts)
			.where(lt(loginAttempts.at, new Date(now.getTime() - RETENTION_MS)));
		const recent =
			(
				await tx
					.select({ n: count() })
					.from(loginAttempts)
					.where(
						and(eq(loginAttempts.key, key), gt(loginAttempts.at, new Date(now.getTime() - HOUR_MS)))
					)
			)[0]?.n ?? 0;
		await tx.insert(loginAttempts).values({ key, at: now });
		const user = await findUserByEmail(tx, email);
		if (!user || user.disabledAt !== null) return 'unknown';
		if (recent >= RESET_MAX_PER_HOUR) {
			await audit(
				tx,
				{
					userId: user.id,
					action: 'password_reset_requested',
					details: { sent: false, reason: 'throttled' }
				},
				now
			);
			return 'throttled';
		}
		const token = await createSetupToken(tx, user.id, now, 'reinitialisation');
		// The mail's text holds LINK_TOKEN; the token itself is sealed apart (ADR 025).
		const url = `${options.baseUrl.replace(/\/+$/, '')}/espace-pro/activation/${LINK_TOKEN}`;
		const mail = staffAccountMail({
			locale: options.locale,
			purpose: 'reinitialisation',
			name: user.name,
			url,
			isDemo: options.isDemo
		});
		await enqueueMail(
			tx,
			{ recipient: user.email, subject: mail.subject, text: mail.text, token },
			now
		);
		await audit(
			tx,
			{ userId: user.id, action: 'password_reset_requested', details: { sent: true } },
			now
		);
		return 'sent';
	});
}
