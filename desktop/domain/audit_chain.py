"""The audit trail's chain: each entry seals the one before it.

An entry's `chain_hash` is the SHA-256 of the previous entry's hash and the entry's own
content (id, time, who, what, why, which record, the changes, the source), written in
one canonical form. Changing or deleting an entry behind the program's back breaks the
hash of that entry or of the one after it, which `denkhuya audit verify` finds. (A
deletion of the newest entries leaves no trace in the chain itself.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

# The hash before the first entry.
GENESIS = "0" * 64
# The fields of an entry that its hash covers, in this order.
SEALED_FIELDS = (
    "id", "at", "actor", "action", "reason", "entity_type", "entity_key", "changes", "source"
)  # fmt: skip


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def entry_hash(previous: str, entry: Mapping[str, Any]) -> str:
    """The chain hash of `entry` (a mapping with SEALED_FIELDS) after `previous`."""
    content = [previous, *(_canonical(entry.get(name)) for name in SEALED_FIELDS)]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
