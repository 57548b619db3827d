/**
 * The 101 départements and the organisme running their service social (docs/domain/departements.md).
 * Names are proper nouns, identical in every language. Time zones are IANA names: overseas
 * départements have no daylight-saving time.
 */

export interface Organisme {
	id: string;
	/** The organisme's label as our sources give it (staff pages, the départements API). */
	name: string;
	/**
	 * What the public pages and e-mails call it: the label when it is sure, else only the kind of
	 * organisme ("Carsat"), which is sure (docs/domain/departements.md).
	 */
	publicName: string;
}

/** Organismes whose current label is only probable (renamings not confirmed on their own sites). */
const UNCONFIRMED_LABELS = new Set([
	'carsat-hauts-de-france',
	'carsat-centre-val-de-loire',
	'carsat-bourgogne-franche-comte'
]);

export interface Departement {
	code: string;
	name: string;
	organismeId: string;
	timeZone: string;
}

const organismeLabels: readonly Omit<Organisme, 'publicName'>[] = [
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

export const organismes: readonly Organisme[] = organismeLabels.map((o) => ({
	...o,
	publicName: UNCONFIRMED_LABELS.has(o.id) ? 'Carsat' : o.name
}));

/** One département; metropolitan ones are on Paris time. */
const dep = (
	code: string,
	name: string,
	organismeId: string,
	timeZone = 'Europe/Paris'
): Departement => ({ code, name, organismeId, timeZone });

export const departements: readonly Departement[] = [
	dep('01', 'Ain', 'carsat-rhone-alpes'),
	dep('02', 'Aisne', 'carsat-hauts-de-france'),
	dep('03', 'Allier', 'carsat-auvergne'),
	dep('04', 'Alpes-de-Haute-Provence', 'carsat-sud-est'),
	dep('05', 'Hautes-Alpes', 'carsat-sud-est'),
	dep('06', 'Alpes-Maritimes', 'carsat-sud-est'),
	dep('07', 'Ardèche', 'carsat-rhone-alpes'),
	dep('08', 'Ardennes', 'carsat-nord-est'),
	dep('09', 'Ariège', 'carsat-midi-pyrenees'),
	dep('10', 'Aube', 'carsat-nord-est'),
	dep('11', 'Aude', 'carsat-languedoc-roussillon'),
	dep('12', 'Aveyron', 'carsat-midi-pyrenees'),
	dep('13', 'Bouches-du-Rhône', 'carsat-sud-est'),
	dep('14', 'Calvados', 'carsat-normandie'),
	dep('15', 'Cantal', 'carsat-auvergne'),
	dep('16', 'Charente', 'carsat-centre-ouest'),
	dep('17', 'Charente-Maritime', 'carsat-centre-ouest'),
	dep('18', 'Cher', 'carsat-centre-val-de-loire'),
	dep('19', 'Corrèze', 'carsat-centre-ouest'),
	dep('2A', 'Corse-du-Sud', 'carsat-sud-est'),
	dep('2B', 'Haute-Corse', 'carsat-sud-est'),
	dep('21', "Côte-d'Or", 'carsat-bourgogne-franche-comte'),
	dep('22', "Côtes-d'Armor", 'carsat-bretagne'),
	dep('23', 'Creuse', 'carsat-centre-ouest'),
	dep('24', 'Dordogne', 'carsat-aquitaine'),
	dep('25', 'Doubs', 'carsat-bourgogne-franche-comte'),
	dep('26', 'Drôme', 'carsat-rhone-alpes'),
	dep('27', 'Eure', 'carsat-normandie'),
	dep('28', 'Eure-et-Loir', 'carsat-centre-val-de-loire'),
	dep('29', 'Finistère', 'carsat-bretagne'),
	dep('30', 'Gard', 'carsat-languedoc-roussillon'),
	dep('31', 'Haute-Garonne', 'carsat-midi-pyrenees'),
	dep('32', 'Gers', 'carsat-midi-pyrenees'),
	dep('33', 'Gironde', 'carsat-aquitaine'),
	dep('34', 'Hérault', 'carsat-languedoc-roussillon'),
	dep('35', 'Ille-et-Vilaine', 'carsat-bretagne'),
	dep('36', 'Indre', 'carsat-centre-val-de-loire'),
	dep('37', 'Indre-et-Loire', 'carsat-centre-val-de-loire'),
	dep('38', 'Isère', 'carsat-rhone-alpes'),
	dep('39', 'Jura', 'carsat-bourgogne-franche-comte'),
	dep('40', 'Landes', 'carsat-aquitaine'),
	dep('41', 'Loir-et-Cher', 'carsat-centre-val-de-loire'),
	dep('42', 'Loire', 'carsat-rhone-alpes'),
	dep('43', 'Haute-Loire', 'carsat-auvergne'),
	dep('44', 'Loire-Atlantique', 'carsat-pays-de-la-loire'),
	dep('45', 'Loiret', 'carsat-centre-val-de-loire'),
	dep('46', 'Lot', 'carsat-midi-pyrenees'),
	dep('47', 'Lot-et-Garonne', 'carsat-aquitaine'),
	dep('48', 'Lozère', 'carsat-languedoc-roussillon'),
	dep('49', 'Maine-et-Loire', 'carsat-pays-de-la-loire'),
	dep('50', 'Manche', 'carsat-normandie'),
	dep('51', 'Marne', 'carsat-nord-est'),
	dep('52', 'Haute-Marne', 'carsat-nord-est'),
	dep('53', 'Mayenne', 'carsat-pays-de-la-loire'),
	dep('54', 'Meurthe-et-Moselle', 'carsat-nord-est'),
	dep('55', 'Meuse', 'carsat-nord-est'),
	dep('56', 'Morbihan', 'carsat-bretagne'),
	dep('57', 'Moselle', 'carsat-alsace-moselle'),
	dep('58', 'Nièvre', 'carsat-bourgogne-franche-comte'),
	dep('59', 'Nord', 'carsat-hauts-de-france'),
	dep('60', 'Oise', 'carsat-hauts-de-france'),
	dep('61', 'Orne', 'carsat-normandie'),
	dep('62', 'Pas-de-Calais', 'carsat-hauts-de-france'),
	dep('63', 'Puy-de-Dôme', 'carsat-auvergne'),
	dep('64', 'Pyrénées-Atlantiques', 'carsat-aquitaine'),
	dep('65', 'Hautes-Pyrénées', 'carsat-midi-pyrenees'),
	dep('66', 'Pyrénées-Orientales', 'carsat-languedoc-roussillon'),
	dep('67', 'Bas-Rhin', 'carsat-alsace-moselle'),
	dep('68', 'Haut-Rhin', 'carsat-alsace-moselle'),
	dep('69', 'Rhône', 'carsat-rhone-alpes'),
	dep('70', 'Haute-Saône', 'carsat-bourgogne-franche-comte'),
	dep('71', 'Saône-et-Loire', 'carsat-bourgogne-franche-comte'),
	dep('72', 'Sarthe', 'carsat-pays-de-la-loire'),
	dep('73', 'Savoie', 'carsat-rhone-alpes'),
	dep('74', 'Haute-Savoie', 'carsat-rhone-alpes'),
	dep('75', 'Paris', 'cramif'),
	dep('76', 'Seine-Maritime', 'carsat-normandie'),
	dep('77', 'Seine-et-Marne', 'cramif'),
	dep('78', 'Yvelines', 'cramif'),
	dep('79', 'Deux-Sèvres', 'carsat-centre-ouest'),
	dep('80', 'Somme', 'carsat-hauts-de-france'),
	dep('81', 'Tarn', 'carsat-midi-pyrenees'),
	dep('82', 'Tarn-et-Garonne', 'carsat-midi-pyrenees'),
	dep('83', 'Var', 'carsat-sud-est'),
	dep('84', 'Vaucluse', 'carsat-sud-est'),
	dep('85', 'Vendée', 'carsat-pays-de-la-loire'),
	dep('86', 'Vienne', 'carsat-centre-ouest'),
	dep('87', 'Haute-Vienne', 'carsat-centre-ouest'),
	dep('88', 'Vosges', 'carsat-nord-est'),
	dep('89', 'Yonne', 'carsat-bourgogne-franche-comte'),
	dep('90', 'Territoire de Belfort', 'carsat-bourgogne-franche-comte'),
	dep('91', 'Essonne', 'cramif'),
	dep('92', 'Hauts-de-Seine', 'cramif'),
	dep('93', 'Seine-Saint-Denis', 'cramif'),
	dep('94', 'Val-de-Marne', 'cramif'),
	dep('95', "Val-d'Oise", 'cramif'),
	dep('971', 'Guadeloupe', 'cgss-guadeloupe', 'America/Guadeloupe'),
	dep('972', 'Martinique', 'cgss-martinique', 'America/Martinique'),
	dep('973', 'Guyane', 'cgss-guyane', 'America/Cayenne'),
	dep('974', 'La Réunion', 'cgss-la-reunion', 'Indian/Reunion'),
	dep('976', 'Mayotte', 'css-mayotte', 'Indian/Mayotte')
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
