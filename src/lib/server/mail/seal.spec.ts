import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	LINK_TOKEN,
	icsHoldsLinkToken,
	putToken,
	readOrCreateLinkKey,
	renderMail,
	scrubLinkTokens,
	sealToken,
	unsealToken
} from './seal';

const key = randomBytes(32);
const token = 'abcdefghijklmnopqrstuvwxyz234567';

describe('sealed link tokens (ADR 025)', () => {
	it('seals and unseals with the same key only; a tampered or malformed value gives null', () => {
		const sealed = sealToken(token, key);
		expect(sealed).not.toContain(token);
		expect(sealToken(token, key)).not.toBe(sealed);
		expect(unsealToken(sealed, key)).toBe(token);
		expect(unsealToken(sealed, randomBytes(32))).toBeNull();
		const [v, iv, body] = sealed.split('.');
		const flipped = body!.slice(0, 5) + (body![5] === 'A' ? 'B' : 'A') + body!.slice(6);
		expect(unsealToken(`${v}.${iv}.${flipped}`, key)).toBeNull();
		for (const bad of ['', 'v1', 'v2.a.b', 'v1..', 'v1.%%%.%%%'])
			expect(unsealToken(bad, key)).toBeNull();
	});

	it('the placeholder is as long as a token, so an .ics fold stays where it was', () => {
		expect(LINK_TOKEN).toHaveLength(token.length);
		const url = `https://portail.example/rendez-vous/gerer/${LINK_TOKEN}`;
		expect(putToken(`Lien : ${url}\n`, token)).toBe(
			`Lien : https://portail.example/rendez-vous/gerer/${token}\n`
		);
		// Folded after 7 characters of the placeholder, then again after 20.
		const folded = `URL:https://x/${LINK_TOKEN.slice(0, 7)}\r\n ${LINK_TOKEN.slice(7, 20)}\r\n\t${LINK_TOKEN.slice(20)}\r\n`;
		expect(putToken(folded, token)).toBe(
			`URL:https://x/${token.slice(0, 7)}\r\n ${token.slice(7, 20)}\r\n\t${token.slice(20)}\r\n`
		);
		expect(() => putToken(url, 'short')).toThrow(RangeError);
	});

	it('renders a queued mail with its token, or null when the key cannot open it', () => {
		const mail = {
			text: `a ${LINK_TOKEN} b`,
			ics: `URL:${LINK_TOKEN}`,
			sealedToken: sealToken(token, key)
		};
		expect(renderMail(mail, key)).toEqual({ text: `a ${token} b`, ics: `URL:${token}` });
		expect(renderMail(mail, randomBytes(32))).toBeNull();
		expect(renderMail({ text: 'no link', ics: null, sealedToken: null }, key)).toEqual({
			text: 'no link',
			ics: null
		});
	});

	it('scrubs links queued before the sealing (text and folded .ics)', () => {
		expect(scrubLinkTokens(`x /rendez-vous/gerer/${token} y /espace-pro/activation/${token}`)).toBe(
			`x /rendez-vous/gerer/${LINK_TOKEN} y /espace-pro/activation/${LINK_TOKEN}`
		);
		expect(
			icsHoldsLinkToken(
				`URL:https://x/rendez-vous/gerer/${token.slice(0, 10)}\r\n ${token.slice(10)}`
			)
		).toBe(true);
		expect(icsHoldsLinkToken(`URL:https://x/rendez-vous/gerer/${LINK_TOKEN}`)).toBe(false);
	});

	it('creates the key file once (mode 0600), reads it afterwards, refuses a file that holds no key', () => {
		const dir = `tests/.tmp/vitest/seal-${process.pid}`;
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const file = `${dir}/sub/portail.db.key`;
		const created = readOrCreateLinkKey(file);
		expect(created).toHaveLength(32);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readOrCreateLinkKey(file).equals(created)).toBe(true);
		expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(created)).toBe(true);
		writeFileSync(`${dir}/bad.key`, 'not a key');
		expect(() => readOrCreateLinkKey(`${dir}/bad.key`)).toThrow(/LINK_KEY_FILE/);
		rmSync(dir, { recursive: true, force: true });
	});
});
