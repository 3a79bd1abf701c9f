"""The text kernel every capability shares, one of each primitive.

``sentences``/``words`` (splitting, tokenising, stemming), ``quotations`` (quotation spans), ``values``
(numbers with their counted noun, money, dates; same / compatible / conflicting), ``calendar`` and ``numbers``
(calendar arithmetic, number words), ``names`` and ``cues`` (name keys, saying verbs, titles), ``support``
(sentence units and which articles support them). No capability writes its own.
"""
