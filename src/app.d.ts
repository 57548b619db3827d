import type { TFunction } from 'i18next';
import type { Locale } from '$lib/i18n/config';
import type { StaffContext } from '$lib/server/auth/guard';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** The request's i18next `t` (server-side strings: form errors, API, e-mails). */
			t: TFunction;
			requestId: string;
			/** The logged-in staff member (second factor done), or null (ADR 010). */
			staff: StaffContext | null;
			/** The request carried the cookie of a staff session that has just expired (ADR 027). */
			sessionExpired: boolean;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
