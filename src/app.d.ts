import type { TFunction } from 'i18next';
import type { Locale } from '$lib/i18n/config';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** The request's i18next `t` (server-side strings: form errors, API, e-mails). */
			t: TFunction;
			requestId: string;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
