// A GET form and explanations: server-rendered, no client JavaScript.
export const csr = false;
