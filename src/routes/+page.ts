// An information page: server-rendered, no client JavaScript (budget ≤ 10 KB).
export const csr = false;
