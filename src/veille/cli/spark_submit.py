"""Entry point for `spark-submit`: `veille batch --engine spark` inside the application Spark started.

    spark-submit [spark options] .../veille/cli/spark_submit.py INPUT... -o OUT [veille batch options]

(docs/batch.md shows how to ship veille and its model to the executors.)
"""

import sys

from veille.cli import main

if __name__ == "__main__":
    main(["batch", "--engine", "spark", *sys.argv[1:]], prog_name="veille batch")
