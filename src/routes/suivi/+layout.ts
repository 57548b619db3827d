// The follow-up pages (the one-time form, its thanks) work fully without JavaScript: none ships
// any, like the other public pages (ADR 046).
export const csr = false;
