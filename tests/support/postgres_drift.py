"""`make drift` on PostgreSQL: build the schema from the migrations, compare it with the models."""

from __future__ import annotations

import os
import sys

from fairmarket.bootstrap import schema_drift
from tests.support.database import build_database


def main() -> int:
    url = os.environ["FAIRMARKET_TEST_DATABASE_URL"]
    build_database(url)
    problems = schema_drift(url)
    for problem in problems:
        print(f"drift: {problem}", file=sys.stderr)
    print("postgres: models and migrations agree" if not problems else "postgres: drift found")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
