import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildIcs, escapeText, foldLine } from './ics';

interface Property {
	name: string;
	params: string;
	value: string;
}

/** RFC 5545 reading, independent of the writer: unfold (CRLF + space/tab), split name;params:value. */
function parseIcs(ics: string): Property[] {
	expect(ics.endsWith('\r\n')).toBe(true);
	expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	const unfolded = ics.replace(/\r\n[ \t]/g, '');
	return unfolded
		.split('\r\n')
		.filter((line) => line !== '')
		.map((line) => {
			// The value starts after the first ':' that is not inside a quoted parameter.
			let quoted = false;
			let colon = -1;
			for (let i = 0; i < line.length; i++) {
				if (line[i] === '"') quoted = !quoted;
				else if (line[i] === ':' && !quoted) {
					colon = i;
					break;
				}
			}
			const head = line.slice(0, colon);
			const semi = head.indexOf(';');
			return {
				name: semi < 0 ? head : head.slice(0, semi),
				params: semi < 0 ? '' : head.slice(semi + 1),
				value: line.slice(colon + 1)
			};
		});
}

function unescapeText(value: string): string {
	return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function prop(props: Property[], name: string): Property {
	const found = props.filter((p) => p.name === name);
	expect(found, name).toHaveLength(1);
	return found[0]!;
}

const base = {
	uid: 'PDP-7KQ2M9XZ@portail-pdp',
	start: new Date('2026-12-01T06:30:00Z'),
	end: new Date('2026-12-01T07:15:00Z'),
	summary: 'Rendez-vous avec le service social (par téléphone)',
	description: 'Numéro : PDP-7KQ2M9XZ',
	now: new Date('2026-11-24T09:05:07.123Z')
};

const parties = {
	organizer: { name: 'Service social', email: 'ss-974@example.org' },
	attendee: { name: 'Marie-Ange Payet', email: 'marie@example.org' }
};

describe('buildIcs', () => {
	it('writes a VCALENDAR with one confirmed VEVENT, UTC times and CRLF lines', () => {
		const props = parseIcs(buildIcs(base));
		expect(props.map((p) => `${p.name}:${p.value}`).filter((l) => /^(BEGIN|END)/.test(l))).toEqual([
			'BEGIN:VCALENDAR',
			'BEGIN:VEVENT',
			'END:VEVENT',
			'END:VCALENDAR'
		]);
		expect(prop(props, 'VERSION').value).toBe('2.0');
		expect(prop(props, 'PRODID').value).toMatch(/Portail PDP/);
		expect(prop(props, 'CALSCALE').value).toBe('GREGORIAN');
		// No organiser nor attendee: a plain event, no iTIP METHOD (RFC 5546 needs both).
		expect(props.some((p) => p.name === 'METHOD')).toBe(false);
		expect(prop(props, 'STATUS').value).toBe('CONFIRMED');
		expect(prop(props, 'SEQUENCE').value).toBe('0');
		expect(prop(props, 'UID').value).toBe('PDP-7KQ2M9XZ@portail-pdp');
		expect(prop(props, 'DTSTART').value).toBe('20261201T063000Z');
		expect(prop(props, 'DTEND').value).toBe('20261201T071500Z');
		expect(prop(props, 'DTSTAMP').value).toBe('20261124T090507Z');
		expect(
			props.some((p) => p.name === 'LOCATION' || p.name === 'ORGANIZER' || p.name === 'URL')
		).toBe(false);
	});

	it('cancels with METHOD:CANCEL, STATUS:CANCELLED and the given SEQUENCE', () => {
		const props = parseIcs(buildIcs({ ...base, ...parties, method: 'CANCEL', sequence: 2 }));
		expect(prop(props, 'METHOD').value).toBe('CANCEL');
		expect(prop(props, 'STATUS').value).toBe('CANCELLED');
		expect(prop(props, 'SEQUENCE').value).toBe('2');
	});

	it('escapes commas, semicolons, backslashes and newlines in text, and reads them back', () => {
		const description = 'Ligne 1, avec virgule; point-virgule\\barre\nLigne 2\r\nLigne 3';
		const location = 'Agence Sud, 3 rue des Lilas; bât. B\n97400 Saint-Denis';
		const ics = buildIcs({
			...base,
			description,
			location,
			organizer: { name: 'Service social: Carsat, Réunion', email: 'ss-974@example.org' },
			attendee: { name: 'Payet, Marie-Ange', email: 'marie@example.org' }
		});
		const props = parseIcs(ics);
		expect(prop(props, 'DESCRIPTION').value).toContain(
			'avec virgule\\; point-virgule\\\\barre\\nLigne 2'
		);
		expect(unescapeText(prop(props, 'DESCRIPTION').value)).toBe(description.replace(/\r\n/g, '\n'));
		expect(unescapeText(prop(props, 'LOCATION').value)).toBe(location);
		const organizer = prop(props, 'ORGANIZER');
		expect(organizer.params).toBe('CN="Service social: Carsat, Réunion"');
		expect(organizer.value).toBe('mailto:ss-974@example.org');
		const attendee = prop(props, 'ATTENDEE');
		expect(attendee.params).toBe('CN="Payet, Marie-Ange";ROLE=REQ-PARTICIPANT;RSVP=FALSE');
		expect(attendee.value).toBe('mailto:marie@example.org');
	});

	it('is an iTIP REQUEST only with an organizer and an attendee, never with one alone', () => {
		expect(prop(parseIcs(buildIcs({ ...base, ...parties })), 'METHOD').value).toBe('REQUEST');
		expect(() => buildIcs({ ...base, organizer: parties.organizer })).toThrow(RangeError);
		expect(() => buildIcs({ ...base, attendee: parties.attendee })).toThrow(RangeError);
	});

	it('never lets a value break a line or inject a property', () => {
		const ics = buildIcs({
			...base,
			uid: 'x\r\nATTENDEE:mailto:evil@example.org',
			url: 'https://a.example/g?t=1\nX:1',
			summary: 'a\r\nATTACH:x'
		});
		const names = parseIcs(ics).map((p) => p.name);
		expect(names).not.toContain('ATTENDEE');
		expect(names).not.toContain('ATTACH');
		expect(names).not.toContain('X');
	});

	it('folds long UTF-8 lines at 75 octets without splitting a character', () => {
		const description =
			'Préparez les dates de votre arrêt de travail, le nom de votre employeur — et vos questions. 🙂 '.repeat(
				8
			);
		const ics = buildIcs({
			...base,
			description,
			url: `https://portail.example/gerer/${'a'.repeat(120)}`
		});
		const lines = ics.split('\r\n');
		expect(lines.some((l) => l.startsWith(' '))).toBe(true);
		for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
		const props = parseIcs(ics);
		expect(unescapeText(prop(props, 'DESCRIPTION').value)).toBe(description);
		expect(prop(props, 'URL').value).toBe(`https://portail.example/gerer/${'a'.repeat(120)}`);
	});

	it('folding is lossless and bounded for any text (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
				const line = `DESCRIPTION:${escapeText(text)}`;
				const folded = foldLine(line);
				for (const part of folded.split('\r\n'))
					expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
				expect(folded.replace(/\r\n /g, '')).toBe(line);
			})
		);
	});

	it('rejects an end before the start and a negative SEQUENCE', () => {
		expect(() => buildIcs({ ...base, end: base.start })).toThrow(RangeError);
		expect(() => buildIcs({ ...base, sequence: -1 })).toThrow(RangeError);
	});
});
