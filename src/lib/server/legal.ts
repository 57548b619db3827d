import { env, type Env } from './env';

/**
 * What the legal pages (/mentions-legales, /confidentialite, /accessibilite) say about the
 * organisme running the portal: publisher, director of publication, host, DPO, accessibility
 * contact and audit status (ADR 036). They come from the validated configuration (LEGAL_*
 * variables, env.ts); the pages never show a placeholder.
 *
 * A production start without DEMO_DATA needs every required one: startup() stops with a
 * message naming the missing variables. A demo or a development/test run falls back, field by
 * field, to clearly fictitious values (the page shows the `legal:demo.*` texts for `null`).
 */
export interface LegalInfo {
	publisher: string | null;
	director: string | null;
	host: string | null;
	/** Optional everywhere: without it the page says to ask the publisher. */
	reuse: string | null;
	dpo: string | null;
	backupRetention: string | null;
	accessibilityContact: string | null;
	accessibilityStatus: NonNullable<Env['LEGAL_ACCESSIBILITY_STATUS']>;
	/** Who audited, when, the conformity rate; set whenever the status is not non-conforme. */
	accessibilityAudit: string | null;
	accessibilityPlan: string | null;
}

/** The variables a production start cannot do without. */
export const REQUIRED_LEGAL_VARIABLES = [
	'LEGAL_PUBLISHER',
	'LEGAL_PUBLICATION_DIRECTOR',
	'LEGAL_HOST',
	'LEGAL_DPO_CONTACT',
	'LEGAL_BACKUP_RETENTION',
	'LEGAL_ACCESSIBILITY_CONTACT',
	'LEGAL_ACCESSIBILITY_STATUS',
	'LEGAL_ACCESSIBILITY_PLAN'
] as const satisfies readonly (keyof Env)[];

/** The message of a production start without them; names each missing variable. */
export function legalRequiredMessage(missing: readonly string[]): string {
	return (
		'Invalid configuration (see .env.example):\n' +
		missing
			.map(
				(name) =>
					`  ${name}: required in production: the legal pages (mentions légales, confidentialité, accessibilité) show it`
			)
			.join('\n') +
		'\n(A demo, DEMO_DATA=1, or development shows fictitious values instead.)'
	);
}

/** The legal pages' information; throws legalRequiredMessage(…) in production when some is missing. */
export function legalInfo(config: Env = env()): LegalInfo {
	if (config.NODE_ENV === 'production' && !config.DEMO_DATA) {
		const missing = REQUIRED_LEGAL_VARIABLES.filter((name) => config[name] === undefined);
		if (missing.length > 0) throw new Error(legalRequiredMessage(missing));
	}
	return {
		publisher: config.LEGAL_PUBLISHER ?? null,
		director: config.LEGAL_PUBLICATION_DIRECTOR ?? null,
		host: config.LEGAL_HOST ?? null,
		reuse: config.LEGAL_REUSE ?? null,
		dpo: config.LEGAL_DPO_CONTACT ?? null,
		backupRetention: config.LEGAL_BACKUP_RETENTION ?? null,
		accessibilityContact: config.LEGAL_ACCESSIBILITY_CONTACT ?? null,
		accessibilityStatus: config.LEGAL_ACCESSIBILITY_STATUS ?? 'non-conforme',
		accessibilityAudit: config.LEGAL_ACCESSIBILITY_AUDIT ?? null,
		accessibilityPlan: config.LEGAL_ACCESSIBILITY_PLAN ?? null
	};
}
