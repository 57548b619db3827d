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
	/** Information the organisme running the portal must fill in: shown as such, never invented. */
	| { todo: string }
	/** A statement whose legal basis is not settled yet: shown with a "to be confirmed" mark. */
	| { confirm: string };

export interface Section {
	id: string;
	blocks: Block[];
}

/** The date of the last change of the legal texts (ISO date). */
export const LEGAL_UPDATED = '2026-11-23';
