// The orientation form works fully without JavaScript: it ships none (ADR 046).
export const csr = false;
