/**
 * The forms of the demande page (one schema per form, at module scope; messages are locale
 * keys). The route frames them with `formAction` (ADR 030).
 */
import { z } from 'zod';
import { demandeOutcomes } from '$lib/server/db/schema';
import { NOTE_MAX_LENGTH, attendances, contactChannels, contactResults } from './actions';

const noteText = z.string().trim().max(NOTE_MAX_LENGTH, 'backoffice:actions.errors.noteTooLong');
const requiredText = (requiredKey: string) =>
	z.string(requiredKey).pipe(noteText).pipe(z.string().min(1, requiredKey));
const optionalText = z
	.string()
	.optional()
	.transform((v) => v ?? '')
	.pipe(noteText)
	.transform((v) => (v === '' ? null : v));

export const demandeForms = {
	takeCharge: { schema: z.object({}), fields: [] },
	unassign: { schema: z.object({}), fields: [] },
	assign: {
		schema: z.object({
			assignee: z
				.string('backoffice:actions.errors.assignee')
				.regex(/^\d{1,9}$/, 'backoffice:actions.errors.assignee')
				.transform(Number)
		}),
		fields: ['assignee']
	},
	contact: {
		schema: z.object({
			channel: z.enum(contactChannels, { error: 'backoffice:actions.errors.channel' }),
			result: z.enum(contactResults, { error: 'backoffice:actions.errors.result' }),
			note: optionalText
		}),
		fields: ['channel', 'result', 'note']
	},
	attendance: {
		schema: z.object({
			attendance: z.enum(attendances, { error: 'backoffice:actions.errors.attendance' })
		}),
		fields: ['attendance']
	},
	note: {
		schema: z.object({ note: requiredText('backoffice:actions.errors.noteRequired') }),
		fields: ['note']
	},
	close: {
		schema: z.object({
			outcome: z.enum(demandeOutcomes, { error: 'backoffice:actions.errors.outcome' }),
			note: optionalText
		}),
		fields: ['outcome', 'note']
	},
	reopen: { schema: z.object({ note: optionalText }), fields: ['note'] },
	cancel: {
		schema: z.object({ message: requiredText('backoffice:actions.errors.messageRequired') }),
		fields: ['message']
	},
	cancelAndClose: {
		schema: z.object({
			outcome: z.enum(demandeOutcomes, { error: 'backoffice:actions.errors.outcome' }),
			note: optionalText,
			message: requiredText('backoffice:actions.errors.messageRequired')
		}),
		fields: ['outcome', 'note', 'message']
	}
} as const;

export type DemandeForm = keyof typeof demandeForms;
export type DemandeFormData<K extends DemandeForm> = z.output<(typeof demandeForms)[K]['schema']>;
