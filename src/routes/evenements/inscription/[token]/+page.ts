// The list of évènements: server-rendered, no client JavaScript (ADR 043).
export const csr = false;
