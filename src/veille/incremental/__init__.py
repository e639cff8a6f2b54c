"""The incremental path: articles analysed, stored and clustered one batch at a time into one SQLite
store, whatever came before (`veille ingest`, `veille watch`; veille.batch is the other path, over
a whole archive at once).

``ingest`` reads inputs into a store; ``ingest_records`` takes records read already (the
evaluation's); ``store_documents`` stores analysed documents and places them in clusters;
``watch`` polls feeds through the same path.
"""

from .ingest import IngestReport, ingest, ingest_records, store_documents

__all__ = ["IngestReport", "ingest", "ingest_records", "store_documents"]
