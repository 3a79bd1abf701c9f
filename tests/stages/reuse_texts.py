"""Invented news stories (fiction, written for these tests): a source, its copy, a paraphrased rewrite,
two independent reports sharing one quotation, and an unrelated story."""

ORIGINAL = (
    "Elmbridge to close its old stone bridge for repairs\n\n"
    "The town of Elmbridge will close its old stone bridge over the Varra river for repairs starting on Monday, "
    "the council announced. Engineers found deep cracks in two of the bridge's supporting arches during a "
    "routine inspection last month. Drivers will be diverted through the northern ring road, adding about twenty "
    "minutes to the trip into the centre. The repairs are expected to cost 4.2 million euros and to last until "
    "the end of September. Local shop owners warned that the closure could hurt trade during the summer season. "
    "\u201cWe cannot afford another quiet summer,\u201d said Marta Lindqvist, who runs a bakery near the bridge. "
    "The council said a free shuttle bus would run every fifteen minutes between the two banks."
)

COPY = "Share this article\n\n" + ORIGINAL.replace("announced", "said on Friday") + "\n\nRead more local news"

REWRITE = (
    "Historic Elmbridge bridge to shut\n\n"
    "Elmbridge's historic stone bridge across the Varra will be shut for repair works from Monday, according to "
    "the town council. A routine inspection last month revealed serious cracks in two of the arches that hold the "
    "bridge up. Motorists are to be sent along the northern ring road instead, which will add roughly twenty "
    "minutes to journeys into the town centre. The work should cost about 4.2 million euros and continue until "
    "late September. Shopkeepers in the area fear the closure will damage their business over the summer. "
    "\u201cWe cannot afford another quiet summer,\u201d bakery owner Marta Lindqvist said. A free shuttle bus "
    "will link the two riverbanks every fifteen minutes, the council added."
)

QUOTE = "\u201cNobody should have to spend a night watching the water rise in their own kitchen,\u201d"

FLOOD_A = (
    "Heavy rain flooded dozens of basements in the port town of Kelmouth overnight. Firefighters pumped water "
    "out of homes along the harbour until dawn, and two families were moved to a sports hall. Mayor Ines Darrow "
    f"visited the worst-hit street on Tuesday morning. {QUOTE} Darrow said. The town has asked the regional "
    "government for emergency funds to repair the drains."
)

FLOOD_B = (
    "Residents of Kelmouth spent Tuesday clearing mud after a storm dumped a month's rain in six hours. Several "
    "schools stayed closed while engineers checked their foundations. "
    f"{QUOTE} Mayor Ines Darrow told reporters. Insurers expect hundreds of claims from shop owners and "
    "householders. The regional weather office warned that more storms could follow at the weekend."
)

UNRELATED = (
    "The Northfield Otters won the regional basketball cup on Saturday, beating the Harlow Kites 88 to 79 in "
    "front of a sold-out crowd. Guard Tomas Ferreira scored 31 points, including six three-pointers. The Otters "
    "trailed by eleven points at half time before a run of fourteen unanswered points turned the game. Their "
    "coach praised the defence and said the team would now prepare for the national play-offs in April."
)

#: An independent report of the Elmbridge closure: some of the same facts, in its own words and its own order,
#: with reporting of its own.
INDEPENDENT = (
    "Bridge closure to snarl Elmbridge traffic\n\n"
    "Traders on the Elmbridge river front say they are bracing for a lean summer. From Monday nobody will be able "
    "to cross the Varra in the middle of town, after the council ordered its old stone bridge shut. Hannes Olt, "
    "who sells fishing gear by the water, said half his customers walk over from the far bank. Inspectors "
    "checking the structure last month discovered cracks running through two supporting arches. Fixing them "
    "will cost 4.2 million euros, according to council papers seen by this newspaper. The bridge was last "
    "repaired in 1987, when a barge struck one of its piers during a spring flood. Cars heading for the centre "
    "are being sent around the northern ring road. Opposition councillors asked why the cracks were not found "
    "sooner and demanded an independent report."
)

#: Two independent reports that quote one official with the same attribution (and nothing else in common).
OFFICIAL = "\u201cThe water has never come up this fast in forty years,\u201d said Ines Darrow, the mayor of Kelmouth."
QUOTING_A = (
    "Heavy rain flooded dozens of basements in the port town of Kelmouth overnight. Firefighters pumped water out "
    f"of homes along the harbour until dawn, and two families were moved to a sports hall. {OFFICIAL} The town "
    "has asked the regional government for emergency funds to repair the drains."
)
QUOTING_B = (
    "Residents of Kelmouth spent Tuesday clearing mud after a storm dumped a month's rain in six hours. Several "
    f"schools stayed closed while engineers checked their foundations. {OFFICIAL} Insurers expect hundreds of "
    "claims from shop owners and householders."
)
