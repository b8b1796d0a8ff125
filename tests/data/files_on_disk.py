"""Writing test input files (shared by the reading and reliability tests)."""
from __future__ import annotations

from pathlib import Path


def write(root: Path, rel: str, data: bytes) -> Path:
    """Write data to root/rel, creating folders; the path written."""
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p
