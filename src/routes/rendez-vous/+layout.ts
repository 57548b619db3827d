// Every booking page (slots, contact details, callback, manage page) is a form or a page that
// works fully without JavaScript: none ships any (ADR 046).
export const csr = false;
