// Information and a GET form: server-rendered, no client JavaScript.
export const csr = false;
