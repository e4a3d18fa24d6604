"""`yjtui pack check FILE`, `yjtui pack new NAME` and `yjtui pack schema`: a service's own policy pack, without the
terminal UI.

`check` reads a pack file (or several, in turn), checks it against the schema and the rule book, and prints what it changes against
the national baseline; a broken pack exits 2 with one line on standard error naming the file, key and line.
`new` writes a commented template that passes `check` as written, to edit into the service's own.
`schema` writes the JSON Schema of a pack (rules/pack_schema.py, the types `check` reads a pack with), for editors that
check TOML as it is typed (Taplo, Even Better TOML: `#:schema pack.schema.json` on a pack's first line); a copy
ships as data/packs/pack.schema.json.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import IO, Any

from yjtui.rules import catalogue
from yjtui.text import shown
from yjtui.rules.packs import (NATIONAL, NAME_RE, PackError, PolicyPack, check_against_rules, library, load_pack,
                               shipped_dir, shipped_pack, user_dir)

USAGE = "usage: yjtui pack check FILE [FILE ...] | yjtui pack new NAME [-o FILE] | yjtui pack schema [-o FILE]"


def run_pack(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check":
        # Several files (`yjtui pack check data/packs/*.toml`): each checked and described in turn, a blank line
        # between; exit 2 if any is broken.
        codes = []
        for i, path in enumerate(argv[1:]):
            if i:
                stdout.write("\n")
            codes.append(check(path, stdout, stderr))
        return max(codes)
    if len(argv) >= 2 and argv[0] == "new":
        parser = argparse.ArgumentParser(prog="yjtui pack new", add_help=False)
        parser.add_argument("name")
        parser.add_argument("-o", "--output")
        try:
            args = parser.parse_args(argv[1:])
        except SystemExit:
            return _usage(stderr)
        return new(args.name, args.output, stdout, stderr)
    if argv[:1] == ["schema"]:
        if argv[1:] and (len(argv) != 3 or argv[1] not in ("-o", "--output")):
            return _usage(stderr)
        return schema(argv[2] if argv[1:] else None, stdout, stderr)
    return _usage(stderr)


def schema_text() -> str:
    from yjtui.rules.pack_schema import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def schema(output: str | None, stdout: IO[str], stderr: IO[str]) -> int:
    """The pack's JSON Schema, to standard output or a file."""
    if output is None:
        stdout.write(schema_text())
        return 0
    try:
        Path(output).write_text(schema_text(), encoding="utf-8")
    except OSError as exc:
        stderr.write(f"error: {output}: {exc.strerror or exc}\n")
        return 2
    stdout.write(f"Wrote {output}. Put `#:schema {Path(output).name}` on a pack's first line for your editor to check "
                 "it as you type; `yjtui pack check` is what decides.\n")
    return 0


def _usage(stderr: IO[str]) -> int:
    stderr.write(USAGE + "\n")
    return 2


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _in_a_source_tree(path: Path) -> bool:
    """Whether the file is a shipped pack in a yjtui source tree (`<checkout>/data/packs/NAME.toml`): a maintainer
    checking the packs that ship, whichever copy of yjtui is installed (a wheel's own packs live elsewhere)."""
    try:
        folder = path.resolve().parent
        project = folder.parent.parent / "pyproject.toml"
        return (folder.name == "packs" and folder.parent.name == "data" and project.is_file()
                and re.search(r'(?m)^name\s*=\s*"yjtui"\s*$', project.read_text(encoding="utf-8")) is not None)
    except (OSError, UnicodeDecodeError):
        return False


def check(path: str, stdout: IO[str], stderr: IO[str]) -> int:
    try:
        pack = load_pack(path)
        check_against_rules(pack)
        known = library().packs.get(pack.name)
        if known is not None and known.shipped and not _same_file(Path(path), shipped_dir() / known.source) \
                and not _in_a_source_tree(Path(path)):
            raise PackError(pack.source, "name", f"a pack named {pack.name!r} ships with yjtui: choose another name "
                            "(a shipped pack is checked in place, in a yjtui checkout's data/packs/)",
                            pack.line_of("name"))
    except PackError as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    stdout.write(shown(describe(pack), keep_newlines=True))  # the pack's own words: nothing a terminal obeys
    return 0


def _span(pack: PolicyPack) -> str:
    if not pack.effective_from and not pack.effective_to:
        return "always (no effective dates)"
    frm = pack.effective_from.isoformat() if pack.effective_from else "..."
    to = f"before {pack.effective_to.isoformat()}" if pack.effective_to else "on"
    return f"from {frm} {to}"


def _show_value(value: Any) -> str:
    rows = value if isinstance(value, tuple) else None
    if rows and all(hasattr(r, "first_3_months") for r in rows):
        return "; ".join(f"{r.level} ({r.risk} risk): {r.first_3_months} a month for the first 3 months, then "
                         f"{r.remainder}" for r in rows)
    if hasattr(value, "items"):
        return json.dumps(dict(value), ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def describe(pack: PolicyPack) -> str:
    """What the pack changes against the national baseline: rules switched on, values, timescales."""
    from yjtui.rules.deadlines import pack_basis
    from yjtui.rules.plan_checks import CHECKS

    rules = {r.id: r for r in catalogue()}
    checks = {rid: what for rid, what, _cite in CHECKS}
    lines = [f"{pack.source}: a valid pack.",
             f"{pack.title} ({pack.service}), name {pack.name!r}: --policy {NATIONAL},{pack.name}",
             f"From: {'; '.join(pack.guidance)}",
             f"Applies: {_span(pack)}",
             "",
             f"Against the national baseline it switches on {len(pack.rules)} local rule"
             f"{'s' if len(pack.rules) != 1 else ''}:"]
    for rid in pack.rules:
        r = rules.get(rid)
        title = r.title if r else f"plan screen: {checks.get(rid, rid)}"
        if r and r.pack != pack.name:
            title += f" (a rule written from the {r.pack} pack's guidance)"
        lines.append(f"  + {rid}: {title}")
    if pack.values:
        lines.append("")
        lines.append("With these local values:")
        for key, v in pack.values.items():
            lines.append(f"  {key} = {_show_value(v.value)}")
            lines.append(f"      {v.citation}")
    if pack.timescales:
        lines.append("")
        lines.append("And these local timescales:")
        for t in pack.timescales:
            where = f" from {t.event}" if t.event else ""
            default = f" (a local default: the source gives no number, it says '{t.source_says}')" \
                if t.source_says else ""
            lines.append(f"  {t.rule}{where}: {pack_basis(t)}{default}")  # as the board words it ("on the date set")
            lines.append(f"      {t.citation}")
    return "\n".join(lines) + "\n"


def new(name: str, output: str | None, stdout: IO[str], stderr: IO[str]) -> int:
    if not NAME_RE.match(name) or name == NATIONAL:
        stderr.write(f"error: {shown(repr(name))}: a pack name is lower case: letters, digits, - or _ (not 'national')\n")
        return 2
    target = Path(output) if output else Path(f"{name}.toml")
    if target.exists():
        stderr.write(f"error: {shown(target)} already exists; nothing written\n")
        return 2
    target.write_text(template(name), encoding="utf-8")
    stdout.write(f"Wrote {target}. Edit it (every value needs your own guidance's citation), then:\n"
                 f"  yjtui pack check {target}\n"
                 f"and either copy it to {user_dir()} (Settings lists it) or pass --pack {target}.\n")
    return 0


def _toml_cite(citation) -> str:
    parts = [f'document = "{citation.document}"']
    if citation.paragraph:
        parts.append(f'paragraph = "{citation.paragraph}"')
    if citation.lines:
        parts.append(f'seed = "{citation.seed}"')
        parts.append(f"lines = [{', '.join(map(str, citation.lines))}]")
    return "{ " + ", ".join(parts) + " }"


def template(name: str) -> str:
    """A pack that passes `yjtui pack check` as written: Enfield's contact minimums, cited to Enfield, to replace."""
    from yjtui.rules.deadlines import LOCAL_ROWS

    example = shipped_pack("enfield").values["contact_minimums"]
    local_rules = [r for r in catalogue() if r.pack != NATIONAL]
    timed = {row.rule for row in LOCAL_ROWS}
    out = [
        f"# {name}: a local policy pack for yjtui (check it with `yjtui pack check {name}.toml`).",
        "# Every value needs a citation: the document, paragraph and (for the shared seeds) seed and lines.",
        "",
        f'name = "{name}"',
        f'title = "{name.replace("-", " ").replace("_", " ").title()}"   # the short name messages use',
        'service = "Your Youth Justice Service"',
        'guidance = ["Your local practice standards"]   # the documents this pack comes from',
        "# effective_from = 2025-04-01   # optional: applies to evaluations dated from this day",
        "# effective_to = 2027-04-01     # optional: ... and before this day",
        'description = "One line for Settings"',
        "",
        "# The local rules this pack switches on, by id. Uncomment the ones your service uses; a rule that reads",
        "# values needs them below, and a local timescale needs its [[timescales]] entry.",
        "rules = [",
        '    "intervention.level",     # reads values.contact_minimums',
        '    "plan.contact_minimum",   # reads values.contact_minimums',
    ]
    for r in local_rules:
        if r.id in ("intervention.level",):
            continue
        note = "  (needs a [[timescales]] entry)" if r.id in timed else ""
        out.append(f'    # "{r.id}",   # {r.title[:70]}{note}')
    out += [
        '    # "plan.assetplus_review",   # AssetPlus reassessment on the plan screen '
        '(needs assessment.review_enfield)',
        "]",
        "",
        "# Minimum contacts a month by intervention level (first 3 months, then the remainder); one level for each",
        "# risk (low, medium, high; Very High RoSH counts as high). These are Enfield's: replace them, and the cite,",
        "# with your service's own.",
        "[values.contact_minimums]",
        f"cite = {_toml_cite(example.citation)}",
        "value = [",
    ]
    for row in example.value:
        out.append(f'    {{ level = "{row.level}", label = "{row.label}", risk = "{row.risk}", '
                   f"first_3_months = {row.first_3_months}, remainder = {row.remainder} }},")
    out += [
        "]",
        "",
        "# A local timescale: the rule's trigger is code; its amount, unit and citation are yours. For example:",
        "# [[timescales]]",
        '# rule = "hrp.review"              # switch it on in rules too',
        '# event = "hrp_panel_held"         # optional: only where the rule runs from several events',
        "# amount = 3",
        '# unit = "months"                  # working days, calendar days, weeks, months, hours, ...',
        '# cite = { document = "Your panel terms of reference", paragraph = "4" }',
        "",
    ]
    return "\n".join(out)
