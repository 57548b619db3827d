/**
 * The action frames of the demande page (`/espace-pro/demandes/[reference]`): one per form of
 * `demande-forms.ts`, each a rule of `actions.ts` and the banner to show after it (ADR 030).
 * The route passes its guard (`requireStaff`, the demande in scope), which runs first in every
 * action, before the body is read.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { eventsConfigFromEnv } from '$lib/server/booking/events';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import * as act from './actions';
import type { DemandeDone } from './demande-page';
import * as forms from './demande-forms';

/** What the route's guard hands over: the staff member and the demande's reference. */
export interface DemandeTarget {
	ctx: act.Actor;
	reference: string;
}

/** The actions of the page, each behind `guard`. */
export function demandeActions<E extends Pick<RequestEvent, 'request'>>(
	guard: (event: E) => DemandeTarget | Promise<DemandeTarget>
) {
	/** Staff, a demande in scope, the form, the rule, 303 back to the page. */
	function frame<K extends forms.DemandeForm, T>(
		form: K,
		run: (
			ctx: act.Actor,
			reference: string,
			data: forms.DemandeFormData<K>
		) => Promise<act.ActionOutcome<T>>,
		done: (value: T) => DemandeDone
	) {
		return guardedAction(guard, {
			form,
			...forms.demandeForms[form],
			maxLength: act.NOTE_MAX_LENGTH * 2,
			run: (data, { ctx, reference }) => run(ctx, reference, data as forms.DemandeFormData<K>),
			message: (refusal) => `backoffice:actions.refused.${refusal.reason}`,
			redirect: (value, { context }) =>
				`/espace-pro/demandes/${context.reference}?fait=${done(value)}`
		});
	}

	const db = () => getDb();
	const mailConfig = () => {
		const { baseUrl, isDemo } = eventsConfigFromEnv();
		return { baseUrl, isDemo };
	};
	return {
		takeCharge: frame(
			'takeCharge',
			(c, r) => act.takeCharge(db(), c, r),
			() => 'prise-en-charge'
		),
		unassign: frame(
			'unassign',
			(c, r) => act.unassign(db(), c, r),
			() => 'desassignation'
		),
		assign: frame(
			'assign',
			(c, r, d) => act.assign(db(), c, r, d.assignee),
			() => 'assignation'
		),
		contact: frame(
			'contact',
			(c, r, d) => act.recordContactAttempt(db(), c, r, d),
			() => 'contact'
		),
		attendance: frame(
			'attendance',
			(c, r, d) => act.recordAttendance(db(), c, r, d.attendance),
			() => 'presence'
		),
		note: frame(
			'note',
			(c, r, d) => act.addNote(db(), c, r, d.note),
			() => 'note'
		),
		close: frame(
			'close',
			(c, r, d) => act.close(db(), c, r, d),
			() => 'cloture'
		),
		reopen: frame(
			'reopen',
			(c, r, d) => act.reopen(db(), c, r, d.note),
			() => 'reouverture'
		),
		cancel: frame(
			'cancel',
			(c, r, d) => act.cancelRendezVous(db(), c, r, d.message, mailConfig()),
			(value) => (value.mailed ? 'annulation' : 'annulation-sans-email')
		),
		cancelAndClose: frame(
			'cancelAndClose',
			(c, r, d) => act.cancelAndClose(db(), c, r, d, mailConfig()),
			(value) => (value.mailed ? 'cloture-annulation' : 'cloture-annulation-sans-email')
		)
	};
}
