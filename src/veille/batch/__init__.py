"""Batch mode: the ingest pipeline over whole archives, on one machine or on Apache Spark.

``run_batch(inputs, output, settings, executor)`` reads, analyses and clusters every article and
writes Parquet tables (batch/tables.py); ``load_batch(folder, store)`` puts them in a store. The
engines implement one small interface (batch/executor.py): ``LocalExecutor`` and, with
``pip install 'veille[spark]'``, ``SparkExecutor`` (batch/spark.py).
"""

from .executor import Executor, LocalExecutor
from .job import BatchReport, run_batch
from .load import LoadReport, load_batch


def executor_for(engine: str, *, workers: int = 1, master: str | None = None) -> Executor:
    """The executor an engine name stands for (``local`` or ``spark``)."""
    if engine == "spark":
        from .spark import SparkExecutor

        return SparkExecutor(master)
    return LocalExecutor(workers)


__all__ = ["BatchReport", "Executor", "LoadReport", "LocalExecutor", "executor_for", "load_batch", "run_batch"]
