import { describe, expect, it } from 'vitest';
import { GET } from './+server';

type Event = Parameters<typeof GET>[0];

describe('GET /api/v1/departements', () => {
	it('lists the 101 départements with organisme and time zone', async () => {
		const url = new URL('http://localhost/api/v1/departements');
		const response = await GET({ url, request: new Request(url) } as unknown as Event);
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			departements: { code: string; organisme: { name: string }; timeZone: string }[];
		};
		expect(body.departements).toHaveLength(101);
		expect(body.departements.find((d) => d.code === '974')).toEqual({
			code: '974',
			name: 'La Réunion',
			organisme: { id: 'cgss-la-reunion', name: 'CGSS La Réunion' },
			timeZone: 'Indian/Reunion'
		});
		expect(body.departements.filter((d) => d.organisme.name === 'Cramif')).toHaveLength(8);
	});
});
