// `npm run mail:show -- 12`: prints queued mail 12 of DATABASE_URL as it will be sent, its
// personal link put in (development and demo without SMTP_HOST: docs/mail.md). The outbox
// itself keeps the link's token sealed with the link key (ADR 025); this needs that key file.
import Database from 'better-sqlite3';
import { env } from '../src/lib/server/env';
import { readOrCreateLinkKey, renderMail } from '../src/lib/server/mail/seal';

const id = Number(process.argv[2]);
if (!Number.isInteger(id) || id < 1) {
	console.error('Usage: npm run mail:show -- <outbox id>');
	process.exit(2);
}
const config = env();
const db = new Database(config.DATABASE_URL, { readonly: true, fileMustExist: true });
const mail = db
	.prepare(
		'select recipient, subject, text, ics, sealed_token as sealedToken from outbox where id = ?'
	)
	.get(id) as
	| {
			recipient: string;
			subject: string;
			text: string;
			ics: string | null;
			sealedToken: string | null;
	  }
	| undefined;
db.close();
if (!mail) {
	console.error(`No mail ${id} in the outbox.`);
	process.exit(1);
}
const rendered = renderMail(
	mail,
	readOrCreateLinkKey(config.LINK_KEY_FILE ?? `${config.DATABASE_URL}.key`)
);
if (!rendered) {
	console.error(
		'Its link cannot be unsealed: the link key file is not the one it was queued with.'
	);
	process.exit(1);
}
console.log(`To: ${mail.recipient}\nSubject: ${mail.subject}\n\n${rendered.text}`);
