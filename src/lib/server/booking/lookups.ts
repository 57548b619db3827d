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
export async function demandeByToken(db: Executor, token: string): Promise<Demande | undefined> {
	return (
		await db
			.select()
			.from(demandes)
			.where(eq(demandes.manageTokenHash, hashToken(token)))
	)[0];
}

/** The confirmed rendez-vous of a demande, if any. */
export async function confirmedRendezVous(
	db: Executor,
	demandeId: number
): Promise<RendezVous | undefined> {
	return (
		await db
			.select()
			.from(rendezVous)
			.where(and(eq(rendezVous.demandeId, demandeId), eq(rendezVous.status, 'confirme')))
	)[0];
}

export async function agendaById(db: Executor, id: number): Promise<Agenda | undefined> {
	return (await db.select().from(agendas).where(eq(agendas.id, id)))[0];
}
