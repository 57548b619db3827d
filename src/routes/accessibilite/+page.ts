// An information page: server-rendered, no JavaScript at all.
export const csr = false;
