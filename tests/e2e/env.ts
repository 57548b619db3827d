/** Where the e2e server listens and which throwaway database it uses (shared by the config and the tests). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_DATABASE = `tests/.tmp/e2e-${E2E_PORT}.db`;
/** The e2e server's stdout and stderr (scripts/e2e-server.js), scanned for personal data after the run. */
export const E2E_LOG = `tests/.tmp/e2e-${E2E_PORT}.log`;
