// A confirmation page: server-rendered, no client JavaScript.
export const csr = false;
