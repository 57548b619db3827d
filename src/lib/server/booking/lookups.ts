import { and, eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import {
	agendas,
	demandes,
	rendezVous,
	type Agenda,
	type Demande,
	type RendezVous
} from '$lib/server/db/schema';
import { hashToken } from '$lib/server/tokens';

/** Reads of demandes and rendez-vous that the commands and the pages share (ADR 032). */

/** The demande of a manage-link token, if any. */
export function demandeByToken(db: Executor, token: string): Demande | undefined {
	return db
		.select()
		.from(demandes)
		.where(eq(demandes.manageTokenHash, hashToken(token)))
		.get();
}

/** The confirmed rendez-vous of a demande, if any. */
export function confirmedRendezVous(db: Executor, demandeId: number): RendezVous | undefined {
	return db
		.select()
		.from(rendezVous)
		.where(and(eq(rendezVous.demandeId, demandeId), eq(rendezVous.status, 'confirme')))
		.get();
}

export function agendaById(db: Executor, id: number): Agenda | undefined {
	return db.select().from(agendas).where(eq(agendas.id, id)).get();
}
