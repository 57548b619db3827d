import { linkView } from '../links.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => ({ link: linkView(event) });
