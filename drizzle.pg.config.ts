import { defineConfig } from 'drizzle-kit';

/**
 * The PostgreSQL twin of drizzle.config.ts (ADR 048): `npm run db:generate:pg` writes the
 * PostgreSQL migrations into drizzle/pg from schema.pg.ts. SQLite's stay in drizzle/.
 */
export default defineConfig({
	schema: './src/lib/server/db/schema.pg.ts',
	out: './drizzle/pg',
	dialect: 'postgresql',
	strict: true,
	verbose: true
});
