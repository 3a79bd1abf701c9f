"""The product: one package per capability, pure functions from articles to findings.

``clean``, ``reuse``, ``stories``, ``entities``, ``quotes``, ``temporal``, ``claims``, ``framing``, ``summary`` and
``timeline``. No files, network, SQL or globals here: reading inputs is ``storylens.ingest``, storing is
``storylens.store``; what two capabilities share lives in ``storylens.text``.
"""
