// Information and links: server-rendered, no client JavaScript (the visit is counted once, on the server).
export const csr = false;
