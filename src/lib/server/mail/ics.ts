/**
 * A minimal iCalendar (RFC 5545) writer for one rendez-vous: a VCALENDAR holding one VEVENT,
 * sent as an e-mail attachment so the person can add it to their calendar. Pure, no clock.
 *
 * With an organiser and an attendee it is an iTIP message (RFC 5546): METHOD:REQUEST to add or
 * update, METHOD:CANCEL to remove, with ORGANIZER (the département's service social mailbox,
 * which reads replies) and ATTENDEE (the person, RSVP=FALSE: no reply is asked). Without them
 * it is a plain iCalendar object, no METHOD, which calendars import as is: iTIP forbids a
 * METHOD without its ORGANIZER and ATTENDEE, and an ORGANIZER that bounces every reply.
 */

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface IcsPerson {
	/** CN: shown by calendars. */
	name: string;
	/** The mailto: address. */
	email: string;
}

export interface IcsEvent {
	/** Stable across changes of the same rendez-vous (e.g. `PDP-XXXX@portail-pdp`). */
	uid: string;
	start: Date;
	end: Date;
	summary: string;
	description: string;
	location?: string;
	/** The service social whose mailbox reads replies; given together with `attendee`. */
	organizer?: IcsPerson;
	/** The person the rendez-vous is for (RSVP=FALSE); given together with `organizer`. */
	attendee?: IcsPerson;
	url?: string;
	/**
	 * REQUEST (default) to add or update; CANCEL to remove from the calendar (STATUS:CANCELLED).
	 * Written as METHOD only with an organizer and an attendee (RFC 5546).
	 */
	method?: IcsMethod;
	/** 0 for the first version, +1 for each change (move, cancellation). */
	sequence?: number;
	/** DTSTAMP: when this version was produced. */
	now: Date;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** 20261201T063000Z */
export function icsUtc(instant: Date): string {
	if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
	return instant
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}Z$/, 'Z');
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newlines. */
export function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (e.g. CN): quoted when it holds ':', ';' or ','; DQUOTE and controls dropped. */
function paramValue(value: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what iCalendar forbids here
	const clean = value.replace(/["\u0000-\u001f\u007f]/g, ' ');
	return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** A URI or other non-TEXT value: no escaping in iCalendar, but never a line break. */
function rawValue(value: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what iCalendar forbids here
	return value.replace(/[\u0000-\u001f\u007f]/g, '');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): CRLF then one space; continuation lines
 * hold at most 74 octets after the space. Never splits a UTF-8 sequence (nor a surrogate pair).
 */
export function foldLine(line: string): string {
	if (encoder.encode(line).length <= MAX_LINE_OCTETS) return line;
	const out: string[] = [];
	let current = '';
	let octets = 0;
	let limit = MAX_LINE_OCTETS;
	for (const char of line) {
		const size = encoder.encode(char).length;
		if (octets + size > limit) {
			out.push(current);
			current = '';
			octets = 0;
			limit = MAX_LINE_OCTETS - 1;
		}
		current += char;
		octets += size;
	}
	out.push(current);
	return out.join(CRLF + ' ');
}

/** The .ics text of one event (CRLF line endings, folded, ending with CRLF). */
export function buildIcs(event: IcsEvent): string {
	const { start, end } = event;
	if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
		throw new RangeError('An event needs valid start and end instants, end after start');
	}
	const sequence = event.sequence ?? 0;
	if (!Number.isInteger(sequence) || sequence < 0)
		throw new RangeError(`Invalid SEQUENCE: ${sequence}`);
	const method: IcsMethod = event.method ?? 'REQUEST';
	const { organizer, attendee } = event;
	if ((organizer === undefined) !== (attendee === undefined))
		throw new RangeError('An iTIP message needs both an organizer and an attendee');
	const itip = organizer !== undefined && attendee !== undefined;

	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Portail PDP//Rendez-vous service social//FR',
		'CALSCALE:GREGORIAN',
		...(itip ? [`METHOD:${method}`] : []),
		'BEGIN:VEVENT',
		`UID:${rawValue(event.uid)}`,
		`DTSTAMP:${icsUtc(event.now)}`,
		`DTSTART:${icsUtc(start)}`,
		`DTEND:${icsUtc(end)}`,
		`SEQUENCE:${sequence}`,
		`STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
		`SUMMARY:${escapeText(event.summary)}`,
		`DESCRIPTION:${escapeText(event.description)}`
	];
	if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
	if (itip) {
		lines.push(
			`ORGANIZER;CN=${paramValue(organizer.name)}:mailto:${rawValue(organizer.email)}`,
			`ATTENDEE;CN=${paramValue(attendee.name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${rawValue(attendee.email)}`
		);
	}
	if (event.url) lines.push(`URL:${rawValue(event.url)}`);
	lines.push('TRANSP:OPAQUE', 'END:VEVENT', 'END:VCALENDAR');
	return lines.map(foldLine).join(CRLF) + CRLF;
}
