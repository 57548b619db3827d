// `npm run db:seed:scale -- <new-file.db> [count]`: a throwaway database at scale, for the
// scale bench (`npm run bench:scale`, docs/performance.md, ADR 040). Never the demo database:
// the file must not exist yet. Migrates it, writes the demo data (agendas, demo staff
// accounts), then `count` demandes (default 100 000) created over the last 24 months across
// the 101 départements, with rendez-vous (some moved), history events and assignments in
// plausible proportions. Every person is fictitious (addresses in the reserved `.invalid`
// domain); the sequence is deterministic.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { departementCodes } from '../src/lib/departements/data';
import { personKeys } from '../src/lib/booking/identity';
import { optionsFor, questions, QUESTIONNAIRE_VERSION } from '../src/lib/questionnaire/definition';
import type { Answers } from '../src/lib/questionnaire/definition';
import { scoreAnswers } from '../src/lib/scoring/score';
import { sqliteOf, openDatabase } from '../src/lib/server/db/index';
import { seedDemoData } from '../src/lib/server/db/seed';
import { generator, reference } from '../src/lib/server/db/seed-history';
import { hashToken } from '../src/lib/server/tokens';
import { DUE_DAYS, demandeOutcomes } from '../src/lib/vocabulary';

const [file, countArg] = process.argv.slice(2);
if (!file) {
	console.error('Usage: npm run db:seed:scale -- <new-file.db> [count]');
	process.exit(2);
}
if (existsSync(file) || resolve(file) === resolve('./data/portail.db')) {
	console.error(`${file} exists: the scale seed only writes a new, throwaway database.`);
	process.exit(2);
}
const COUNT = Number(countArg ?? 100_000);
const DAY = 24 * 3600 * 1000;
const NOW = Date.now();

/** Deterministic, so two runs give the same database. */
const random = generator(20_261_207);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const NOMS = (
	'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre ' +
	'Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefebvre Mercier Dupont ' +
	'Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry ' +
	'Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin ' +
	'Payet Hoarau Grondin Château Lebœuf Nguyen Benali Le-Goff Da-Silva Ménard'
).split(' ');
const PRENOMS = (
	'Camille Léa Manon Chloé Inès Zoé Jade Louise Emma Anaïs Hélène Sophie Nathalie Élodie Maëlle ' +
	'Lucas Hugo Théo Nathan Louis Jules Noé Gabriel Raphaël Arthur Jérôme Stéphane François Cédric ' +
	'Thierry Karim Yacine Mamadou Joël Grégoire Benoît Loïc Aurélien Sébastien'
)
	.split(' ')
	.map((p) => p.replaceAll('-', ' '));

/** Weights: the demo staff's départements carry real caseloads, the others share the rest. */
const weighted = departementCodes.flatMap((code) =>
	Array<string>(code === '69' ? 60 : code === '01' || code === '974' ? 25 : 10).fill(code)
);
const sources = ['medecin_traitant', 'courrier_assurance_maladie', 'medecin_travail', 'employeur'];
const allSources = [...sources, ...sources, 'partenaire', 'moi_meme', 'moi_meme'];

/** A few real scoring results to share (computing one per demande would only slow the seed). */
const shared = Array.from({ length: 40 }, () => {
	const answers = Object.fromEntries(
		questions.map((q) => {
			if (q.kind === 'scale') return [q.id, Math.floor(random() * 11)];
			const options = optionsFor(q, 'salarie');
			return [q.id, options[Math.floor(random() ** 1.6 * options.length)]!.id];
		})
	) as Answers;
	return {
		answers: JSON.stringify(answers),
		result: JSON.stringify(scoreAnswers(answers, 'salarie'))
	};
});

const db = openDatabase(file, './drizzle');
await seedDemoData(db, { onlyIfEmpty: false });
const sqlite = sqliteOf(db);
sqlite.pragma('synchronous = OFF');

const agendas = sqlite.prepare('select id, departement_code as code, mode from agendas').all() as {
	id: number;
	code: string;
	mode: string;
}[];
const agendaOf = new Map<string, number[]>();
for (const a of agendas) {
	const key = `${a.code}/${a.mode}`;
	agendaOf.set(key, [...(agendaOf.get(key) ?? []), a.id]);
}
const staffOf = new Map<string, number[]>();
for (const row of sqlite
	.prepare('select user_id as id, departement_code as code from staff_departements')
	.all() as { id: number; code: string }[])
	staffOf.set(row.code, [...(staffOf.get(row.code) ?? []), row.id]);

const insertDemande = sqlite.prepare(`insert into demandes (reference, kind, status,
	departement_code, source, nom, prenom, email, telephone, email_key, phone_key, sans_creneau,
	priority, share_result, questionnaire_version, answers, result, manage_token_hash, locale,
	created_at, due_at, assigned_to, closed_at, outcome)
	values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fr', ?, ?, ?, ?, ?)`);
const insertRdv = sqlite.prepare(`insert into rendez_vous (demande_id, agenda_id, mode,
	starts_at, ends_at, status, created_at, cancelled_at, cancelled_by, attendance)
	values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const insertEvent = sqlite.prepare(`insert into demande_events (demande_id, at, user_id, type,
	"from", "to", note) values (?, ?, ?, ?, ?, ?, ?)`);

const taken = new Set<string>();
function freeStart(agendaId: number, wanted: number): number {
	let start = wanted;
	while (taken.has(`${agendaId}@${start}`)) start += 30 * 60_000;
	taken.add(`${agendaId}@${start}`);
	return start;
}

const started = Date.now();
const counts = { demandes: 0, rendezVous: 0, events: 0 };
sqlite.transaction(() => {
	for (let i = 0; i < COUNT; i += 1) {
		const code = pick(weighted);
		// Uniform over 24 months, a working-hours instant.
		const created = new Date(NOW - Math.floor(random() * 730) * DAY - random() * 8 * 3600_000);
		created.setUTCHours(7 + Math.floor(random() * 9), Math.floor(random() * 60), 0, 0);
		const createdAt = Math.min(created.getTime(), NOW - 60_000);
		const age = (NOW - createdAt) / DAY;
		const r = random();
		const status =
			age < 30
				? r < 0.4
					? 'nouvelle'
					: r < 0.9
						? 'en_cours'
						: r < 0.96
							? 'cloturee'
							: 'annulee'
				: age < 90
					? r < 0.12
						? 'en_cours'
						: r < 0.93
							? 'cloturee'
							: 'annulee'
					: r < 0.93
						? 'cloturee'
						: 'annulee';
		const kind = random() < 0.8 ? 'rendez_vous' : 'rappel';
		const nom = pick(NOMS);
		const prenom = pick(PRENOMS);
		const email =
			random() < 0.9
				? `${prenom}.${nom}.${i}@demo.portail-pdp.invalid`.toLowerCase().replaceAll(' ', '-')
				: null;
		const telephone = `0${pick(['6', '7'])}${String(10_000_000 + i * 7919).slice(-8)}`;
		const keys = personKeys({ email, telephone, nir: null });
		const isShared = random() < 0.6;
		const questionnaire = isShared ? pick(shared) : null;
		const staff = staffOf.get(code) ?? [];
		const assignee = status !== 'nouvelle' && staff.length > 0 ? pick(staff) : null;
		const closedAt =
			status === 'cloturee' ? Math.min(createdAt + (5 + random() * 30) * DAY, NOW) : null;
		const p = random();
		const demandeId = Number(
			insertDemande.run(
				reference(i, 'S'),
				kind,
				status,
				code,
				pick(allSources),
				nom,
				prenom,
				email,
				telephone,
				keys.email,
				keys.phone,
				kind === 'rappel' && random() < 0.4 ? 1 : 0,
				p < 0.04 ? 'rappel_rapide' : p < 0.05 ? 'detresse' : null,
				isShared ? 1 : 0,
				isShared ? QUESTIONNAIRE_VERSION : null,
				questionnaire?.answers ?? null,
				questionnaire?.result ?? null,
				hashToken(`scale-${i}`),
				createdAt,
				createdAt + DUE_DAYS * DAY,
				assignee,
				closedAt,
				closedAt === null ? null : pick(demandeOutcomes)
			).lastInsertRowid
		);
		counts.demandes += 1;
		if (kind === 'rendez_vous') {
			const mode = random() < 0.6 ? 'telephone' : random() < 0.4 ? 'visio' : 'accueil';
			const agendaId = pick(agendaOf.get(`${code}/${mode}`) ?? agendaOf.get(`${code}/telephone`)!);
			const day = Math.floor((createdAt + (2 + Math.floor(random() * 12)) * DAY) / DAY) * DAY;
			if (random() < 0.1) {
				const first = freeStart(agendaId, day - DAY + 8 * 3600_000);
				insertRdv.run(
					demandeId,
					agendaId,
					mode,
					first,
					first + 45 * 60_000,
					'annule',
					createdAt,
					createdAt,
					'assure',
					null
				);
				counts.rendezVous += 1;
			}
			const start = freeStart(
				agendaId,
				day + 8 * 3600_000 + Math.floor(random() * 16) * 30 * 60_000
			);
			const cancelled = status === 'annulee';
			const past = start < NOW;
			insertRdv.run(
				demandeId,
				agendaId,
				mode,
				start,
				start + 45 * 60_000,
				cancelled ? 'annule' : 'confirme',
				createdAt,
				cancelled ? createdAt + DAY : null,
				cancelled ? 'assure' : null,
				!cancelled && past && status === 'cloturee' ? (random() < 0.12 ? 'absent' : 'honore') : null
			);
			counts.rendezVous += 1;
		}
		const event = (
			at: number,
			type: string,
			from: string | null,
			to: string | null,
			note: string | null = null
		) => {
			insertEvent.run(demandeId, Math.min(at, NOW), assignee, type, from, to, note);
			counts.events += 1;
		};
		if (assignee !== null) event(createdAt + 3600_000, 'prise_en_charge', null, String(assignee));
		const attempts = kind === 'rappel' ? 1 + Math.floor(random() * 3) : Math.floor(random() * 2);
		for (let a = 0; a < attempts && status !== 'nouvelle'; a += 1)
			event(
				createdAt + (a + 1) * DAY,
				'tentative_contact',
				'telephone',
				random() < 0.6 ? 'joint' : 'non_joint'
			);
		if (status !== 'nouvelle' && random() < 0.25)
			event(createdAt + 2 * DAY, 'note', null, null, 'Note de suivi fictive.');
		if (closedAt !== null) event(closedAt, 'cloture', 'en_cours', 'cloturee');
	}
})();
sqlite.pragma('synchronous = FULL');
sqlite.exec('analyze');
sqlite.pragma('wal_checkpoint(TRUNCATE)');
sqlite.close();
console.log(
	`${counts.demandes} demandes, ${counts.rendezVous} rendez-vous, ${counts.events} events in ${file} (${Math.round((Date.now() - started) / 1000)} s)`
);
