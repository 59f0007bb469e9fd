"""Public figures of the seeds, kept exactly as printed (slips included): the demo's data and golden tests.

Charente (16), CLU of 5 April 2022, 2021 indicators of the préfecture.
"""

CHARENTE_YEAR = 2021
CHARENTE_POPULATION = 360970

# Telephony: calls lost and received per month; the published rate (the November figure is a slip:
# 77,8 % printed, (8 599 − 1 309) / 8 599 = 84,8 %).
CALLS_LOST = [2266, 1827, 2052, 1787, 1303, 2302, 1708, 1322, 1894, 1773, 1309, 1619]
CALLS_RECEIVED = [9903, 9740, 11367, 10895, 9842, 11335, 8849, 7902, 9599, 8598, 8599, 7681]
CALLS_PUBLISHED_RATE = ["77.1", "81.3", "81.8", "83.6", "86.7", "79.7", "80.7", "83.3", "80.3", "79.4", "77.8", "78.9"]

# Website: visits per month over the department population.
WEB_VISITS = [32403, 30146, 33010, 30711, 25677, 26342, 24556, 21696, 24564, 24263, 24800, 23956]
WEB_PUBLISHED_RATE = ["8.98", "8.35", "9.14", "8.51", "7.11", "7.35", "6.85", "6.01", "6.80", "6.72", "6.89", "6.64"]

# Social networks: engagements and impressions, Twitter and Facebook.
TWITTER_ENGAGEMENTS = [966, 2902, 1340, 1274, 1621, 1263, 1249, 283, 1494, 3370, 1397, 863]
FACEBOOK_ENGAGEMENTS = [5242, 11589, 5267, 12091, 8769, 10228, 5229, 1448, 3996, 8944, 2392, 18638]
TWITTER_IMPRESSIONS = [55626, 55707, 38478, 53245, 60134, 52643, 39697, 9162, 25237, 33120, 25188, 14111]
FACEBOOK_IMPRESSIONS = [88030, 219961, 74471, 169469, 148358, 197766, 91398, 23355, 65843, 164357, 39784, 95385]
SOCIAL_PUBLISHED_RATE = ["5.4", "5.2", "5.9", "6.8", "5.0", "4.8", "5.1", "5.3", "4.9", "6.2", "14.1", "17.8"]

# Residence permits: mean processing delay (days) and positive decisions per month.
FIRST_PERMIT_DELAY = [124, 60, 66, 40, 31, 53, 82, 29, 46, 55, 34, 70]
FIRST_PERMIT_DECISIONS = [60, 191, 272, 338, 234, 386, 332, 511, 419, 755, 826, 394]
RENEWAL_DELAY = [29, 34, 31, 26, 18, 18, 44, 25, 23, 22, 32, 61]
RENEWAL_DECISIONS = [82, 207, 183, 205, 126, 270, 210, 279, 299, 503, 270, 136]

# Quarterly mean delivery delays (days): only the published means are known, not the number of titles.
TITLE_DELAYS = {
    "TITRES-CNI-PASSEPORT-DELAI": [6, 8, 14, 26],  # printed yearly figure 13,5 = mean of the quarters
    "TITRES-CIV-DELAI": [4, 4, 4, 4],
    "TITRES-PERMIS-DELAI": [14, 31, 48, 48],  # printed yearly figure 35,3
    "RDV-MAIRIE-DELAI": [19, 33, 40, 41],
}

# Loir-et-Cher, users' committee of June 2022: requests of the first half of 2022.
# 38 complaints; themes: appointments for foreigners (count not printed: 38 − 3 − 10 = 25, assuming one theme per
# complaint), lack of reception staff 3, winter temperature in the hall 10; 1 suggestion (reception staff).
# Published: 100 % of complaints and suggestions answered in time, mean delay 1 working day.
LOIR_ET_CHER_2022_H1_COMPLAINTS = {
    "Délai pour obtenir un rendez-vous (étrangers)": ("migrations", 25),
    "Manque d'agents à l'accueil": ("accueil", 3),
    "Température du hall d'accueil": ("accueil", 10),
}
LOIR_ET_CHER_2022_H1_SUGGESTIONS = {"Manque d'agents à l'accueil": ("accueil", 1)}
LOIR_ET_CHER_2022_H1_FOLLOW_UPS = [
    ("Manque d'agents à l'accueil", "Recrutement de contractuels pour l'accueil", True),
    ("Température du hall d'accueil", "Travaux de chauffage programmés à la mi-juillet", False),
]
