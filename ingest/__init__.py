"""bizenv-warehouse: load business-environment policy documents into a DuckDB warehouse."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"

# Bump when extraction code changes, so incremental builds re-extract unchanged files (edits to the rule
# seeds are noticed by themselves: pipeline.extractor_version adds their digest).
EXTRACTOR_VERSION = "0.3.4"
