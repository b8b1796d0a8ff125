"""bizenv-warehouse: load business-environment policy documents into a DuckDB warehouse."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"

# Bump when extraction output changes, so incremental builds re-extract unchanged files.
EXTRACTOR_VERSION = "0.2.2"
