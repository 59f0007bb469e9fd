"""Build vigie/core/data/mots-de-passe-courants.txt.gz, the French words of vigie/core/passwords.py.

Run: .venv/bin/python tools/build_common_passwords.py (tests/core/test_passwords.py checks the shipped file is
what this script builds). Built offline from:
- Faker's fr_FR data (a development dependency, pinned in requirements.lock): first names, surnames, départements,
  régions, the French lorem word list, day, month and colour names;
- the lists below, written for Vigie: passwords and words common in France (affection, pets, food, sport, brands,
  games), names of the State and of its services, the 101 préfectures and other large towns, first names
  frequent in France that Faker lacks, the new régions and keyboard patterns that are not plain rows.
Every entry is folded as the validator folds a password (lower case, no accent, no separator) and kept if it has
at least 3 characters.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from faker.providers.address.fr_FR import Provider as Address
from faker.providers.color.fr_FR import Provider as Colour
from faker.providers.date_time.fr_FR import Provider as Dates
from faker.providers.lorem.fr_FR import Provider as Lorem
from faker.providers.person.fr_FR import Provider as Person

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vigie.core.passwords import WORD_LIST, fold  # noqa: E402 - the repository's package, found from here

COMMON = """
azerty motdepasse motdepass monmotdepasse nouveaumotdepasse mdp bonjour bonsoir salut coucou soleil doudou loulou
chouchou cheri cherie mamour monamour jetaime jetadore jtm amour bisous bisou bebe bebou nounours nounou doudoune
titou tigrou toto tata titi tutu papa maman mamie papi papy mamy famille enfant enfants princesse prince chaton
minou minette chat chien chienne cheval poney lapin dauphin papillon tortue panthere tigre lion loup renard ours
poussin coccinelle hibou chouette chocolat caramel vanille fraise framboise cerise pomme banane citron orange
patate carotte tomate fromage baguette croissant nutella bonbon sucre miel cafe biere vodka pastis apero
football foot basket rugby tennis handball velo moto voiture peugeot renault citroen ferrari porsche mercedes
olympique allezlom allezparis icicestparis psg asse losc ogcnice girondins lesbleus bleublancrouge liberte
egalite fraternite republique marianne france francais francaise vacances plage ete hiver printemps automne noel
paques anniversaire fete musique guitare piano danse cinema star etoile ange angel demon diable dieu jesus amen
alleluia bienvenue merci secret secrete confidentiel prive acces connexion utilisateur admin administrateur
administratrice root test essai demo temp provisoire nouveau changement changeme informatique ordinateur
internet wifi freebox livebox bbox sfr bouygues numericable google facebook windows microsoft apple iphone
samsung pokemon pikachu naruto dragon batman superman spiderman starwars harrypotter zelda mario minecraft
fortnite doudou1 jesuisla toujours bonheur chance espoir reve paradis fleur rose lilas jasmin violette
marguerite tournesol mimosa lavande ocean mer montagne campagne maison jardin travail boulot bureau dossier
projet ecole college lycee universite stage
"""
STATE = """
vigie qualipref qualeprefecture qualiate qualite servicespublics servicespublicsplus servicepublic marianne
prefecture prefet prefete souspref sousprefecture prefecturede interieur ministere ministre gouvernement gouv
etat mairie maire commune departement region agent agents accueil guichet usager usagers reclamation courrier
titre titresejour sejour passeport permisdeconduire permis cartegrise carteidentite identite etranger etrangers
naturalisation ddt ddets ddetspp sgcd sgar ants police gendarmerie gendarme securite proconnect franceconnect
"""
TOWNS = """
bourgenbresse laon moulins digne dignelesbains gap nice privas charlevillemezieres foix troyes carcassonne rodez
marseille caen aurillac angouleme larochelle bourges tulle ajaccio bastia dijon saintbrieuc gueret perigueux
besancon valence evreux chartres quimper nimes toulouse auch bordeaux montpellier rennes chateauroux tours
grenoble lonslesaunier montdemarsan blois saintetienne lepuyenvelay nantes orleans cahors agen mende angers
saintlo chalonsenchampagne chaumont laval nancy barleduc vannes metz nevers lille beauvais alencon arras
clermontferrand pau tarbes perpignan strasbourg colmar lyon vesoul macon lemans chambery annecy paris rouen
melun versailles niort amiens albi montauban toulon avignon larochesuryon poitiers limoges epinal auxerre
belfort evry nanterre bobigny creteil cergy pontoise basseterre fortdefrance cayenne saintdenis mamoudzou
reims lehavre brest villeurbanne aixenprovence dunkerque calais boulogne roubaix tourcoing mulhouse cannes
antibes biarritz bayonne lorient saintmalo saintnazaire vichy lourdes sedan epernay cherbourg dieppe deauville
honfleur lens douai valenciennes cambrai maubeuge compiegne soissons saintquentin montlucon argenteuil montreuil
aubervilliers boulognebillancourt courbevoie neuilly levallois vincennes meaux fontainebleau provins sens beaune
dole pontarlier montbeliard thionville forbach sarreguemines verdun toul luneville haguenau selestat annemasse
thonon aixlesbains albertville vienne romans montelimar ales beziers narbonne sete arles martigues aubagne
laciotat frejus sainttropez hyeres draguignan grasse menton portovecchio bergerac sarlat libourne arcachon dax
anglet castres millau figeac brive rochefort saintes cognac royan chatellerault saumur cholet lessablesdolonne
vitre fougeres dinan lannion morlaix concarneau pontivy pointeapitre saintpierre saintpaul letampon kourou
"""
REGIONS = """
hautsdefrance grandest occitanie nouvelleaquitaine auvergnerhonealpes bourgognefranchecomte centrevaldeloire
iledefrance normandie bretagne paysdelaloire provencealpescotedazur paca corse guadeloupe martinique guyane
lareunion reunion mayotte
"""
FIRST_NAMES = """
jean pierre michel andre philippe alain jacques bernard christian daniel patrick nicolas christophe stephane david
eric frederic laurent julien sebastien thomas alexandre antoine maxime kevin romain guillaume vincent olivier
francois jerome sylvain mathieu anthony jeremy lucas hugo louis gabriel arthur jules raphael leo adam ethan nathan
enzo theo noah tom mohamed yanis rayan paul mathis clement baptiste quentin benjamin florian dylan loic damien
cedric fabien franck pascal thierry didier gerard robert marcel rene roger henri claude serge yves dominique
jeanpierre jeanclaude jeanluc jeanmarc jeanfrancois jeanmichel jeanpaul marie nathalie isabelle sylvie
catherine francoise martine christine monique valerie sandrine stephanie sophie celine aurelie julie emilie laura
camille manon lea chloe emma ines jade louise alice lina rose anna mia ambre juliette lena zoe sarah clara lucie
marion pauline charlotte mathilde anais melanie elodie audrey virginie caroline laetitia severine karine
delphine helene veronique brigitte nicole jacqueline michele chantal josiane danielle patricia florence corinne
christelle vanessa jennifer jessica oceane morgane amandine justine margaux elise lou romane agathe eva nina
margot maelys lola clemence annemarie mariepierre marieclaude
"""
KEYBOARD = """
1q2w3e4r5t 1a2z3e4r5t a1z2e3r4t5 q1w2e3r4t5 1qaz2wsx 1aqw2zsx aqwxsz azsxdcfvgb qwaszx qsdfjklm azertyqwerty
"""


def build() -> list[str]:
    words: set[str] = set()
    words.update(Person.first_names_male, Person.first_names_female, Person.last_names)
    words.update(name for _code, name in Address.departments)
    words.update(Address.regions)
    words.update(Lorem.word_list)
    words.update(Dates.DAY_NAMES.values(), Dates.MONTH_NAMES.values())
    words.update(Colour.all_colors)
    for block in (COMMON, STATE, TOWNS, REGIONS, FIRST_NAMES, KEYBOARD):
        words.update(block.split())
    return sorted({folded for folded in map(fold, words) if len(folded) >= 3})


def write(path: Path = WORD_LIST) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(build()) + "\n").encode(), mtime=0))


if __name__ == "__main__":
    write()
    print(f"{len(build())} mots écrits dans {WORD_LIST.relative_to(ROOT)}")
