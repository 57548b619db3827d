import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import {
	cancellationMail,
	confirmationMail,
	moveMail,
	type RendezVousMailInput
} from './templates';
import { serviceCancellationMail } from './service-cancel';

/**
 * The .ics files of the e-mails, read by an independent parser (ical.js) and checked against
 * RFC 5545 and the iTIP rules of RFC 5546 for REQUEST and CANCEL.
 */

const input: RendezVousMailInput = {
	locale: 'fr',
	reference: 'PDP-7KQ2M9XZ',
	prenom: 'Marie-Ange',
	nom: 'Payet',
	mode: 'telephone',
	start: new Date('2026-12-01T06:30:00Z'),
	end: new Date('2026-12-01T07:15:00Z'),
	timeZone: 'Indian/Reunion',
	departementName: 'La Réunion',
	organismeName: 'CGSS La Réunion',
	manageUrl: 'https://portail-pdp.example/rendez-vous/gerer/abcdefghijklmnopqrstuvwxyz234567',
	isDemo: false,
	now: new Date('2026-11-24T09:00:00Z'),
	email: 'marie-ange@example.org',
	departementMailbox: 'service-social-974@cgss.example'
};

function read(ics: string | undefined) {
	expect(ics).toBeDefined();
	const calendar = new ICAL.Component(ICAL.parse(ics!));
	expect(calendar.name).toBe('vcalendar');
	expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
	expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
	const events = calendar.getAllSubcomponents('vevent');
	expect(events).toHaveLength(1);
	const vevent = events[0]!;
	const event = new ICAL.Event(vevent);
	const organizer = vevent.getFirstProperty('organizer');
	const attendees = vevent.getAllProperties('attendee');
	return { calendar, vevent, event, organizer, attendees };
}

/** What RFC 5546 §3.2 requires of a VEVENT in a REQUEST or CANCEL, and what we promise. */
function expectItip(ics: string | undefined, method: 'REQUEST' | 'CANCEL', sequence: number) {
	const { calendar, vevent, event, organizer, attendees } = read(ics);
	expect(calendar.getFirstPropertyValue('method')).toBe(method);
	expect(event.uid).toBe('PDP-7KQ2M9XZ@portail-pdp');
	expect(event.sequence).toBe(sequence);
	expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();
	// The organiser is the département's mailbox, which reads replies: never an undeliverable one.
	expect(organizer?.getFirstValue()).toBe('mailto:service-social-974@cgss.example');
	expect(organizer?.getParameter('cn')).toMatch(/CGSS La Réunion/);
	// The person, with no reply asked.
	expect(attendees).toHaveLength(1);
	expect(attendees[0]!.getFirstValue()).toBe('mailto:marie-ange@example.org');
	expect(attendees[0]!.getParameter('rsvp')).toBe('FALSE');
	expect(attendees[0]!.getParameter('cn')).toBe('Marie-Ange Payet');
	return { vevent, event };
}

describe('calendar files (ical.js, RFC 5545/5546)', () => {
	it('a booking sends a REQUEST with organizer, attendee, SEQUENCE 0 and the UTC times', () => {
		const { vevent, event } = expectItip(confirmationMail(input).ics, 'REQUEST', 0);
		expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T06:30:00.000Z');
		expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T07:15:00.000Z');
		expect(event.summary).toMatch(/téléphone/);
		expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
	});

	it('a move sends a REQUEST for the same UID with a higher SEQUENCE and the new times', () => {
		const start = new Date('2026-12-03T05:00:00Z');
		const ics = moveMail({
			...input,
			start,
			end: new Date('2026-12-03T05:45:00Z'),
			sequence: 1,
			previousStart: input.start
		}).ics;
		const { event } = expectItip(ics, 'REQUEST', 1);
		expect(event.startDate.toJSDate().toISOString()).toBe(start.toISOString());
	});

	it("a cancellation (the person's or the service's) sends a CANCEL, same UID, SEQUENCE raised", () => {
		const own = expectItip(
			cancellationMail({
				...input,
				sequence: 2,
				rebookUrl: 'https://portail-pdp.example/rendez-vous'
			}).ics,
			'CANCEL',
			2
		);
		expect(own.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
		const service = expectItip(
			serviceCancellationMail({
				...input,
				message: 'Absence imprévue.',
				rebookUrl: 'https://portail-pdp.example/rendez-vous',
				sequence: 1
			}).ics,
			'CANCEL',
			1
		);
		expect(service.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
	});

	it('without the mailbox or the address: a plain event, no METHOD, no organizer', () => {
		for (const over of [{ departementMailbox: null }, { email: null }]) {
			const { calendar, organizer, attendees } = read(confirmationMail({ ...input, ...over }).ics);
			expect(calendar.getFirstPropertyValue('method')).toBeNull();
			expect(organizer).toBeNull();
			expect(attendees).toHaveLength(0);
		}
	});
});
