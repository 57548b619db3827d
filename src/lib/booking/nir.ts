/**
 * French NIR ("numéro de sécurité sociale", 13 characters + a 2-digit key). Pure and
 * framework-free: used by the contact form's schema on the server and in tests.
 *
 * Shape: sex (1, 2; 3, 4, 7, 8 for provisional numbers) · year (2 digits) · month (01–12,
 * or 20–42 / 50–99 when the birth month is unknown) · département of birth (2 digits, or
 * 2A / 2B for Corsica) · 6 digits (commune, order) · key. Key = 97 − (number mod 97), where
 * 2A counts as 19 and 2B as 18.
 */

const NIR_SHAPE = /^[123478]\d{2}(0[1-9]|1[0-2]|[2-3]\d|4[0-2]|[5-9]\d)(\d{2}|2A|2B)\d{6}\d{2}$/;

/** The NIR as typed, without spaces (any kind) and in upper case ('2a' → '2A'). */
export function normalizeNir(input: string): string {
	return input.replace(/[\s\u00a0\u202f]/g, '').toUpperCase();
}

/** The key (1–97) of the 13 first characters of a NIR; Corsica 2A/2B count as 19/18. */
export function nirKey(first13: string): number {
	const digits =
		first13.slice(0, 5) +
		first13.slice(5, 7).replace('2A', '19').replace('2B', '18') +
		first13.slice(7);
	return 97 - Number(BigInt(digits) % 97n);
}

/** True for a well-formed NIR whose key matches (spaces allowed in the input). */
export function isValidNir(input: string): boolean {
	const nir = normalizeNir(input);
	if (nir.length !== 15 || !NIR_SHAPE.test(nir)) return false;
	return nirKey(nir.slice(0, 13)) === Number(nir.slice(13));
}
