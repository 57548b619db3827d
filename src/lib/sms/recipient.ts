/**
 * Who may be texted: French mobile numbers only, metropolitan and overseas, in E.164 (what the
 * SMPP gateway expects). Landlines, special numbers and foreign numbers are never texted
 * (docs/domain/phone-numbers.md gives the numbering plan and how sure each prefix is).
 * Pure and framework-free.
 */
import { phoneE164 } from '../booking/identity';

/**
 * Mobile ranges in E.164: metropolitan 06 and 07 (+33 6, +33 7); La Réunion 0692/0693 and
 * Mayotte 0639 (+262); Guadeloupe, Saint-Martin, Saint-Barthélemy 0690/0691 (+590); Guyane
 * 0694 (+594); Martinique 0696/0697 (+596).
 */
const MOBILE = [
	/^\+33[67]\d{8}$/,
	/^\+262(?:639|69[23])\d{6}$/,
	/^\+590(?:69[01])\d{6}$/,
	/^\+594694\d{6}$/,
	/^\+596(?:69[67])\d{6}$/
];

/**
 * The number to text, in E.164, or null when it is not a French mobile number. Takes a stored
 * number (E.164) or one as typed ("06 12 34 56 78", "0692 12 34 56", "+262 692…", "+33 692…").
 * Mayotte's numbers written with +269, its code until 2007 (today the Comoros'), are read as
 * +262.
 */
export function smsRecipient(phone: string | null | undefined): string | null {
	if (!phone) return null;
	let e164 = phoneE164(phone);
	if (e164 === null) return null;
	if (/^\+269639\d{6}$/.test(e164)) e164 = `+262${e164.slice(4)}`;
	return MOBILE.some((range) => range.test(e164)) ? e164 : null;
}
