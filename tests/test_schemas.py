"""One schema language: a policy pack's shape and the reference sets' entries are msgspec types; a pack author gets
the pack's JSON Schema (`yjtui pack schema`, a copy shipped beside the packs); msgspec never loads before the first
screen."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib

from yjtui.cli.pack import run_pack, schema_text
from yjtui.rules import pack_schema, packs


def test_the_shipped_schema_is_what_yjtui_pack_schema_writes():
    shipped = packs.shipped_dir() / "pack.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(), \
        "run `yjtui pack schema -o data/packs/pack.schema.json` and commit it"


def test_pack_schema_writes_the_file_an_editor_reads(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert run_pack(["schema", "-o", str(tmp_path / "pack.schema.json")], out, err) == 0
    assert "#:schema pack.schema.json" in out.getvalue() and err.getvalue() == ""
    written = json.loads((tmp_path / "pack.schema.json").read_text(encoding="utf-8"))
    assert written["$schema"].startswith("https://json-schema.org/")
    out = io.StringIO()
    assert run_pack(["schema"], out, io.StringIO()) == 0 and json.loads(out.getvalue()) == written
    assert run_pack(["schema", "--nonsense"], io.StringIO(), io.StringIO()) == 2


def test_the_schema_holds_every_key_the_shipped_packs_use_and_the_known_values_shapes():
    schema = json.loads(schema_text())
    pack = schema["$defs"]["Pack"]
    assert set(pack["required"]) == {"name", "title", "service", "guidance", "rules"}
    assert pack["additionalProperties"] is False
    for path in sorted(packs.shipped_dir().glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(doc) <= set(pack["properties"]), path.name
        for key in doc.get("values", {}):
            assert key in pack["properties"]["values"]["properties"] or \
                pack["properties"]["values"]["additionalProperties"], key
    known = pack["properties"]["values"]["properties"]
    assert set(known) == set(pack_schema.VALUE_TYPES)
    units = schema["$defs"]["Timescale"]["properties"]["unit"]["enum"]
    assert sorted(units) == sorted(packs.UNITS)
    levels = schema["$defs"]["ContactLevel"]["properties"]["risk"]["enum"]
    assert sorted(levels) == ["high", "low", "medium"]


def test_msgspec_is_not_loaded_on_the_way_to_the_first_screen(tmp_path):
    """Reference data found good once is not checked again (reference/checked.py), so the second start loads
    neither the checker nor msgspec; packs are read after the first paint."""
    code = ("import sys, yjtui.cli, yjtui.app\n"
            "assert yjtui.cli.check_reference_data() is None\n"
            "print('msgspec' in sys.modules)\n")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)]
    assert runs == ["True", "False"]  # checked (and stamped) the first time; the second start skips it
