import { describe, expect, it } from 'vitest';
import { staffAccountMail } from './staff-account';

const url = 'https://portail.example/espace-pro/activation/abcdefghijklmnopqrstuvwxyz234567';

describe('staff account mails', () => {
	it('activation: the link, 72 hours, in French and English, nothing about role or départements', () => {
		const fr = staffAccountMail({ locale: 'fr', purpose: 'activation', name: 'Lucie Hoarau', url });
		expect(fr.subject).toBe("Votre compte sur l'espace professionnel du Portail PDP");
		expect(fr.text.split('\n\n')[0]).toBe('Bonjour Lucie Hoarau,');
		expect(fr.text).toContain(`72 heures :\n${url}\n`);
		const en = staffAccountMail({ locale: 'en', purpose: 'activation', name: 'Lucie Hoarau', url });
		expect(en.subject).toBe('Your account on the Portail PDP staff area');
		expect(en.text).toContain(`72 hours:\n${url}\n`);
		expect(fr.text + en.text).not.toMatch(/administrat|\bagent\b|\b974\b/i);
	});

	it('reset: the link, 1 hour, what happens to sessions and what to do when not asked; demo said so', () => {
		const mail = staffAccountMail({
			locale: 'fr',
			purpose: 'reinitialisation',
			name: 'Lucie Hoarau',
			url,
			isDemo: true
		});
		expect(mail.subject).toBe('[DÉMO] Choisir un nouveau mot de passe – Portail PDP');
		expect(
			mail.text.startsWith("Attention : ce message vient d'un site de démonstration.\n\n")
		).toBe(true);
		expect(mail.text).toContain(`1 heure :\n${url}\n`);
		expect(mail.text).toContain('sessions ouvertes');
		expect(mail.text).toContain('votre mot de passe actuel reste valable');
		expect(mail.text.endsWith('Merci de ne pas y répondre.\n')).toBe(true);
	});
});
