import type { PriorityReason } from '$lib/vocabulary';
import type { Executor } from '$lib/server/db/index';
import type { Demande, Mode, Orienteur, RendezVous } from '$lib/server/db/schema';
import type { Slot } from '$lib/booking/slots';
import type { SlotPoint } from '$lib/booking/slot-view';
import type { Answers, Profile, Source } from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';

/**
 * The words shared by the three concerns of the booking service (ADR 032): what a free slot
 * looks like to the person, what a booking asks and what it answers.
 */

/** A free slot of one agenda, as offered to the person. */
export interface OfferedSlot extends Slot {
	agendaId: number;
	mode: Mode;
	pointAccueil: SlotPoint | null;
}

export interface Contact {
	nom: string;
	prenom: string;
	email: string | null;
	telephone: string | null;
	nir: string | null;
	message: string | null;
	/** The person asked for no SMS (ADR 041); absent: SMS allowed to a French mobile number. */
	smsRefused?: boolean;
}

/** The questionnaire attached to a demande, only with the person's consent. */
export interface SharedResult {
	questionnaireVersion: string;
	profile: Profile;
	answers: Answers;
	result: ScoringResult;
}

export interface DemandeInput {
	departementCode: string;
	source: Source;
	contact: Contact;
	share: SharedResult | null;
	locale: string;
	/** The demande's manage-link token (only its hash is stored). */
	token: string;
	/**
	 * The form's idempotency key: a replay with the same key finds the first demande. Defaults
	 * to `token` on the person's own forms, where the token is drawn when the form is shown;
	 * an orientation passes the professional's form key here and a server-drawn `token` that
	 * the professional never sees (ADR 024).
	 */
	requestKey?: string;
	/** The outreach campaign the person came by (ADR 044, `campagneOf`), if any. */
	campagneId?: number | null;
	/** The person agreed to the follow-up months later (ADR 045): recorded with its date and wording. */
	suiviConsent?: boolean;
	/** The évènement whose follow-up link the person came from (ADR 043). */
	evenementId?: number | null;
}

export interface BookingInput extends DemandeInput {
	agendaId: number;
	start: Date;
	/** The mode the person chose: the agenda must be of that mode (checked in the transaction). */
	mode?: Mode;
	/**
	 * Who books: the limits of ADR 026 apply to the public form, which must say so; without it
	 * (a staff member, a script, a test fixture) nothing is limited.
	 */
	requester?: Requester;
}

/**
 * Who is booking. A person on the public form is limited (ADR 026): upcoming rendez-vous per
 * person, and bookings per client address when the address is known. A signed-in staff member
 * booking for someone, or the portal itself (scripts, fixtures), is not.
 */
export type Requester = { public: true; address: string | null } | { public: false };

/** The anti-hoarding limits of ADR 026 (BOOKING_MAX_UPCOMING_PER_PERSON, BOOKING_MAX_PER_ADDRESS). */
export interface BookingLimits {
	/** Upcoming confirmed rendez-vous one person (same e-mail, phone or NIR, normalised) may hold. */
	perPerson: number;
	/** Public bookings from one client address within ADDRESS_WINDOW_MS. */
	perAddress: number;
}
export const DEFAULT_BOOKING_LIMITS: BookingLimits = { perPerson: 2, perAddress: 6 };

export interface CallbackInput extends DemandeInput {
	sansCreneau: boolean;
	/** A rapid callback from the result page: the demande is prioritaire, for this reason (ADR 035). */
	priority?: PriorityReason | null;
	/** A professional who asked for the callback with the person's agreement (orientation form). */
	orienteur?: Orienteur | null;
}

/** Side effects of a booking event (e-mails), run inside the same transaction. */
export interface BookingEvents {
	booked(tx: Executor, demande: Demande, rdv: RendezVous, token: string): Promise<void>;
	moved(
		tx: Executor,
		demande: Demande,
		previous: RendezVous,
		rdv: RendezVous,
		token: string
	): Promise<void>;
	cancelled(tx: Executor, demande: Demande, rdv: RendezVous, token: string): Promise<void>;
	callbackRequested(tx: Executor, demande: Demande, token: string): Promise<void>;
	erased(tx: Executor, demande: Demande): Promise<void>;
}

/** For a service whose events do nothing (tests, reads). */
export const noBookingEvents: BookingEvents = {
	async booked() {},
	async moved() {},
	async cancelled() {},
	async callbackRequested() {},
	async erased() {}
};

export type BookingOutcome =
	| { ok: true; demande: Demande; rdv: RendezVous; replayed: boolean }
	| { ok: false; reason: 'slot_taken'; nearest: OfferedSlot[] }
	| { ok: false; reason: 'slot_invalid' }
	/** The person already holds the most upcoming rendez-vous allowed (ADR 026). */
	| { ok: false; reason: 'limit_person' }
	/** Too many bookings from this client address within the window (ADR 026). */
	| { ok: false; reason: 'limit_address' }
	/** Move: the rendez-vous is past (or under way) or the demande is closed or cancelled. */
	| { ok: false; reason: 'final' };

/** Cancelling: done, nothing to cancel, or refused because the rendez-vous or demande is final. */
export type CancelOutcome = { ok: true } | { ok: false; reason: 'none' | 'final' };
