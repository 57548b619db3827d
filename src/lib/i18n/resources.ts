import type { Locale, Namespace } from './config';
import commonFr from './locales/common/fr.json';
import commonEn from './locales/common/en.json';
import questionnaireFr from './locales/questionnaire/fr.json';
import questionnaireEn from './locales/questionnaire/en.json';
import dispositifsFr from './locales/dispositifs/fr.json';
import dispositifsEn from './locales/dispositifs/en.json';
import apiFr from './locales/api/fr.json';
import apiEn from './locales/api/en.json';
import bookingFr from './locales/booking/fr.json';
import bookingEn from './locales/booking/en.json';
import mailFr from './locales/mail/fr.json';
import mailEn from './locales/mail/en.json';
import staffFr from './locales/staff/fr.json';
import staffEn from './locales/staff/en.json';
import backofficeFr from './locales/backoffice/fr.json';
import backofficeEn from './locales/backoffice/en.json';
import agendasFr from './locales/agendas/fr.json';
import agendasEn from './locales/agendas/en.json';
import statsFr from './locales/stats/fr.json';
import statsEn from './locales/stats/en.json';
import equipeFr from './locales/equipe/fr.json';
import equipeEn from './locales/equipe/en.json';
import partenairesFr from './locales/partenaires/fr.json';
import partenairesEn from './locales/partenaires/en.json';
import legalFr from './locales/legal/fr.json';
import legalEn from './locales/legal/en.json';
import campagnesFr from './locales/campagnes/fr.json';
import campagnesEn from './locales/campagnes/en.json';
import suiviFr from './locales/suivi/fr.json';
import suiviEn from './locales/suivi/en.json';
import evenementsFr from './locales/evenements/fr.json';
import evenementsEn from './locales/evenements/en.json';

export type Messages = { [key: string]: string | Messages };
export type Resources = Record<Locale, Record<Namespace, Messages>>;

/** Every translation of the portal, by locale then namespace (i18next resource format). */
export const resources: Resources = {
	fr: {
		common: commonFr,
		questionnaire: questionnaireFr,
		dispositifs: dispositifsFr,
		api: apiFr,
		booking: bookingFr,
		mail: mailFr,
		staff: staffFr,
		backoffice: backofficeFr,
		agendas: agendasFr,
		stats: statsFr,
		equipe: equipeFr,
		partenaires: partenairesFr,
		legal: legalFr,
		campagnes: campagnesFr,
		suivi: suiviFr,
		evenements: evenementsFr
	},
	en: {
		common: commonEn,
		questionnaire: questionnaireEn,
		dispositifs: dispositifsEn,
		api: apiEn,
		booking: bookingEn,
		mail: mailEn,
		staff: staffEn,
		backoffice: backofficeEn,
		agendas: agendasEn,
		stats: statsEn,
		equipe: equipeEn,
		partenaires: partenairesEn,
		legal: legalEn,
		campagnes: campagnesEn,
		suivi: suiviEn,
		evenements: evenementsEn
	}
};
