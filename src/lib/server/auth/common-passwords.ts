/**
 * The most common passwords (international lists and French ones), lower case, without
 * accents. Compared with the typed password as is, without separators, and with only its
 * letters kept (so "Azerty123456!" and "soleil2026!!" are refused too).
 */
const list = `
123456 123456789 12345678 password qwerty123 qwerty1 111111 12345 secret 123123 1234567890
1234567 000000 qwerty abc123 password1 iloveyou 1q2w3e4r 1q2w3e4r5t6y 123321 654321 666666
7777777 123qwe 987654321 qwertyuiop 123456a a123456 zxcvbnm asdfghjkl 1qaz2wsx 1qazxsw2
passw0rd p4ssw0rd password123 password1234 motdepasse motdepasse1 motdepasse123 mot2passe
motdepass mdp azerty azerty1 azerty12 azerty123 azerty1234 azerty123456 azertyuiop azertyui
azertyu qsdfghjklm qsdfgh wxcvbn wxcvbnqsdfgh aqwzsx aqwzsxedc soleil soleil123 soleil1
doudou chouchou loulou nicolas marseille marseille13 olivier camille thomas julien
bonjour bonjour1 bonjour123 salut coucou coucou123 jetaime jetaime1 jetaimetoujours
tintin chocolat chocolat1 princesse princesse1 pompier football football1 liverpool
arsenal chelsea juventus barcelona realmadrid psg parisien paris paris75 lyon lyon69
toulouse bordeaux nantes lille france france1 vivelafrance allezlesbleus amour amour1
famille bisous bienvenue bienvenue1 changeme changemenow welcome welcome1 welcome123
letmein letmein1 admin admin123 admin1234 administrateur administrator root toor
superman batman spiderman pokemon naruto starwars dragon dragonball monkey shadow
master sunshine princess football123 baseball hockey soccer basketball michael jordan
jennifer jessica charlie daniel robert matthew anthony hunter buster tigger ginger
pepper maggie cookie summer winter autumn spring flower freedom whatever trustno1
qazwsx qazwsxedc zaq12wsx zaq1zaq1 asdfgh asdf1234 asdasd aaaaaa abcdef abcdefgh
abcdefghijkl abcd1234 abc12345 test test123 test1234 testtest demo demo123 guest
portail portailpdp pdp assurancemaladie ameli carsat cramif securitesociale secu
servicesocial travail arretdetravail medecin docteur hopital sante santepublique
azerty2024 azerty2025 azerty2026 soleil2024 soleil2025 soleil2026 motdepasse2024
motdepasse2025 motdepasse2026 password2024 password2025 password2026 janvier fevrier
mars avril mai juin juillet aout septembre octobre novembre decembre lundi mardi
mercredi jeudi vendredi samedi dimanche printemps ete automne hiver loveyou iloveu
maman papa mamanpapa doudou123 chien chat minou minette bebe cheval lapin
motdepasseoublie monmotdepasse nouveaumotdepasse nepasoublier secret123 confidentiel
zxcvbnm123 qwertz qwertzuiop 112233 121212 131313 147258369 159753 1234qwer
`;

export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter(Boolean));
