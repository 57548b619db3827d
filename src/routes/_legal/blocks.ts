/**
 * The legal pages are long texts kept in the `legal` locale namespace. A page lists its
 * sections as blocks of keys (relative to `<page>.<section>.`); `Sections.svelte` renders them.
 */
export type Block =
	/** A paragraph. */
	| { p: string }
	/** A bulleted list, one key per item. */
	| { ul: string[] }
	/** A link on its own line (external links name their destination in the text). */
	| { href: string; link: string }
	/**
	 * Information about the organisme running the portal, from its configuration (LEGAL_*,
	 * src/lib/server/legal.ts; ADR 036): the key names the page's `info` entry, shown after the
	 * section's `<key>Label` text.
	 */
	| { info: string }
	/** A statement whose legal basis is not settled yet: shown with a "to be confirmed" mark. */
	| { confirm: string };

export interface Section {
	id: string;
	blocks: Block[];
}

/** The date of the last change of the legal texts (ISO date). */
export const LEGAL_UPDATED = '2026-11-23';
