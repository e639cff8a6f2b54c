"""The Spark engine: the executor operations over RDDs (PySpark, ``pip install 'veille[spark]'``).

Run as ``veille batch --engine spark`` it starts (or, under ``spark-submit``, joins) a Spark
application; ``--master`` names the cluster (``local[2]``, ``spark://host:7077``, ``yarn``…).
Executors must have veille and its spaCy model installed (docs/batch.md shows how to ship them).
Python workers are reused across tasks (Spark's default), so the pipeline is loaded once per
worker process, not once per partition.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from .tables import PARTITIONED, TABLES, as_tuple

ARTICLES_PER_PARTITION = 200  # analysis tasks: small enough to balance, large enough to batch spaCy
CHECKPOINT_EVERY = 5  # label propagation rounds between lineage cuts
MAX_INPUT_PARTITIONS = 10_000
WORKER_MEMORY = "3g"
SHUFFLE_PARTITIONS_PER_CORE = 2


class SparkExecutor:
    name = "spark"

    def __init__(self, master: str | None = None, app_name: str = "veille batch") -> None:
        try:
            from pyspark import StorageLevel
            from pyspark.sql import SparkSession
        except ImportError:
            raise ConfigError("the Spark engine needs PySpark: pip install 'veille[spark]'") from None
        self._storage = StorageLevel.MEMORY_AND_DISK
        builder = (SparkSession.builder.appName(app_name).config("spark.ui.showConsoleProgress", "false")
                   # A worker holding the spaCy model uses ~800 MB: below this, every shuffle would
                   # spill to disk item by item (a spark-submit --conf overrides it).
                   .config("spark.python.worker.memory", WORKER_MEMORY))
        submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started us: it chose the master
        if master or not submitted:
            master = master or "local[*]"
            builder = builder.master(master)
        if master and master.startswith("local"):
            # local workers must run this interpreter (its environment has veille and the model)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            quiet = resources.files(__package__).joinpath("log4j2.properties")
            builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={quiet}")
        try:
            self.spark = builder.getOrCreate()
        except Exception as err:  # noqa: BLE001 - PySpark raises several types when the JVM cannot start
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ConfigError(f"Spark could not start ({first}); it needs Java 17 or newer "
                              "(java on PATH or JAVA_HOME)") from None
        self.spark.sparkContext.setLogLevel("ERROR")
        self.context = self.spark.sparkContext
        # Shuffles keep a fixed number of partitions (a union adds its inputs' partitions up).
        self.partitions = self.context.defaultParallelism * SHUFFLE_PARTITIONS_PER_CORE

    # -- collections -----------------------------------------------------------------------

    def parallelize(self, items: list, partitions: int):
        return self.context.parallelize(items, max(1, min(partitions, MAX_INPUT_PARTITIONS)))

    def map_partitions(self, data, fn):
        return data.mapPartitions(fn)

    def flat_map(self, data, fn):
        return data.flatMap(fn)

    def rebalance(self, data):
        count = data.count()
        partitions = max(self.context.defaultParallelism, -(-count // ARTICLES_PER_PARTITION))
        return data.repartition(partitions)

    def reduce_by_key(self, data, fn):
        return data.reduceByKey(fn, self.partitions)

    def group_by_key(self, data):
        return data.groupByKey(self.partitions).mapValues(list)

    def join(self, left, right):
        return left.join(right, self.partitions)

    def left_join(self, left, right):
        return left.leftOuterJoin(right, self.partitions)

    def union(self, a, b):
        return a.union(b)

    def persist(self, data):
        return data.persist(self._storage)

    def count(self, data) -> int:
        return data.count()

    def take(self, data, n: int) -> list:
        return data.take(n)

    def components(self, nodes, edges):
        """Label propagation: every node takes the smallest label among itself and its neighbours
        until nothing changes (as many rounds as the longest shortest path in a component)."""
        neighbours = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).persist(self._storage)
        labels = nodes.map(lambda n: (n, n)).persist(self._storage)
        rounds = 0
        while True:
            offers = neighbours.join(labels, self.partitions).map(lambda kv: (kv[1][0], kv[1][1]))
            updated = labels.union(offers).reduceByKey(min, self.partitions).persist(self._storage)
            rounds += 1
            if rounds % CHECKPOINT_EVERY == 0:
                updated.localCheckpoint()
            changed = updated.join(labels, self.partitions).filter(lambda kv: kv[1][0] != kv[1][1]).count()
            labels.unpersist()
            labels = updated
            if not changed:
                neighbours.unpersist()
                return labels

    def write(self, data, folder: Path, table: str) -> None:
        from pyspark.sql.types import (ArrayType, BinaryType, BooleanType, DoubleType, LongType, StringType,
                                       StructField, StructType)

        types = {"string": StringType(), "int": LongType(), "double": DoubleType(), "bool": BooleanType(),
                 "binary": BinaryType(), "list<string>": ArrayType(StringType()), "list<int>": ArrayType(LongType())}
        schema = StructType([StructField(name, types[kind], True) for name, kind in TABLES[table]])
        frame = self.spark.createDataFrame(data.map(partial(as_tuple, table)), schema)
        writer = frame.write.mode("errorifexists")
        if table in PARTITIONED:
            writer = writer.partitionBy("month")
        writer.parquet(str(folder))

    def close(self) -> None:
        self.spark.stop()
