/**
 * A free slot as the pages show it (plain, serializable data) and the radio value that
 * identifies it: `${agendaId}|${start ISO}`. Shared by the server and the slot list.
 */
/** The point d'accueil of a slot at a place (null for a phone or visio slot). */
export interface SlotPoint {
	id: number;
	name: string;
	address: string;
	/** Accessibility of the place, as staff wrote it ('' when unknown). */
	accessibility: string;
	isDemo: boolean;
}

export interface SlotView {
	/** The radio value: `${agendaId}|${start.toISOString()}`. */
	value: string;
	/** Start instant, ISO 8601 UTC. */
	start: string;
	/** Local date in the département's zone (YYYY-MM-DD): the day group. */
	date: string;
	point: SlotPoint | null;
}

const SLOT_VALUE = /^([1-9]\d{0,8})\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

export function slotValue(agendaId: number, start: Date): string {
	return `${agendaId}|${start.toISOString()}`;
}

/** The agenda and start of a radio value, or null when malformed (strict round trip). */
export function parseSlotValue(value: unknown): { agendaId: number; start: Date } | null {
	if (typeof value !== 'string') return null;
	const match = SLOT_VALUE.exec(value);
	if (!match) return null;
	const start = new Date(match[2]!);
	if (Number.isNaN(start.getTime()) || start.toISOString() !== match[2]) return null;
	return { agendaId: Number(match[1]), start };
}
