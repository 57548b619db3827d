/**
 * The 101 départements and the organisme running their service social (docs/domain/departements.md).
 * Names are proper nouns, identical in every language. Time zones are IANA names: overseas
 * départements have no daylight-saving time.
 */

export interface Organisme {
	id: string;
	name: string;
}

export interface Departement {
	code: string;
	name: string;
	organismeId: string;
	timeZone: string;
}

export const organismes: readonly Organisme[] = [
	{ id: 'carsat-rhone-alpes', name: 'Carsat Rhône-Alpes' },
	{ id: 'carsat-hauts-de-france', name: 'Carsat Hauts-de-France' },
	{ id: 'carsat-auvergne', name: 'Carsat Auvergne' },
	{ id: 'carsat-sud-est', name: 'Carsat Sud-Est' },
	{ id: 'carsat-nord-est', name: 'Carsat Nord-Est' },
	{ id: 'carsat-midi-pyrenees', name: 'Carsat Midi-Pyrénées' },
	{ id: 'carsat-languedoc-roussillon', name: 'Carsat Languedoc-Roussillon' },
	{ id: 'carsat-normandie', name: 'Carsat Normandie' },
	{ id: 'carsat-centre-ouest', name: 'Carsat Centre-Ouest' },
	{ id: 'carsat-centre-val-de-loire', name: 'Carsat Centre-Val de Loire' },
	{ id: 'carsat-bourgogne-franche-comte', name: 'Carsat Bourgogne-Franche-Comté' },
	{ id: 'carsat-bretagne', name: 'Carsat Bretagne' },
	{ id: 'carsat-aquitaine', name: 'Carsat Aquitaine' },
	{ id: 'carsat-pays-de-la-loire', name: 'Carsat Pays de la Loire' },
	{ id: 'carsat-alsace-moselle', name: 'Carsat Alsace-Moselle' },
	{ id: 'cramif', name: 'Cramif' },
	{ id: 'cgss-guadeloupe', name: 'CGSS Guadeloupe' },
	{ id: 'cgss-martinique', name: 'CGSS Martinique' },
	{ id: 'cgss-guyane', name: 'CGSS Guyane' },
	{ id: 'cgss-la-reunion', name: 'CGSS La Réunion' },
	{ id: 'css-mayotte', name: 'CSS Mayotte' }
];

export const departements: readonly Departement[] = [
	{ code: '01', name: 'Ain', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{ code: '02', name: 'Aisne', organismeId: 'carsat-hauts-de-france', timeZone: 'Europe/Paris' },
	{ code: '03', name: 'Allier', organismeId: 'carsat-auvergne', timeZone: 'Europe/Paris' },
	{
		code: '04',
		name: 'Alpes-de-Haute-Provence',
		organismeId: 'carsat-sud-est',
		timeZone: 'Europe/Paris'
	},
	{ code: '05', name: 'Hautes-Alpes', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{ code: '06', name: 'Alpes-Maritimes', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{ code: '07', name: 'Ardèche', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{ code: '08', name: 'Ardennes', organismeId: 'carsat-nord-est', timeZone: 'Europe/Paris' },
	{ code: '09', name: 'Ariège', organismeId: 'carsat-midi-pyrenees', timeZone: 'Europe/Paris' },
	{ code: '10', name: 'Aube', organismeId: 'carsat-nord-est', timeZone: 'Europe/Paris' },
	{
		code: '11',
		name: 'Aude',
		organismeId: 'carsat-languedoc-roussillon',
		timeZone: 'Europe/Paris'
	},
	{ code: '12', name: 'Aveyron', organismeId: 'carsat-midi-pyrenees', timeZone: 'Europe/Paris' },
	{ code: '13', name: 'Bouches-du-Rhône', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{ code: '14', name: 'Calvados', organismeId: 'carsat-normandie', timeZone: 'Europe/Paris' },
	{ code: '15', name: 'Cantal', organismeId: 'carsat-auvergne', timeZone: 'Europe/Paris' },
	{ code: '16', name: 'Charente', organismeId: 'carsat-centre-ouest', timeZone: 'Europe/Paris' },
	{
		code: '17',
		name: 'Charente-Maritime',
		organismeId: 'carsat-centre-ouest',
		timeZone: 'Europe/Paris'
	},
	{ code: '18', name: 'Cher', organismeId: 'carsat-centre-val-de-loire', timeZone: 'Europe/Paris' },
	{ code: '19', name: 'Corrèze', organismeId: 'carsat-centre-ouest', timeZone: 'Europe/Paris' },
	{ code: '2A', name: 'Corse-du-Sud', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{ code: '2B', name: 'Haute-Corse', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{
		code: '21',
		name: "Côte-d'Or",
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{ code: '22', name: "Côtes-d'Armor", organismeId: 'carsat-bretagne', timeZone: 'Europe/Paris' },
	{ code: '23', name: 'Creuse', organismeId: 'carsat-centre-ouest', timeZone: 'Europe/Paris' },
	{ code: '24', name: 'Dordogne', organismeId: 'carsat-aquitaine', timeZone: 'Europe/Paris' },
	{
		code: '25',
		name: 'Doubs',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{ code: '26', name: 'Drôme', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{ code: '27', name: 'Eure', organismeId: 'carsat-normandie', timeZone: 'Europe/Paris' },
	{
		code: '28',
		name: 'Eure-et-Loir',
		organismeId: 'carsat-centre-val-de-loire',
		timeZone: 'Europe/Paris'
	},
	{ code: '29', name: 'Finistère', organismeId: 'carsat-bretagne', timeZone: 'Europe/Paris' },
	{
		code: '30',
		name: 'Gard',
		organismeId: 'carsat-languedoc-roussillon',
		timeZone: 'Europe/Paris'
	},
	{
		code: '31',
		name: 'Haute-Garonne',
		organismeId: 'carsat-midi-pyrenees',
		timeZone: 'Europe/Paris'
	},
	{ code: '32', name: 'Gers', organismeId: 'carsat-midi-pyrenees', timeZone: 'Europe/Paris' },
	{ code: '33', name: 'Gironde', organismeId: 'carsat-aquitaine', timeZone: 'Europe/Paris' },
	{
		code: '34',
		name: 'Hérault',
		organismeId: 'carsat-languedoc-roussillon',
		timeZone: 'Europe/Paris'
	},
	{ code: '35', name: 'Ille-et-Vilaine', organismeId: 'carsat-bretagne', timeZone: 'Europe/Paris' },
	{
		code: '36',
		name: 'Indre',
		organismeId: 'carsat-centre-val-de-loire',
		timeZone: 'Europe/Paris'
	},
	{
		code: '37',
		name: 'Indre-et-Loire',
		organismeId: 'carsat-centre-val-de-loire',
		timeZone: 'Europe/Paris'
	},
	{ code: '38', name: 'Isère', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{
		code: '39',
		name: 'Jura',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{ code: '40', name: 'Landes', organismeId: 'carsat-aquitaine', timeZone: 'Europe/Paris' },
	{
		code: '41',
		name: 'Loir-et-Cher',
		organismeId: 'carsat-centre-val-de-loire',
		timeZone: 'Europe/Paris'
	},
	{ code: '42', name: 'Loire', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{ code: '43', name: 'Haute-Loire', organismeId: 'carsat-auvergne', timeZone: 'Europe/Paris' },
	{
		code: '44',
		name: 'Loire-Atlantique',
		organismeId: 'carsat-pays-de-la-loire',
		timeZone: 'Europe/Paris'
	},
	{
		code: '45',
		name: 'Loiret',
		organismeId: 'carsat-centre-val-de-loire',
		timeZone: 'Europe/Paris'
	},
	{ code: '46', name: 'Lot', organismeId: 'carsat-midi-pyrenees', timeZone: 'Europe/Paris' },
	{ code: '47', name: 'Lot-et-Garonne', organismeId: 'carsat-aquitaine', timeZone: 'Europe/Paris' },
	{
		code: '48',
		name: 'Lozère',
		organismeId: 'carsat-languedoc-roussillon',
		timeZone: 'Europe/Paris'
	},
	{
		code: '49',
		name: 'Maine-et-Loire',
		organismeId: 'carsat-pays-de-la-loire',
		timeZone: 'Europe/Paris'
	},
	{ code: '50', name: 'Manche', organismeId: 'carsat-normandie', timeZone: 'Europe/Paris' },
	{ code: '51', name: 'Marne', organismeId: 'carsat-nord-est', timeZone: 'Europe/Paris' },
	{ code: '52', name: 'Haute-Marne', organismeId: 'carsat-nord-est', timeZone: 'Europe/Paris' },
	{ code: '53', name: 'Mayenne', organismeId: 'carsat-pays-de-la-loire', timeZone: 'Europe/Paris' },
	{
		code: '54',
		name: 'Meurthe-et-Moselle',
		organismeId: 'carsat-nord-est',
		timeZone: 'Europe/Paris'
	},
	{ code: '55', name: 'Meuse', organismeId: 'carsat-nord-est', timeZone: 'Europe/Paris' },
	{ code: '56', name: 'Morbihan', organismeId: 'carsat-bretagne', timeZone: 'Europe/Paris' },
	{ code: '57', name: 'Moselle', organismeId: 'carsat-alsace-moselle', timeZone: 'Europe/Paris' },
	{
		code: '58',
		name: 'Nièvre',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{ code: '59', name: 'Nord', organismeId: 'carsat-hauts-de-france', timeZone: 'Europe/Paris' },
	{ code: '60', name: 'Oise', organismeId: 'carsat-hauts-de-france', timeZone: 'Europe/Paris' },
	{ code: '61', name: 'Orne', organismeId: 'carsat-normandie', timeZone: 'Europe/Paris' },
	{
		code: '62',
		name: 'Pas-de-Calais',
		organismeId: 'carsat-hauts-de-france',
		timeZone: 'Europe/Paris'
	},
	{ code: '63', name: 'Puy-de-Dôme', organismeId: 'carsat-auvergne', timeZone: 'Europe/Paris' },
	{
		code: '64',
		name: 'Pyrénées-Atlantiques',
		organismeId: 'carsat-aquitaine',
		timeZone: 'Europe/Paris'
	},
	{
		code: '65',
		name: 'Hautes-Pyrénées',
		organismeId: 'carsat-midi-pyrenees',
		timeZone: 'Europe/Paris'
	},
	{
		code: '66',
		name: 'Pyrénées-Orientales',
		organismeId: 'carsat-languedoc-roussillon',
		timeZone: 'Europe/Paris'
	},
	{ code: '67', name: 'Bas-Rhin', organismeId: 'carsat-alsace-moselle', timeZone: 'Europe/Paris' },
	{ code: '68', name: 'Haut-Rhin', organismeId: 'carsat-alsace-moselle', timeZone: 'Europe/Paris' },
	{ code: '69', name: 'Rhône', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{
		code: '70',
		name: 'Haute-Saône',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{
		code: '71',
		name: 'Saône-et-Loire',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{ code: '72', name: 'Sarthe', organismeId: 'carsat-pays-de-la-loire', timeZone: 'Europe/Paris' },
	{ code: '73', name: 'Savoie', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{ code: '74', name: 'Haute-Savoie', organismeId: 'carsat-rhone-alpes', timeZone: 'Europe/Paris' },
	{ code: '75', name: 'Paris', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '76', name: 'Seine-Maritime', organismeId: 'carsat-normandie', timeZone: 'Europe/Paris' },
	{ code: '77', name: 'Seine-et-Marne', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '78', name: 'Yvelines', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '79', name: 'Deux-Sèvres', organismeId: 'carsat-centre-ouest', timeZone: 'Europe/Paris' },
	{ code: '80', name: 'Somme', organismeId: 'carsat-hauts-de-france', timeZone: 'Europe/Paris' },
	{ code: '81', name: 'Tarn', organismeId: 'carsat-midi-pyrenees', timeZone: 'Europe/Paris' },
	{
		code: '82',
		name: 'Tarn-et-Garonne',
		organismeId: 'carsat-midi-pyrenees',
		timeZone: 'Europe/Paris'
	},
	{ code: '83', name: 'Var', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{ code: '84', name: 'Vaucluse', organismeId: 'carsat-sud-est', timeZone: 'Europe/Paris' },
	{ code: '85', name: 'Vendée', organismeId: 'carsat-pays-de-la-loire', timeZone: 'Europe/Paris' },
	{ code: '86', name: 'Vienne', organismeId: 'carsat-centre-ouest', timeZone: 'Europe/Paris' },
	{
		code: '87',
		name: 'Haute-Vienne',
		organismeId: 'carsat-centre-ouest',
		timeZone: 'Europe/Paris'
	},
	{ code: '88', name: 'Vosges', organismeId: 'carsat-nord-est', timeZone: 'Europe/Paris' },
	{
		code: '89',
		name: 'Yonne',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{
		code: '90',
		name: 'Territoire de Belfort',
		organismeId: 'carsat-bourgogne-franche-comte',
		timeZone: 'Europe/Paris'
	},
	{ code: '91', name: 'Essonne', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '92', name: 'Hauts-de-Seine', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '93', name: 'Seine-Saint-Denis', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '94', name: 'Val-de-Marne', organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{ code: '95', name: "Val-d'Oise", organismeId: 'cramif', timeZone: 'Europe/Paris' },
	{
		code: '971',
		name: 'Guadeloupe',
		organismeId: 'cgss-guadeloupe',
		timeZone: 'America/Guadeloupe'
	},
	{
		code: '972',
		name: 'Martinique',
		organismeId: 'cgss-martinique',
		timeZone: 'America/Martinique'
	},
	{ code: '973', name: 'Guyane', organismeId: 'cgss-guyane', timeZone: 'America/Cayenne' },
	{ code: '974', name: 'La Réunion', organismeId: 'cgss-la-reunion', timeZone: 'Indian/Reunion' },
	{ code: '976', name: 'Mayotte', organismeId: 'css-mayotte', timeZone: 'Indian/Mayotte' }
];

const byCode = new Map(departements.map((d) => [d.code, d]));
const organismeById = new Map(organismes.map((o) => [o.id, o]));

export const departementCodes = departements.map((d) => d.code) as readonly string[];

export function departementByCode(code: string): Departement | undefined {
	return byCode.get(code);
}

export function organismeOf(departement: Departement): Organisme {
	const organisme = organismeById.get(departement.organismeId);
	if (!organisme) throw new Error(`Unknown organisme ${departement.organismeId}`);
	return organisme;
}
