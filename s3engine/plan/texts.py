# ruff: noqa: E501  (translations: one sentence per line reads and diffs best)
"""The words of action plans (headings, evidence sentences), in en, de, fr, it and sl.

Texts are templates with named fields (`{label}`); numbers and percentages are formatted
for the language here too, so that a German plan reads 54,2 and 45 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

LANGUAGES = ("en", "de", "fr", "it", "sl")
NBSP = "\u00a0"

# key -> (en, de, fr, it, sl)
_TEXTS: Mapping[str, tuple[str, str, str, str, str]] = {
    # -- evidence ------------------------------------------------------------------------
    "ev.class.held": (
        "The region is in the class '{value}'.",
        "Die Region ist in der Klasse „{value}“.",
        "La région est dans la classe « {value} ».",
        "La regione è nella classe «{value}».",
        "Regija je v razredu »{value}«.",
    ),
    "ev.class.not": (
        "The region is in the class '{value}', not {expected}.",
        "Die Region ist in der Klasse „{value}“, nicht {expected}.",
        "La région est dans la classe « {value} », et non {expected}.",
        "La regione è nella classe «{value}», non {expected}.",
        "Regija je v razredu »{value}«, ne {expected}.",
    ),
    "ev.dimension.missing": (
        "{label} has no score: there is too little evidence.",
        "{label} hat keinen Wert: Die Datengrundlage reicht nicht aus.",
        "{label} n'a pas de score : les données sont insuffisantes.",
        "{label} non ha un punteggio: i dati sono insufficienti.",
        "{label} nima ocene, ker je podatkov premalo.",
    ),
    "ev.dimension.below.held": (
        "{label} scores {value}, below {threshold}.",
        "{label} erreicht {value} Punkte, weniger als {threshold}.",
        "{label} obtient {value}, soit moins de {threshold}.",
        "{label} ottiene {value}, meno di {threshold}.",
        "{label} dosega {value} točk, manj kot {threshold}.",
    ),
    "ev.dimension.below.not": (
        "{label} scores {value}, not below {threshold}.",
        "{label} erreicht {value} Punkte, nicht weniger als {threshold}.",
        "{label} obtient {value}, soit au moins {threshold}.",
        "{label} ottiene {value}, non meno di {threshold}.",
        "{label} dosega {value} točk, ne manj kot {threshold}.",
    ),
    "ev.dimension.above.held": (
        "{label} scores {value}, above {threshold}.",
        "{label} erreicht {value} Punkte, mehr als {threshold}.",
        "{label} obtient {value}, soit plus de {threshold}.",
        "{label} ottiene {value}, più di {threshold}.",
        "{label} dosega {value} točk, več kot {threshold}.",
    ),
    "ev.dimension.above.not": (
        "{label} scores {value}, not above {threshold}.",
        "{label} erreicht {value} Punkte, nicht mehr als {threshold}.",
        "{label} obtient {value}, soit au plus {threshold}.",
        "{label} ottiene {value}, non più di {threshold}.",
        "{label} dosega {value} točk, ne več kot {threshold}.",
    ),
    "ev.dimension.below_mean.held": (
        "{label} scores {value}, {diff} points below the mean of all regions ({mean}).",
        "{label} erreicht {value} Punkte, {diff} Punkte unter dem Mittel aller Regionen ({mean}).",
        "{label} obtient {value}, soit {diff} points sous la moyenne des régions ({mean}).",
        "{label} ottiene {value}, {diff} punti sotto la media delle regioni ({mean}).",
        "{label} dosega {value} točk, {diff} točke pod povprečjem vseh regij ({mean}).",
    ),
    "ev.dimension.below_mean.not": (
        "{label} scores {value} against a mean of {mean}: not {threshold} points below it.",
        "{label} erreicht {value} Punkte bei einem Mittel von {mean}: nicht {threshold} Punkte darunter.",
        "{label} obtient {value} pour une moyenne de {mean} : pas {threshold} points en dessous.",
        "{label} ottiene {value} a fronte di una media di {mean}: non {threshold} punti sotto.",
        "{label} dosega {value} točk ob povprečju {mean}: ne {threshold} točk manj.",
    ),
    "ev.dimension.above_mean.held": (
        "{label} scores {value}, {diff} points above the mean of all regions ({mean}).",
        "{label} erreicht {value} Punkte, {diff} Punkte über dem Mittel aller Regionen ({mean}).",
        "{label} obtient {value}, soit {diff} points au-dessus de la moyenne des régions ({mean}).",
        "{label} ottiene {value}, {diff} punti sopra la media delle regioni ({mean}).",
        "{label} dosega {value} točk, {diff} točke nad povprečjem vseh regij ({mean}).",
    ),
    "ev.dimension.above_mean.not": (
        "{label} scores {value} against a mean of {mean}: not {threshold} points above it.",
        "{label} erreicht {value} Punkte bei einem Mittel von {mean}: nicht {threshold} Punkte darüber.",
        "{label} obtient {value} pour une moyenne de {mean} : pas {threshold} points au-dessus.",
        "{label} ottiene {value} a fronte di una media di {mean}: non {threshold} punti sopra.",
        "{label} dosega {value} točk ob povprečju {mean}: ne {threshold} točk več.",
    ),
    "ev.dimension.weakest.held": (
        "{label} ({value}) is among the region's {n} weakest dimensions.",
        "{label} ({value}) gehört zu den {n} schwächsten Dimensionen der Region.",
        "{label} ({value}) fait partie des {n} dimensions les plus faibles de la région.",
        "{label} ({value}) è tra le {n} dimensioni più deboli della regione.",
        "{label} ({value}) je med {n} najšibkejšimi razsežnostmi regije.",
    ),
    "ev.dimension.weakest.not": (
        "{label} ({value}) is not among the region's {n} weakest dimensions.",
        "{label} ({value}) gehört nicht zu den {n} schwächsten Dimensionen der Region.",
        "{label} ({value}) ne fait pas partie des {n} dimensions les plus faibles de la région.",
        "{label} ({value}) non è tra le {n} dimensioni più deboli della regione.",
        "{label} ({value}) ni med {n} najšibkejšimi razsežnostmi regije.",
    ),
    "ev.composite.missing": (
        "The region has no composite score: there is too little evidence.",
        "Für die Region gibt es keinen Gesamtwert: Die Datengrundlage reicht nicht aus.",
        "La région n'a pas de score composite : les données sont insuffisantes.",
        "La regione non ha un punteggio composito: i dati sono insufficienti.",
        "Regija nima skupne ocene, ker je podatkov premalo.",
    ),
    "ev.composite.below.held": (
        "The composite score is {value}, below {threshold}.",
        "Der Gesamtwert beträgt {value}, weniger als {threshold}.",
        "Le score composite est de {value}, soit moins de {threshold}.",
        "Il punteggio composito è {value}, meno di {threshold}.",
        "Skupna ocena je {value}, manj kot {threshold}.",
    ),
    "ev.composite.below.not": (
        "The composite score is {value}, not below {threshold}.",
        "Der Gesamtwert beträgt {value}, nicht weniger als {threshold}.",
        "Le score composite est de {value}, soit au moins {threshold}.",
        "Il punteggio composito è {value}, non meno di {threshold}.",
        "Skupna ocena je {value}, ne manj kot {threshold}.",
    ),
    "ev.composite.above.held": (
        "The composite score is {value}, above {threshold}.",
        "Der Gesamtwert beträgt {value}, mehr als {threshold}.",
        "Le score composite est de {value}, soit plus de {threshold}.",
        "Il punteggio composito è {value}, più di {threshold}.",
        "Skupna ocena je {value}, več kot {threshold}.",
    ),
    "ev.composite.above.not": (
        "The composite score is {value}, not above {threshold}.",
        "Der Gesamtwert beträgt {value}, nicht mehr als {threshold}.",
        "Le score composite est de {value}, soit au plus {threshold}.",
        "Il punteggio composito è {value}, non più di {threshold}.",
        "Skupna ocena je {value}, ne več kot {threshold}.",
    ),
    "ev.statistic.missing": (
        "{label}: no value for the region.",
        "{label}: kein Wert für die Region.",
        "{label} : aucune valeur pour la région.",
        "{label}: nessun valore per la regione.",
        "{label}: za regijo ni podatka.",
    ),
    "ev.statistic.below.held": (
        "{label}: {value}, below {threshold}.",
        "{label}: {value}, weniger als {threshold}.",
        "{label} : {value}, soit moins de {threshold}.",
        "{label}: {value}, meno di {threshold}.",
        "{label}: {value}, manj kot {threshold}.",
    ),
    "ev.statistic.below.not": (
        "{label}: {value}, not below {threshold}.",
        "{label}: {value}, nicht weniger als {threshold}.",
        "{label} : {value}, soit au moins {threshold}.",
        "{label}: {value}, non meno di {threshold}.",
        "{label}: {value}, ne manj kot {threshold}.",
    ),
    "ev.statistic.above.held": (
        "{label}: {value}, above {threshold}.",
        "{label}: {value}, mehr als {threshold}.",
        "{label} : {value}, soit plus de {threshold}.",
        "{label}: {value}, più di {threshold}.",
        "{label}: {value}, več kot {threshold}.",
    ),
    "ev.statistic.above.not": (
        "{label}: {value}, not above {threshold}.",
        "{label}: {value}, nicht mehr als {threshold}.",
        "{label} : {value}, soit au plus {threshold}.",
        "{label}: {value}, non più di {threshold}.",
        "{label}: {value}, ne več kot {threshold}.",
    ),
    "ev.need.missing": (
        "No stakeholder of the region answered the needs survey, so {label} cannot be weighed.",
        "Aus der Region hat niemand die Bedarfsumfrage beantwortet; {label} lässt sich daher nicht gewichten.",
        "Aucun acteur de la région n'a répondu à l'enquête sur les besoins : {label} ne peut donc pas être évalué.",
        "Nessun attore della regione ha risposto all'indagine sulle esigenze: non è quindi possibile valutare {label}.",
        "Na anketo o potrebah ni odgovoril noben deležnik iz regije, zato potrebe {label} ni mogoče oceniti.",
    ),
    "ev.need.rank.unranked": (
        "No stakeholder ranked {label} among their top needs.",
        "Niemand hat {label} unter die wichtigsten Bedarfe eingeordnet.",
        "Aucun acteur n'a classé {label} parmi ses besoins prioritaires.",
        "Nessun attore ha indicato {label} tra le esigenze prioritarie.",
        "Noben deležnik potrebe {label} ni uvrstil med najpomembnejše.",
    ),
    "ev.need.rank.held": (
        "{label} is need no. {value} of the region's stakeholders (top {threshold}).",
        "{label} steht bei den Akteuren der Region an Stelle {value} (unter den ersten {threshold}).",
        "{label} est le besoin n° {value} des acteurs de la région (parmi les {threshold} premiers).",
        "{label} è l'esigenza n. {value} degli attori della regione (tra le prime {threshold}).",
        "{label} je {value}. potreba deležnikov v regiji (med prvimi {threshold}).",
    ),
    "ev.need.rank.not": (
        "{label} is need no. {value} of the region's stakeholders, not in the top {threshold}.",
        "{label} steht bei den Akteuren der Region an Stelle {value}, nicht unter den ersten {threshold}.",
        "{label} est le besoin n° {value} des acteurs de la région, hors des {threshold} premiers.",
        "{label} è l'esigenza n. {value} degli attori della regione, non tra le prime {threshold}.",
        "{label} je {value}. potreba deležnikov v regiji, ne med prvimi {threshold}.",
    ),
    "ev.need.share.held": (
        "{value} of stakeholders rank {label} among their top needs (at least {threshold}).",
        "{value} der Akteure zählen {label} zu ihren wichtigsten Bedarfen (mindestens {threshold}).",
        "{value} des acteurs placent {label} parmi leurs besoins prioritaires (au moins {threshold}).",
        "Il {value} degli attori indica {label} tra le esigenze prioritarie (almeno il {threshold}).",
        "{value} deležnikov uvršča potrebo {label} med najpomembnejše (vsaj {threshold}).",
    ),
    "ev.need.share.not": (
        "Only {value} of stakeholders rank {label} among their top needs (less than {threshold}).",
        "Nur {value} der Akteure zählen {label} zu ihren wichtigsten Bedarfen (weniger als {threshold}).",
        "Seuls {value} des acteurs placent {label} parmi leurs besoins prioritaires (moins de {threshold}).",
        "Solo il {value} degli attori indica {label} tra le esigenze prioritarie (meno del {threshold}).",
        "Le {value} deležnikov uvršča potrebo {label} med najpomembnejše (manj kot {threshold}).",
    ),
    "ev.need.unmet.held": (
        "{value} of stakeholders say no support measure covers {label} (at least {threshold}).",
        "{value} der Akteure sagen, dass keine Fördermaßnahme {label} abdeckt (mindestens {threshold}).",
        "{value} des acteurs estiment qu'aucun dispositif ne couvre {label} (au moins {threshold}).",
        "Il {value} degli attori afferma che nessuna misura copre {label} (almeno il {threshold}).",
        "{value} deležnikov pravi, da potrebe {label} ne pokriva noben podporni ukrep (vsaj {threshold}).",
    ),
    "ev.need.unmet.not": (
        "Only {value} of stakeholders say no support measure covers {label} (less than {threshold}).",
        "Nur {value} der Akteure sagen, dass keine Fördermaßnahme {label} abdeckt (weniger als {threshold}).",
        "Seuls {value} des acteurs estiment qu'aucun dispositif ne couvre {label} (moins de {threshold}).",
        "Solo il {value} degli attori afferma che nessuna misura copre {label} (meno del {threshold}).",
        "Le {value} deležnikov pravi, da potrebe {label} ne pokriva noben podporni ukrep (manj kot {threshold}).",
    ),
    "ev.disagreement.missing": (
        "{label}: too few answers per stakeholder group to compare them.",
        "{label}: zu wenige Antworten je Akteursgruppe für einen Vergleich.",
        "{label} : trop peu de réponses par groupe d'acteurs pour les comparer.",
        "{label}: troppe poche risposte per gruppo di attori per confrontarli.",
        "{label}: premalo odgovorov po skupinah deležnikov za primerjavo.",
    ),
    "ev.disagreement.held": (
        "Stakeholder groups rate {label} up to {value} points apart (at least {threshold}).",
        "Die Akteursgruppen bewerten {label} um bis zu {value} Punkte unterschiedlich (mindestens {threshold}).",
        "Les groupes d'acteurs évaluent {label} avec jusqu'à {value} points d'écart (au moins {threshold}).",
        "I gruppi di attori valutano {label} con uno scarto fino a {value} punti (almeno {threshold}).",
        "Skupine deležnikov ocenjujejo {label} z razliko do {value} točk (vsaj {threshold}).",
    ),
    "ev.disagreement.not": (
        "Stakeholder groups rate {label} at most {value} points apart (less than {threshold}).",
        "Die Akteursgruppen bewerten {label} um höchstens {value} Punkte unterschiedlich (weniger als {threshold}).",
        "Les groupes d'acteurs évaluent {label} avec au plus {value} points d'écart (moins de {threshold}).",
        "I gruppi di attori valutano {label} con uno scarto massimo di {value} punti (meno di {threshold}).",
        "Skupine deležnikov ocenjujejo {label} z razliko največ {value} točk (manj kot {threshold}).",
    ),
    "ev.gate.none": (
        "No gate of the model decided the region's class.",
        "Keine Schwelle des Modells hat die Einstufung der Region bestimmt.",
        "Aucun seuil du modèle n'a déterminé la classe de la région.",
        "Nessuna soglia del modello ha determinato la classe della regione.",
        "Razvrstitve regije ni določil noben prag modela.",
    ),
    "ev.gate.held": (
        "The gate '{label}' placed the region in the class '{value}'.",
        "Die Schwelle „{label}“ hat die Region in die Klasse „{value}“ eingestuft.",
        "Le seuil « {label} » a placé la région dans la classe « {value} ».",
        "La soglia «{label}» ha collocato la regione nella classe «{value}».",
        "Prag »{label}« je regijo uvrstil v razred »{value}«.",
    ),
    "ev.gate.not": (
        "The class was decided by the gate '{label}', not by '{expected}'.",
        "Die Einstufung hat die Schwelle „{label}“ bestimmt, nicht „{expected}“.",
        "La classe a été déterminée par le seuil « {label} », et non « {expected} ».",
        "La classe è stata determinata dalla soglia «{label}», non da «{expected}».",
        "Razvrstitev je določil prag »{label}«, ne »{expected}«.",
    ),
    "class.insufficient_evidence": (
        "insufficient evidence",
        "unzureichende Datengrundlage",
        "données insuffisantes",
        "dati insufficienti",
        "premalo podatkov",
    ),
    # -- actors and horizons -------------------------------------------------------------
    "actor.policy_makers": (
        "Policy makers",
        "Politische Entscheidungsträger",
        "Décideurs publics",
        "Decisori politici",
        "Oblikovalci politik",
    ),
    "actor.cluster_managers": (
        "Cluster managers",
        "Clustermanagements",
        "Gestionnaires de clusters",
        "Cluster manager",
        "Upravljavci grozdov",
    ),
    "actor.companies": ("Companies", "Unternehmen", "Entreprises", "Imprese", "Podjetja"),
    "actor.research_organisations": (
        "Research organisations",
        "Forschungseinrichtungen",
        "Organismes de recherche",
        "Organismi di ricerca",
        "Raziskovalne organizacije",
    ),
    "actor.programme_bodies": (
        "Programme bodies",
        "Programmbehörden",
        "Autorités de programme",
        "Autorità di programma",
        "Programski organi",
    ),
    "horizon.short": (
        "Short term (within a year)",
        "Kurzfristig (innerhalb eines Jahres)",
        "Court terme (moins d'un an)",
        "Breve termine (entro un anno)",
        "Kratkoročno (v enem letu)",
    ),
    "horizon.medium": (
        "Medium term (one to three years)",
        "Mittelfristig (ein bis drei Jahre)",
        "Moyen terme (un à trois ans)",
        "Medio termine (da uno a tre anni)",
        "Srednjeročno (eno do tri leta)",
    ),
    "horizon.long": (
        "Long term (more than three years)",
        "Langfristig (mehr als drei Jahre)",
        "Long terme (plus de trois ans)",
        "Lungo termine (oltre tre anni)",
        "Dolgoročno (več kot tri leta)",
    ),
    # -- summaries -----------------------------------------------------------------------
    "summary.class": (
        "{name} is in the class '{label}', with a composite score of {composite} out of 100.",
        "{name} ist in der Klasse „{label}“, mit einem Gesamtwert von {composite} von 100 Punkten.",
        "{name} est dans la classe « {label} », avec un score composite de {composite} sur 100.",
        "{name} è nella classe «{label}», con un punteggio composito di {composite} su 100.",
        "{name}: razred »{label}«, skupna ocena {composite} od 100 točk.",
    ),
    "summary.insufficient": (
        "There is too little evidence to class {name}: only {coverage} of the indicators have a value.",
        "Für eine Einstufung von {name} reicht die Datengrundlage nicht aus: Nur {coverage} der Indikatoren haben einen Wert.",
        "Les données sont insuffisantes pour classer {name} : seuls {coverage} des indicateurs sont renseignés.",
        "I dati non bastano per classificare {name}: solo il {coverage} degli indicatori ha un valore.",
        "Za razvrstitev regije {name} je premalo podatkov: vrednost ima le {coverage} kazalnikov.",
    ),
    "summary.rank": (
        "It ranks {rank} of the {total} regions scored.",
        "Sie liegt auf Rang {rank} der {total} bewerteten Regionen.",
        "Elle se classe au rang {rank} sur les {total} régions évaluées.",
        "Si colloca al {rank}° posto su {total} regioni valutate.",
        "Med {total} ocenjenimi regijami je na {rank}. mestu.",
    ),
    "summary.gate": (
        "The class was set by the gate '{gate}'.",
        "Die Einstufung ergibt sich aus der Schwelle „{gate}“.",
        "La classe résulte du seuil « {gate} ».",
        "La classe deriva dalla soglia «{gate}».",
        "Razvrstitev izhaja iz praga »{gate}«.",
    ),
    "summary.next": (
        "It needs {gap} more points to reach the class '{label}'.",
        "Bis zur Klasse „{label}“ fehlen {gap} Punkte.",
        "Il lui manque {gap} points pour atteindre la classe « {label} ».",
        "Le mancano {gap} punti per raggiungere la classe «{label}».",
        "Do razreda »{label}« manjka {gap} točk.",
    ),
    "summary.fastest": (
        "Improving {label} closes that gap fastest.",
        "Am schnellsten schließt eine Verbesserung bei {label} diese Lücke.",
        "C'est en progressant sur {label} que cet écart se comble le plus vite.",
        "Migliorare {label} è il modo più rapido per colmare il divario.",
        "Vrzel se najhitreje zapre z izboljšanjem razsežnosti {label}.",
    ),
    "stability.stable": (
        "The class is stable: {share} of {runs} sensitivity runs with other weights and aggregation give the same class.",
        "Die Einstufung ist stabil: {share} von {runs} Sensitivitätsläufen mit anderen Gewichten und Aggregationen ergeben dieselbe Klasse.",
        "La classe est stable : {share} des {runs} simulations de sensibilité avec d'autres pondérations et agrégations donnent la même classe.",
        "La classe è stabile: il {share} delle {runs} simulazioni di sensibilità con pesi e aggregazioni diversi dà la stessa classe.",
        "Razvrstitev je stabilna: {share} od {runs} preizkusov občutljivosti z drugačnimi utežmi in združevanjem da enak razred.",
    ),
    "stability.borderline": (
        "The class is borderline: only {share} of {runs} sensitivity runs give the same class, {other_share} give {other}.",
        "Die Einstufung ist grenzwertig: Nur {share} von {runs} Sensitivitätsläufen ergeben dieselbe Klasse, {other_share} ergeben {other}.",
        "La classe est limite : seules {share} des {runs} simulations de sensibilité donnent la même classe, {other_share} donnent {other}.",
        "La classe è al limite: solo il {share} delle {runs} simulazioni di sensibilità dà la stessa classe, il {other_share} dà {other}.",
        "Razvrstitev je mejna: le {share} od {runs} preizkusov občutljivosti da enak razred, {other_share} pa razred »{other}«.",
    ),
    "stability.ranks": (
        "Its rank varies between {low} and {high}.",
        "Der Rang schwankt zwischen {low} und {high}.",
        "Son rang varie entre {low} et {high}.",
        "La posizione varia tra {low} e {high}.",
        "Uvrstitev se giblje med {low}. in {high}. mestom.",
    ),
    "disagreement.text": (
        "{high_group} rate {label} at {high}, {low_group} at {low}: {spread} points apart. Discuss the reasons with both groups before acting on this dimension.",
        "{high_group} bewerten {label} mit {high}, {low_group} mit {low}: {spread} Punkte Unterschied. Die Gründe sollten mit beiden Gruppen besprochen werden, bevor in dieser Dimension gehandelt wird.",
        "{high_group} attribuent {high} à {label}, {low_group} {low} : {spread} points d'écart. Il convient d'en discuter les raisons avec les deux groupes avant d'agir sur cette dimension.",
        "{high_group} valutano {label} {high}, {low_group} {low}: {spread} punti di differenza. Conviene discuterne le ragioni con entrambi i gruppi prima di intervenire su questa dimensione.",
        "{high_group} ocenjujejo {label} z {high}, {low_group} pa z {low}: razlika je {spread} točk. Preden ukrepate na tej razsežnosti, se o razlogih pogovorite z obema skupinama.",
    ),
    "joint.summary": (
        "Recommended for {n} regions: {regions}. A joint action lets them share the effort, the lessons and the partners.",
        "Empfohlen für {n} Regionen: {regions}. Eine gemeinsame Maßnahme teilt Aufwand, Erfahrungen und Partner.",
        "Recommandée pour {n} régions : {regions}. Une action commune leur permet de partager l'effort, les enseignements et les partenaires.",
        "Raccomandata per {n} regioni: {regions}. Un'azione congiunta permette di condividere impegno, esperienze e partner.",
        "Priporočeno za {n} regije: {regions}. S skupnim ukrepom si delijo trud, izkušnje in partnerje.",
    ),
    "peer.text": (
        "{learner} can learn from {peer} on {label}: {peer_score} against {learner_score}.",
        "{learner} kann bei {label} von {peer} lernen: {peer_score} gegenüber {learner_score}.",
        "{learner} peut s'inspirer de {peer} pour {label} : {peer_score} contre {learner_score}.",
        "{learner} può imparare da {peer} su {label}: {peer_score} contro {learner_score}.",
        "{learner} se lahko pri razsežnosti {label} uči od regije {peer}: {peer_score} proti {learner_score}.",
    ),
    "meta.text": (
        "{regions} all have firms and organisations in {sector}, with complementary strengths ({offers}). A meta-cluster linking their cluster organisations can build value chains across borders.",
        "{regions} haben Unternehmen und Einrichtungen im Bereich {sector}, mit einander ergänzenden Stärken ({offers}). Ein Meta-Cluster, der ihre Clusterorganisationen verbindet, kann grenzüberschreitende Wertschöpfungsketten aufbauen.",
        "{regions} comptent des entreprises et des organisations dans le domaine {sector}, avec des atouts complémentaires ({offers}). Un méta-cluster reliant leurs organisations de cluster peut bâtir des chaînes de valeur transfrontalières.",
        "{regions} hanno imprese e organizzazioni nel settore {sector}, con punti di forza complementari ({offers}). Un meta-cluster che colleghi le loro organizzazioni cluster può costruire catene del valore transfrontaliere.",
        "{regions} imajo podjetja in organizacije na področju {sector} in se dopolnjujejo v svojih prednostih ({offers}). Metagrozd, ki poveže njihove organizacije grozdov, lahko gradi čezmejne verige vrednosti.",
    ),
    "call.text": (
        "{regions} all name {domain} as a priority domain of their S3 and fund it through {instruments}. Open coordinated calls with aligned topics, deadlines and evaluation, so that consortia across the regions can apply together, each partner funded by its own programme.",
        "{regions} nennen {domain} als Schwerpunkt ihrer S3 und fördern ihn über {instruments}. Abgestimmte Ausschreibungen mit gleichen Themen, Fristen und Bewertungsverfahren ermöglichen regionsübergreifenden Konsortien gemeinsame Anträge, wobei jeder Partner aus seinem eigenen Programm gefördert wird.",
        "{regions} retiennent toutes {domain} comme domaine prioritaire de leur S3 et le financent par {instruments}. Des appels coordonnés, aux thèmes, échéances et modalités d'évaluation alignés, permettraient à des consortiums interrégionaux de candidater ensemble, chaque partenaire étant financé par son propre programme.",
        "{regions} indicano tutte {domain} come ambito prioritario della propria S3 e lo finanziano tramite {instruments}. Bandi coordinati, con temi, scadenze e criteri di valutazione allineati, permetterebbero a consorzi interregionali di candidarsi insieme, ciascun partner finanziato dal proprio programma.",
        "{regions} navajajo {domain} kot prednostno področje svoje S3 in ga financirajo iz {instruments}. Usklajeni razpisi z enakimi temami, roki in merili ocenjevanja bi konzorcijem iz več regij omogočili skupno prijavo, pri čemer vsakega partnerja financira njegov program.",
    ),
    "method.target": (
        "Each dimension is measured against a target of {target} points (the composite score of the top class) unless the catalogue sets another.",
        "Jede Dimension wird an einem Zielwert von {target} Punkten gemessen (dem Gesamtwert der obersten Klasse), sofern der Katalog keinen anderen festlegt.",
        "Chaque dimension est comparée à une cible de {target} points (le score composite de la classe supérieure), sauf si le catalogue en fixe une autre.",
        "Ogni dimensione è confrontata con un obiettivo di {target} punti (il punteggio composito della classe più alta), salvo diversa indicazione del catalogo.",
        "Vsaka razsežnost se meri glede na ciljno vrednost {target} točk (skupno oceno najvišjega razreda), razen če katalog določa drugo.",
    ),
    "method.priority": (
        "Priority (0-100) = 100 × (gap × {gap} + weight × {weight} + demand × {demand}) / ({gap} + {weight} + {demand}); gap: how far the dimension is below its target (0-1); weight: the dimension's weight relative to the largest; demand: the largest share of stakeholders naming a need the recommendation answers.",
        "Priorität (0-100) = 100 × (Lücke × {gap} + Gewicht × {weight} + Nachfrage × {demand}) / ({gap} + {weight} + {demand}); Lücke: Abstand der Dimension zu ihrem Zielwert (0-1); Gewicht: Gewicht der Dimension im Verhältnis zum größten; Nachfrage: größter Anteil der Akteure, die einen Bedarf nennen, auf den die Empfehlung antwortet.",
        "Priorité (0-100) = 100 × (écart × {gap} + poids × {weight} + demande × {demand}) / ({gap} + {weight} + {demand}) ; écart : distance de la dimension à sa cible (0-1) ; poids : poids de la dimension rapporté au plus élevé ; demande : part la plus élevée d'acteurs citant un besoin auquel la recommandation répond.",
        "Priorità (0-100) = 100 × (divario × {gap} + peso × {weight} + domanda × {demand}) / ({gap} + {weight} + {demand}); divario: distanza della dimensione dal suo obiettivo (0-1); peso: peso della dimensione rispetto al maggiore; domanda: quota più alta di attori che indicano un'esigenza a cui la raccomandazione risponde.",
        "Prednost (0-100) = 100 × (vrzel × {gap} + utež × {weight} + povpraševanje × {demand}) / ({gap} + {weight} + {demand}); vrzel: koliko je razsežnost pod ciljno vrednostjo (0-1); utež: utež razsežnosti glede na največjo; povpraševanje: največji delež deležnikov, ki navajajo potrebo, na katero priporočilo odgovarja.",
    ),
    # -- document headings ---------------------------------------------------------------
    "h.contents": ("Contents", "Inhalt", "Sommaire", "Indice", "Vsebina"),
    "h.regional": (
        "Regional action plans",
        "Regionale Aktionspläne",
        "Plans d'action régionaux",
        "Piani d'azione regionali",
        "Regionalni akcijski načrti",
    ),
    "h.summary": ("Summary", "Überblick", "Synthèse", "Sintesi", "Povzetek"),
    "h.dimensions": (
        "Dimensions compared with the mean of all regions",
        "Dimensionen im Vergleich zum Mittel aller Regionen",
        "Dimensions comparées à la moyenne des régions",
        "Dimensioni a confronto con la media delle regioni",
        "Razsežnosti v primerjavi s povprečjem vseh regij",
    ),
    "h.chart": (
        "{name} (solid) against the mean of all regions (dashed), on a scale of 0 to 100",
        "{name} (durchgezogen) im Vergleich zum Mittel aller Regionen (gestrichelt), Skala 0 bis 100",
        "{name} (trait plein) face à la moyenne des régions (pointillés), sur une échelle de 0 à 100",
        "{name} (linea continua) rispetto alla media delle regioni (tratteggio), su una scala da 0 a 100",
        "{name} (polna črta) v primerjavi s povprečjem vseh regij (črtkano), na lestvici od 0 do 100",
    ),
    "h.needs": (
        "Top needs of stakeholders",
        "Wichtigste Bedarfe der Akteure",
        "Principaux besoins des acteurs",
        "Principali esigenze degli attori",
        "Najpomembnejše potrebe deležnikov",
    ),
    "h.needs_by_group": (
        "Top needs by stakeholder group",
        "Wichtigste Bedarfe nach Akteursgruppe",
        "Principaux besoins par groupe d'acteurs",
        "Principali esigenze per gruppo di attori",
        "Najpomembnejše potrebe po skupinah deležnikov",
    ),
    "h.recommendations": (
        "Recommendations, by priority",
        "Empfehlungen nach Priorität",
        "Recommandations par ordre de priorité",
        "Raccomandazioni in ordine di priorità",
        "Priporočila po prednostnem vrstnem redu",
    ),
    "h.disagreements": (
        "Where stakeholder groups disagree",
        "Wo die Akteursgruppen uneins sind",
        "Points de désaccord entre groupes d'acteurs",
        "Dove i gruppi di attori non concordano",
        "Kjer se skupine deležnikov ne strinjajo",
    ),
    "h.comments": (
        "In stakeholders' own words",
        "Die Akteure in eigenen Worten",
        "Les acteurs en leurs propres mots",
        "Le parole degli attori",
        "Deležniki z lastnimi besedami",
    ),
    "h.transnational": (
        "Joint transnational plan",
        "Gemeinsamer transnationaler Plan",
        "Plan transnational commun",
        "Piano transnazionale congiunto",
        "Skupni transnacionalni načrt",
    ),
    "h.overview": (
        "Regions at a glance",
        "Die Regionen im Überblick",
        "Les régions en un coup d'œil",
        "Le regioni in sintesi",
        "Regije na kratko",
    ),
    "h.partnership_needs": (
        "Needs across all regions",
        "Bedarfe über alle Regionen",
        "Besoins de l'ensemble des régions",
        "Esigenze di tutte le regioni",
        "Potrebe v vseh regijah",
    ),
    "h.joint_actions": (
        "Joint actions",
        "Gemeinsame Maßnahmen",
        "Actions communes",
        "Azioni congiunte",
        "Skupni ukrepi",
    ),
    "h.peer_learning": (
        "Peer learning",
        "Voneinander lernen",
        "Apprentissage entre pairs",
        "Apprendimento tra pari",
        "Medsebojno učenje",
    ),
    "h.meta_clusters": (
        "Meta-cluster suggestions",
        "Vorschläge für Meta-Cluster",
        "Propositions de méta-clusters",
        "Proposte di meta-cluster",
        "Predlogi metagrozdov",
    ),
    "h.joint_calls": (
        "Synchronised joint calls",
        "Abgestimmte gemeinsame Ausschreibungen",
        "Appels conjoints synchronisés",
        "Bandi congiunti sincronizzati",
        "Usklajeni skupni razpisi",
    ),
    "h.method": ("Method", "Methode", "Méthode", "Metodo", "Metoda"),
    "h.warnings": (
        "Notes on the data",
        "Hinweise zu den Daten",
        "Remarques sur les données",
        "Note sui dati",
        "Opombe o podatkih",
    ),
    "col.region": ("Region", "Region", "Région", "Regione", "Regija"),
    "col.code": ("Code", "Code", "Code", "Codice", "Oznaka"),
    "col.class": ("Class", "Klasse", "Classe", "Classe", "Razred"),
    "col.composite": (
        "Composite",
        "Gesamtwert",
        "Score composite",
        "Punteggio composito",
        "Skupna ocena",
    ),
    "col.rank": ("Rank", "Rang", "Rang", "Posizione", "Mesto"),
    "col.stability": ("Stability", "Stabilität", "Stabilité", "Stabilità", "Stabilnost"),
    "col.dimension": ("Dimension", "Dimension", "Dimension", "Dimensione", "Razsežnost"),
    "col.score": ("Score", "Wert", "Score", "Punteggio", "Ocena"),
    "col.mean": (
        "Mean of all regions",
        "Mittel aller Regionen",
        "Moyenne des régions",
        "Media delle regioni",
        "Povprečje regij",
    ),
    "col.difference": ("Difference", "Differenz", "Écart", "Differenza", "Razlika"),
    "col.weight": ("Weight", "Gewicht", "Poids", "Peso", "Utež"),
    "col.target": ("Target", "Zielwert", "Cible", "Obiettivo", "Cilj"),
    "col.need": ("Need", "Bedarf", "Besoin", "Esigenza", "Potreba"),
    "col.share": (
        "Stakeholders ranking it",
        "Anteil der Nennungen",
        "Part des acteurs qui le citent",
        "Quota di attori che la indicano",
        "Delež deležnikov, ki jo navajajo",
    ),
    "col.unmet": (
        "Not covered by any measure",
        "Durch keine Maßnahme abgedeckt",
        "Couvert par aucun dispositif",
        "Non coperta da alcuna misura",
        "Ne pokriva je noben ukrep",
    ),
    "col.group": (
        "Stakeholder group",
        "Akteursgruppe",
        "Groupe d'acteurs",
        "Gruppo di attori",
        "Skupina deležnikov",
    ),
    "col.respondents": ("Respondents", "Antworten", "Répondants", "Rispondenti", "Anketiranci"),
    "col.priority": ("Priority", "Priorität", "Priorité", "Priorità", "Prednost"),
    "col.recommendation": (
        "Recommendation",
        "Empfehlung",
        "Recommandation",
        "Raccomandazione",
        "Priporočilo",
    ),
    "col.id": ("Id", "Kennung", "Identifiant", "Identificativo", "Oznaka"),
    "col.text": ("What to do", "Was zu tun ist", "Que faire", "Cosa fare", "Kaj storiti"),
    "col.rationale": ("Why", "Begründung", "Pourquoi", "Perché", "Zakaj"),
    "col.actors": ("Who", "Wer", "Qui", "Chi", "Kdo"),
    "col.horizon": ("Horizon", "Zeithorizont", "Horizon", "Orizzonte", "Časovni okvir"),
    "col.funding": ("Funding", "Finanzierung", "Financement", "Finanziamento", "Financiranje"),
    "col.evidence": ("Evidence", "Befund", "Éléments factuels", "Evidenze", "Dokazi"),
    "col.improves": ("Improves", "Stärkt", "Renforce", "Rafforza", "Krepi"),
    "col.answers": (
        "Answers the needs",
        "Antwortet auf",
        "Répond aux besoins",
        "Risponde alle esigenze",
        "Odgovarja na potrebe",
    ),
    "col.regions": ("Regions", "Regionen", "Régions", "Regioni", "Regije"),
    "col.learner": ("Region", "Region", "Région", "Regione", "Regija"),
    "col.peer": ("Learns from", "Lernt von", "S'inspire de", "Impara da", "Se uči od"),
    "col.sector": ("Sector", "Branche", "Secteur", "Settore", "Sektor"),
    "col.strengths": ("Strengths", "Stärken", "Atouts", "Punti di forza", "Prednosti"),
    "col.domain": (
        "Priority domain",
        "Schwerpunkt",
        "Domaine prioritaire",
        "Ambito prioritario",
        "Prednostno področje",
    ),
    "col.instruments": ("Instruments", "Instrumente", "Instruments", "Strumenti", "Instrumenti"),
    "col.suggestion": ("Suggestion", "Vorschlag", "Proposition", "Proposta", "Predlog"),
    "col.question": ("Question", "Frage", "Question", "Domanda", "Vprašanje"),
    "col.comment": ("Answer", "Antwort", "Réponse", "Risposta", "Odgovor"),
    "none.recommendations": (
        "No recommendation of the catalogue applies to this region.",
        "Keine Empfehlung des Katalogs trifft auf diese Region zu.",
        "Aucune recommandation du catalogue ne s'applique à cette région.",
        "Nessuna raccomandazione del catalogo si applica a questa regione.",
        "Za to regijo ne velja nobeno priporočilo iz kataloga.",
    ),
    "none.needs": (
        "No stakeholder of this region answered the needs survey.",
        "Aus dieser Region hat niemand die Bedarfsumfrage beantwortet.",
        "Aucun acteur de cette région n'a répondu à l'enquête sur les besoins.",
        "Nessun attore di questa regione ha risposto all'indagine sulle esigenze.",
        "Na anketo o potrebah ni odgovoril noben deležnik iz te regije.",
    ),
    "none.items": ("None.", "Keine.", "Aucun.", "Nessuno.", "Ni."),
    "none.disagreements": (
        "The stakeholder groups broadly agree on every dimension.",
        "Die Akteursgruppen sind sich in allen Dimensionen weitgehend einig.",
        "Les groupes d'acteurs sont globalement d'accord sur toutes les dimensions.",
        "I gruppi di attori concordano nel complesso su tutte le dimensioni.",
        "Skupine deležnikov se v vseh razsežnostih v glavnem strinjajo.",
    ),
    "meta.generated": (
        "Generated on {date} from the scoring model {model} {model_version} and the catalogue {catalogue} {catalogue_version}.",
        "Erstellt am {date} mit dem Bewertungsmodell {model} {model_version} und dem Katalog {catalogue} {catalogue_version}.",
        "Établi le {date} à partir du modèle d'évaluation {model} {model_version} et du catalogue {catalogue} {catalogue_version}.",
        "Generato il {date} con il modello di valutazione {model} {model_version} e il catalogo {catalogue} {catalogue_version}.",
        "Pripravljeno {date} z modelom ocenjevanja {model} {model_version} in katalogom {catalogue} {catalogue_version}.",
    ),
    "meta.respondents": (
        "{n} respondents to the stress test, {m} to the needs survey.",
        "{n} Antworten im Stresstest, {m} in der Bedarfsumfrage.",
        "{n} répondants au test de résistance, {m} à l'enquête sur les besoins.",
        "{n} rispondenti allo stress test, {m} all'indagine sulle esigenze.",
        "{n} anketirancev v stresnem testu, {m} v anketi o potrebah.",
    ),
    "legend.region": ("Region", "Region", "Région", "Regione", "Regija"),
    "legend.mean": (
        "Mean of all regions",
        "Mittel aller Regionen",
        "Moyenne des régions",
        "Media delle regioni",
        "Povprečje regij",
    ),
    "sheet.scores": ("Scores", "Werte", "Scores", "Punteggi", "Ocene"),
    "sheet.recommendations": (
        "Recommendations",
        "Empfehlungen",
        "Recommandations",
        "Raccomandazioni",
        "Priporočila",
    ),
    "sheet.needs": ("Needs", "Bedarfe", "Besoins", "Esigenze", "Potrebe"),
    "sheet.joint": (
        "Joint actions",
        "Gemeinsame Maßnahmen",
        "Actions communes",
        "Azioni congiunte",
        "Skupni ukrepi",
    ),
    "sheet.peers": (
        "Peer learning",
        "Voneinander lernen",
        "Apprentissage entre pairs",
        "Apprendimento tra pari",
        "Medsebojno učenje",
    ),
    "sheet.meta": ("Meta-clusters", "Meta-Cluster", "Méta-clusters", "Meta-cluster", "Metagrozdi"),
    "sheet.calls": (
        "Joint calls",
        "Ausschreibungen",
        "Appels conjoints",
        "Bandi congiunti",
        "Skupni razpisi",
    ),
    "sheet.comments": ("Comments", "Kommentare", "Commentaires", "Commenti", "Komentarji"),
    "sheet.regions": ("Regions", "Regionen", "Régions", "Regioni", "Regije"),
    "word.and": ("and", "und", "et", "e", "in"),
    "word.or": ("or", "oder", "ou", "o", "ali"),
}


def text(key: str, lang: str, **values: str) -> str:
    """The template `key` in `lang` (English when `lang` is not one of LANGUAGES), filled in."""
    entry = _TEXTS[key]
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    template = entry[index]
    return template.format_map(values) if values else template


def keys() -> list[str]:
    return list(_TEXTS)


def number(value: float, lang: str, digits: int = 1) -> str:
    """54.2 in English, 54,2 in the other languages; -0.0 shows as 0."""
    rounded = round(value, digits)
    if rounded == 0:
        rounded = 0.0
    out = f"{rounded:.{digits}f}"
    return out if lang == "en" else out.replace(".", ",")


def percent(share: float, lang: str) -> str:
    """A share (0-1) as a whole percentage: 45% in English and Italian, 45 % elsewhere."""
    value = f"{round(share * 100):d}"
    return f"{value}%" if lang in ("en", "it") else f"{value}{NBSP}%"


def join(items: Sequence[str], lang: str, word: str = "and") -> str:
    """'A, B and C' with the language's conjunction."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {text('word.' + word, lang)} {items[-1]}"
