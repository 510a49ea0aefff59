"""The vendor record: what a shortlisted vendor is, and how one read from a workspace file is checked.

Plain Python on purpose (no pydantic): the TUI's first screen is the vendor list, drawn
before anything else is read, and pydantic's import alone costs about as much as the rest
of that screen. Every other record type is validated by the models in models.py; this one
is small enough that its check here is the whole rule (strict types, unknown keys ignored).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Literal, cast

from .errors import CorruptFileError

REGIONS = ("onshore", "nearshore", "offshore")
Region = Literal["onshore", "nearshore", "offshore"]

# Vendor ids are made by add_vendor ("v" + a counter or a random number); one read from a
# file must look exactly like that, because it names a folder that --force deletes.
VENDOR_ID_RE = re.compile(r"^v[1-9][0-9]{0,8}$")


@dataclasses.dataclass(frozen=True, slots=True)
class Vendor:
    id: str
    name: str
    region: Region | None = None
    website: str = ""
    notes: str = ""

    def as_dict(self) -> dict[str, str | None]:
        """The stored fields, in their stored order (vendor files, the audit trail, the approval digest)."""
        return {"id": self.id, "name": self.name, "region": self.region, "website": self.website,
                "notes": self.notes}

    def with_changes(self, **changes: Any) -> Vendor:
        return dataclasses.replace(self, **changes)


def vendor_from_doc(doc: Any, file: object, table: str, doc_id: str) -> Vendor:
    """Check one vendor record read from a workspace file (untrusted: it may come from a teammate's
    clone). A wrong shape is a CorruptFileError naming the file, the record and the field."""
    where = f"{table} record {doc_id}" if doc_id else table

    def bad(field: str, what: str, got: Any) -> CorruptFileError:
        return CorruptFileError(f"{file}: {where}: {field}: {what} (got {got!r:.60}); "
                                "the file was edited by hand? It was left untouched.")

    if doc is None:
        raise CorruptFileError(f"{file}: the {table} table is missing; the file was edited by hand? "
                               "It was left untouched.")
    if not isinstance(doc, dict):
        raise bad("(record)", "should be an object", doc)
    vid = doc.get("id")
    if not isinstance(vid, str) or not VENDOR_ID_RE.fullmatch(vid):
        raise CorruptFileError(f"{file}: {table}: id {vid!r} is not a vendor id (v1, v2, ...); "
                               "the file was edited by hand? It was left untouched.")
    name = doc.get("name")
    if type(name) is not str or not name:
        raise bad("name", "should be a non-empty string", name)
    region = doc.get("region")
    if region is not None and region not in REGIONS:
        raise bad("region", f"should be one of {', '.join(REGIONS)} or null", region)
    fields: dict[str, str] = {}
    for key in ("website", "notes"):
        value = doc.get(key, "")
        if type(value) is not str:
            raise bad(key, "should be a string", value)
        fields[key] = value
    return Vendor(id=vid, name=name, region=cast("Region | None", region), **fields)

