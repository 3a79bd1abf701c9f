"""The product: pure stages from raw documents to a report. No files, network, SQL or globals here
(except ``ingest``, the only I/O at the front)."""
