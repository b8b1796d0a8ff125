"""bizenv-warehouse: load business-environment policy documents into a DuckDB warehouse."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"

# The prefix of the extractor version. Edits to the extraction code or its rule seeds need no bump:
# pipeline.extractor_version adds a digest of both.
EXTRACTOR_VERSION = "0.3.4"
