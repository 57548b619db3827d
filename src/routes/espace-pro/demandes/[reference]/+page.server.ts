import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { eventsConfigFromEnv } from '$lib/server/booking/events';
import { getDb } from '$lib/server/db/client';
import { guardedAction, pick } from '$lib/server/forms';
import * as act from '$lib/server/staff/actions';
import {
	DEMANDE_DONE,
	demandeInScope,
	demandePage,
	type DemandeDone
} from '$lib/server/staff/demande-page';
import * as forms from '$lib/server/staff/demande-forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** One demande. Another département's demande answers the same 404 as an unknown reference. */
export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	const page = demandePage(getDb(), ctx, event.params.reference, new Date());
	if (!page.ok) error(404, 'Not found');
	return {
		...page.value,
		me: ctx.user.id,
		done: pick(DEMANDE_DONE, event.url.searchParams.get('fait'))
	};
};

/** A staff member and a demande in their scope (else 404, before reading the form). */
function inScope(event: RequestEvent) {
	const ctx = requireStaff(event);
	const reference = event.params.reference;
	if (!demandeInScope(getDb(), ctx, reference)) error(404, 'Not found');
	return { ctx, reference };
}

/** Staff, a demande in scope, the form, the rule, 303 back to the page. */
function demandeAction<K extends forms.DemandeForm, T>(
	form: K,
	run: (ctx: act.Actor, reference: string, data: forms.DemandeFormData<K>) => act.ActionOutcome<T>,
	done: (value: T) => DemandeDone
) {
	return guardedAction(inScope, {
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
export const actions: Actions = {
	takeCharge: demandeAction(
		'takeCharge',
		(ctx, ref) => act.takeCharge(db(), ctx, ref),
		() => 'prise-en-charge'
	),
	assign: demandeAction(
		'assign',
		(ctx, ref, d) => act.assign(db(), ctx, ref, d.assignee),
		() => 'assignation'
	),
	contact: demandeAction(
		'contact',
		(ctx, ref, d) => act.recordContactAttempt(db(), ctx, ref, d),
		() => 'contact'
	),
	attendance: demandeAction(
		'attendance',
		(ctx, ref, d) => act.recordAttendance(db(), ctx, ref, d.attendance),
		() => 'presence'
	),
	note: demandeAction(
		'note',
		(ctx, ref, d) => act.addNote(db(), ctx, ref, d.note),
		() => 'note'
	),
	close: demandeAction(
		'close',
		(ctx, ref, d) => act.close(db(), ctx, ref, d),
		() => 'cloture'
	),
	reopen: demandeAction(
		'reopen',
		(ctx, ref, d) => act.reopen(db(), ctx, ref, d.note),
		() => 'reouverture'
	),
	cancel: demandeAction(
		'cancel',
		(ctx, ref, d) => {
			const { baseUrl, isDemo } = eventsConfigFromEnv();
			return act.cancelRendezVous(db(), ctx, ref, d.message, { baseUrl, isDemo });
		},
		(value) => (value.mailed ? 'annulation' : 'annulation-sans-email')
	)
};
