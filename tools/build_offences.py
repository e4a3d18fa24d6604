"""Build data/offences.json: for each gravity matrix offence, how it is tried, its Schedule 15 status and, where a
source gives it, the adult maximum sentence. The court screen fills a charge's answers from it.

Where each answer comes from:
- How triable: the matrix's own "Offence type" column, I / E / S (legend seed 002 L8968-L8984), read from the
  seed line where it is printed. Stacked cells with one type per sub-row are matched in order; a type printed
  once for a stacked cell applies to every sub-row; anything else ("E / If over £5000, otherwise / S", "I/E", no
  type) is left unknown with the words as printed.
- Violent / sexual: membership of Part 1 / Part 2 of the Schedule 15 extract we ship (data/schedule15.json, seed
  002 L7866-L8405), joined by hand below (`SCHEDULE15`, checked row by row: same Act and section, or the same
  common-law offence). Offences not in the extract are "no", except those in `DOUBT` (an offence the older
  extract may have missed, or a row whose wording fits a listed offence only sometimes): those stay unknown.
- Terrorism: the extract has no Part 3 (terrorism offences) and no matrix offence is under the terrorism Acts:
  "no", to be checked.
- Imprisonable: yes for a Schedule 15 offence (a specified offence can attract an extended custodial sentence,
  seed 002 L18350; a serious specified one, marked *, is punishable by life or at least 10 years, seed 002 L2714)
  or where a maximum is given below; otherwise unknown.
- Adult maximum: our seeds give none for any single offence. `MAXIMA` holds the few taken from the statute as
  reported by a public source named in the row; every other row says "not stated in our sources". Every row is
  marked "to be checked against the statute".

Run from the repo root:  python tools/build_offences.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extract_gravity as eg  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "offences.json"
TRIABLE = {"I": "indictable_only", "E": "either_way", "S": "summary_only"}
CHECK = "to be checked against the statute"

# gravity row (seed line, index among the rows printed at that line) -> Schedule 15 item numbers.
SCHEDULE15: dict[tuple[int, int], list[int]] = {
    (9046, 0): [2], (9056, 0): [3],  # kidnapping, false imprisonment (common law)
    (9363, 0): [5], (9387, 0): [13], (9397, 0): [6], (9407, 0): [7], (9433, 0): [20],  # OAPA 1861 ss.16, 29, 18, 20, 47
    (9547, 0): [32], (9575, 0): [146], (9587, 0): [33],  # Theft Act s.9 (intent GBH), SOA 2003 s.63, s.10
    (9747, 0): [35], (9765, 0): [36],  # Criminal Damage Act 1971 s.1 (arson), s.1(2)
    (9871, 0): [24], (9895, 0): [1], (9905, 0): [25], (9915, 0): [23],  # CYPA 1933 s.1; manslaughter; infanticide
    (10329, 0): [28], (10339, 0): [26], (10349, 0): [27], (10359, 0): [29, 30],  # Firearms Act ss.17(1), 16, 16A
    (11343, 0): [101], (11361, 0): [99],  # CJA 1988 s.160, PCA 1978 s.1
    (11385, 0): [44], (11395, 0): [45], (11467, 0): [46],  # Public Order Act 1986 ss.1-3
    (11687, 0): [48], (11697, 0): [49],  # Road Traffic Act 1988 ss.1, 3A
    (12085, 0): [102], (12095, 0): [103], (12105, 0): [104], (12125, 0): [105], (12125, 1): [105],
    (12185, 0): [106], (12195, 0): [107], (12205, 0): [108], (12247, 0): [109], (12247, 1): [109],
    (12293, 0): [110], (12293, 1): [110], (12325, 0): [111], (12325, 1): [111], (12349, 0): [112],
    (12349, 1): [112], (12377, 0): [113], (12377, 1): [113], (12445, 0): [121], (12463, 0): [122],
    (12481, 0): [147, 148], (12499, 0): [123], (12499, 1): [123], (12551, 0): [124], (12551, 1): [124],
    (12643, 0): [125], (12659, 0): [126], (12675, 0): [135], (12675, 1): [135], (12675, 2): [135],
    (12717, 0): [136], (12729, 0): [137], (12741, 0): [138], (12753, 0): [144], (12795, 0): [145],
    (12795, 1): [145], (12865, 0): [146], (12877, 0): [149], (12893, 0): [150],  # SOA 2003 by section
    (12993, 0): [31],  # Theft Act 1968 s.8: robbery or assault with intent to rob
}
DOUBT: dict[tuple[int, int], str] = {
    (9036, 0): "which abduction offence the row means is not stated",
    (9377, 0): "the extract lists OAPA s.23 (so as to endanger life); 'with intent to injure' reads as s.24",
    (9481, 0): "Domestic Violence, Crime and Victims Act 2004 s.5: not in the older extract; it may be listed now",
    (9597, 0): "Schedule 15 lists burglary with intent to inflict GBH (item 32), not burglary with force as such",
    (9609, 2): "burglary with intent to do unlawful damage is item 32(b); with intent to steal it is not listed",
    (9925, 0): "Domestic Violence, Crime and Victims Act 2004 s.5: not in the older extract; it may be listed now",
    (9935, 0): "not in the older extract; check the current schedule",
    (11271, 0): "LASPO 2012 s.142 offence, newer than the extract; check the current schedule",
    (11291, 0): "LASPO 2012 s.142 offence, newer than the extract; check the current schedule",
    (11631, 0): "the extract lists Protection from Harassment Act 1997 s.4, not s.4A (stalking)",
    (13415, 0): "the extract lists aggravated vehicle taking causing death (item 34), not injury",
}
# (seed line, index) -> (years or "life", what the source says, where it is reported). Not in our seeds.
MAXIMA: dict[tuple[int, int], tuple[float | str, str, str]] = {
    (12993, 0): ("life", "Theft Act 1968 s.8(2): robbery, or assault with intent to rob, on indictment",
                 "Sentencing Council guideline, Robbery (street and less sophisticated commercial): 'Theft Act "
                 "1968, s.8(1). Triable only on indictment. Maximum: Life imprisonment' (sentencingcouncil.org.uk)"),
    (13005, 0): (7, "Theft Act 1968 s.7: theft", "wikisum.wiki/wiki/Theft_Act_1968"),
    (13005, 1): (7, "Theft Act 1968 s.7: theft", "wikisum.wiki/wiki/Theft_Act_1968"),
    (13005, 2): (7, "Theft Act 1968 s.7: theft", "wikisum.wiki/wiki/Theft_Act_1968"),
    (9587, 0): ("life", "Theft Act 1968 s.10(2): aggravated burglary",
                "wikisum.wiki/wiki/Theft_Act_1968; thelawpages.com (aggravated burglary)"),
    (9597, 0): (14, "Theft Act 1968 s.9: burglary of a dwelling", "thelawpages.com (burglary in a dwelling)"),
    (9609, 0): (14, "Theft Act 1968 s.9: burglary of a dwelling", "thelawpages.com (burglary in a dwelling)"),
    (9609, 1): (10, "Theft Act 1968 s.9: burglary of a building other than a dwelling",
                "ukcrimestats.com/blog/2011/07/21/burglary-what-are-the-different-burglary-offence-types/"),
    (13305, 0): (0.5, "Theft Act 1968 s.12: taking a conveyance, six months", "wikisum.wiki/wiki/Theft_Act_1968"),
    (9397, 0): ("life", "Offences Against the Person Act 1861 s.18",
                "hickmanandrose.co.uk (violent offences); jfhcrime.co.uk/gbh-wounding-intent/"),
    (9407, 0): (5, "Offences Against the Person Act 1861 s.20",
                "hickmanandrose.co.uk (violent offences); harwoodsolicitors.co.uk"),
    (9433, 0): (5, "Offences Against the Person Act 1861 s.47",
                "andersonsolicitors.co.uk/actual-bodily-harm; cambs.police.uk/A-Z/Assault"),
    (9515, 0): (0.5, "Criminal Justice Act 1988 s.39: common assault, six months",
                "hickmanandrose.co.uk (violent offences); cambs.police.uk/A-Z/Assault"),
    (11385, 0): (10, "Public Order Act 1986 s.1: riot", "thejohnsonpartnership.co.uk/public-order-offences"),
    (11395, 0): (5, "Public Order Act 1986 s.2: violent disorder",
                 "thejohnsonpartnership.co.uk/public-order-offences"),
    (11467, 0): (3, "Public Order Act 1986 s.3: affray", "thejohnsonpartnership.co.uk/public-order-offences"),
    (11487, 0): (0.5, "Public Order Act 1986 s.4: six months", "thejohnsonpartnership.co.uk/public-order-offences"),
    (11507, 0): (0.5, "Public Order Act 1986 s.4A: six months", "thejohnsonpartnership.co.uk/public-order-offences"),
    (9983, 0): ("life", "Misuse of Drugs Act 1971 ss.4(3), 5(3): Class A supply",
                "sentencingcouncil.org.uk (supplying or offering to supply a controlled drug)"),
    (9997, 0): (14, "Misuse of Drugs Act 1971 ss.4(3), 5(3): Class B or C supply",
                "sentencingcouncil.org.uk (supplying or offering to supply a controlled drug)"),
    (10031, 0): (7, "Misuse of Drugs Act 1971 s.5(2): Class A possession",
                 "qamarsolicitors.co.uk/sentences-drug-offences/"),
}
# Issue 23: common offences whose adult maximum the table lacked, each with the statute section, the date it took
# effect where a source gives it, and the public source that reports it (legislation.gov.uk text where the search
# found it, else the CPS Sentencing Manual or a Sentencing Council guideline, with the date that page carries).
# (seed line, index) -> (years or "life", statute, where reported, in force)
MAXIMA_ADDED: dict[tuple[int, int], tuple[float | str, str, str, str]] = {
    (9719, 0): (10, "Criminal Damage Act 1971 s.4(2): criminal damage, on indictment (damage under £5,000 is tried "
                    "summarily, 3 months)",
                "CPS Sentencing Manual, 'Criminal Damage - Simple' (cps.gov.uk, produced 1 July 2011)",
                "as reported on 1 July 2011"),
    (9747, 0): ("life", "Criminal Damage Act 1971 ss.1(1), (3), 4(1): arson",
                "CPS Sentencing Manual, 'Arson - simple' (cps.gov.uk, produced 1 July 2011)",
                "as reported on 1 July 2011"),
    (9765, 0): ("life", "Criminal Damage Act 1971 ss.1(2), 4(1): damage (or arson) with intent or reckless as to "
                        "endangering life",
                "CPS Sentencing Manual, 'Criminal Damage with intent or being reckless to endanger life' (cps.gov.uk, "
                "produced 23 August 2007)", "as reported on 23 August 2007"),
    **{(line, 0): (4, "Prevention of Crime Act 1953 s.1(1): having an offensive weapon in a public place",
                   "Sentencing Council guideline 'Bladed articles and offensive weapons - having in a public place' "
                   "(effective from 1 June 2018)", "as reported in the guideline effective 1 June 2018")
       for line in (11209, 11227)},
    **{(line, 0): (4, "Criminal Justice Act 1988 s.139(1): having an article with a blade or point in a public place",
                   "Sentencing Council guideline 'Bladed articles and offensive weapons - having in a public place' "
                   "(effective from 1 June 2018)", "as reported in the guideline effective 1 June 2018")
       for line in (11245, 11257)},
    **{(line, 0): (4, "Criminal Justice Act 1988 s.139AA(6) (Prevention of Crime Act 1953 s.1A(4)): threatening with "
                      "an article with a blade or point or an offensive weapon, inserted by LASPO 2012 s.142",
                   "legislation.gov.uk, Criminal Justice Act 1988 s.139AA as in force on 3 December 2012; LASPO 2012 "
                   "s.142", "from 3 December 2012")
       for line in (11271, 11291)},
    (12085, 0): ("life", "Sexual Offences Act 2003 s.1: rape",
                 "CPS Sentencing Manual, 'S1 Rape' (cps.gov.uk, updated January 2012: commencement 1 May 2004)",
                 "from 1 May 2004"),
    (12105, 0): (10, "Sexual Offences Act 2003 s.3(4): sexual assault, on indictment",
                 "CPS Sentencing Manual, 'S3. Sexual assault' (cps.gov.uk, updated January 2012: commencement 1 May "
                 "2004); Sentencing Council guideline 'Sexual assault' (effective 1 April 2014)", "from 1 May 2004"),
    (13415, 0): (2, "Theft Act 1968 s.12A(2)(b), (4): aggravated vehicle taking, an accident causing injury (14 years "
                    "where it causes death, since 27 February 2004)",
                 "CPS Sentencing Manual, 'Aggravated Vehicle Taking (Dangerous driving/death/injury)' (cps.gov.uk, "
                 "updated January 2012); Sentencing Council guideline 'Vehicle taking (aggravated)'",
                 "as reported in January 2012 (the 14 years for a death from 27 February 2004)"),
    (13439, 0): (2, "Theft Act 1968 s.12A(2)(a), (c), (d), (4): aggravated vehicle taking, dangerous driving or damage "
                    "(tried summarily where the damage is under £5,000)",
                 "CPS Sentencing Manual, 'Aggravated vehicle taking (damage ...)' and '(Dangerous driving/death/"
                 "injury)' (cps.gov.uk, updated January 2012)", "as reported in January 2012"),
    (13083, 0): (14, "Theft Act 1968 s.22: handling stolen goods",
                 "CPS Sentencing Manual, 'Handling' (cps.gov.uk, updated January 2012)", "as reported in January 2012"),
    (13285, 0): (14, "Theft Act 1968 s.21: blackmail",
                 "prisonguide.co.uk and prisoninfo.co.uk (secondary sources; the statute text was not found)",
                 "date not stated in our sources"),
    (10067, 0): ("life", "Misuse of Drugs Act 1971 s.4(2): production of a Class A drug",
                 "Sentencing Council guideline 'Production of a controlled drug' (effective 27 February 2012); CPS "
                 "Sentencing Manual, 'Production of Controlled Drug' (14 February 2012)",
                 "as reported on 27 February 2012"),
    (10083, 0): (14, "Misuse of Drugs Act 1971 ss.4(2), 6(2): production of a Class B or C drug, cultivation of "
                     "cannabis",
                 "Sentencing Council guideline 'Production of a controlled drug / Cultivation of cannabis plant' "
                 "(effective 27 February 2012)", "as reported on 27 February 2012"),
    (11687, 0): ("life", "Road Traffic Act 1988 s.1: causing death by dangerous driving, raised from 14 years by the "
                         "Police, Crime, Sentencing and Courts Act 2022 s.86",
                 "russell-cooke.co.uk, pattersonlaw.co.uk, kennedyslaw.com (PCSC Act 2022 s.86 in force 28 June "
                 "2022)", "from 28 June 2022 (14 years before)"),
    (11697, 0): ("life", "Road Traffic Act 1988 s.3A: causing death by careless driving under the influence of drink "
                         "or drugs, raised from 14 years by the Police, Crime, Sentencing and Courts Act 2022 s.86",
                 "russell-cooke.co.uk, pattersonlaw.co.uk, kennedyslaw.com (PCSC Act 2022 s.86 in force 28 June "
                 "2022)", "from 28 June 2022 (14 years before)"),
    (9493, 0): (2, "Assaults on Emergency Workers (Offences) Act 2018 s.1(2)(b): common assault or battery on an "
                   "emergency worker (a constable among them), on indictment, as amended by the Police, Crime, "
                   "Sentencing and Courts Act 2022 s.2 (12 months before). The row prints the Police Act: assault on "
                   "a constable in the execution of duty is summary only, 6 months",
                "legislation.gov.uk, Assaults on Emergency Workers (Offences) Act 2018 s.1 (current text); "
                "kangssolicitors.co.uk (PCSC Act 2022 s.2)", "date of the 2022 amendment not confirmed in our sources"),
    (11765, 0): (2, "Road Traffic Act 1988 s.2: dangerous driving, on indictment",
                 "Magistrates' Court Sentencing Guidelines (Sentencing Guidelines Council, from 4 August 2008), "
                 "'Dangerous driving'", "as reported on 4 August 2008"),
    (10203, 0): (7, "Criminal Law Act 1977 s.51(4): bomb hoaxes, on indictment",
                 "legislation.gov.uk, Criminal Law Act 1977 s.51 (words substituted by Criminal Justice Act 1991 "
                 "s.26(4))", "from 31 October 1991"),
    (10221, 0): (2, "Malicious Communications Act 1988 s.1(4)(a): on indictment, as substituted by the Criminal "
                    "Justice and Courts Act 2015 s.32 (summary only, 6 months, before)",
                 "legislation.gov.uk, Criminal Justice and Courts Act 2015 explanatory notes to s.32",
                 "for offences on or after s.32 came into force (its date not confirmed in our sources)"),
    (11593, 0): (0.5, "Protection from Harassment Act 1997 s.2A(4), (5): stalking, summary only (51 weeks once "
                      "Criminal Justice Act 2003 s.281(5) is in force), inserted by the Protection of Freedoms Act "
                      "2012 s.111",
                 "Home Office circular 018/2012; legislation.gov.uk, Stalking Protection Act 2019 explanatory notes",
                 "from 25 November 2012"),
    (11631, 0): (10, "Protection from Harassment Act 1997 s.4A: stalking involving fear of violence or serious alarm "
                     "or distress, raised from 5 years by the Policing and Crime Act 2017",
                 "legislation.gov.uk, Stalking Protection Act 2019 explanatory notes",
                 "since the 2017 amendment (its date not confirmed in our sources)"),
}
# Issue 23: rows whose mode of trial the statute now sets differently from the matrix's printed letter:
# (seed line, index) -> (mode now, the statute and source)
TRIABLE_NOW: dict[tuple[int, int], tuple[str, str]] = {
    (11765, 0): ("either_way", "Road Traffic Act 1988 s.2, triable either way (Magistrates' Court Sentencing "
                               "Guidelines 2008)"),
    (10203, 0): ("either_way", "Criminal Law Act 1977 s.51(4), summary or on indictment (legislation.gov.uk)"),
    (10221, 0): ("either_way", "Malicious Communications Act 1988 s.1(4), either way since Criminal Justice and "
                               "Courts Act 2015 s.32 (legislation.gov.uk explanatory notes)"),
    (11593, 0): ("summary_only", "Protection from Harassment Act 1997 s.2A(4), summary conviction only (Home Office "
                                 "circular 018/2012; Stalking Protection Act 2019 explanatory notes)"),
}
LIFE_YEARS = 99  # the court screen's convention for life ("life: 99"); the engine's 14-year test reads it as 14+


def slug(text: str) -> str:  # as yjtui.reference.loader names gravity entries
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def type_cells(lines: list[str]) -> dict[int, list[tuple[int, str]]]:
    """Gravity row start line -> the paragraphs of its "Offence type" cell, with their lines."""
    cells = [c for c in eg.read_cells(lines) if c["text"] not in eg.PAGE_HEADER]
    starts = {cells[i]["line"] for i in range(len(cells) - 1) if eg.is_score(cells[i + 1])}
    out: dict[int, list[tuple[int, str]]] = {}
    for i, c in enumerate(cells):
        if c["line"] in starts and i + 2 < len(cells):
            out[c["line"]] = [(n, p) for n, p in cells[i + 2]["paras"] if not re.search(r"^But all types", p)]
    # s.47 paying for sexual services: the type cell is printed further down, one type per sub-row (L12703-7)
    out[12675] = [(n, lines[n - 1].strip()) for n in (12703, 12705, 12707)]
    return out


def triable(types: list[tuple[int, str]], index: int, count: int) -> tuple[str | None, str, str]:
    """(value, as printed, citation) for sub-row `index` of `count` printed at one line."""
    letters = [(n, p) for n, p in types if p in TRIABLE]
    if len(types) == len(letters) == count:
        n, p = letters[index]
        return TRIABLE[p], p, f"seed 002 L{n}"
    if len(types) == len(letters) == 1:
        n, p = letters[0]
        note = p if count == 1 else f"{p} (printed once for the {count} stacked offences)"
        return TRIABLE[p], note, f"seed 002 L{n}"
    printed = " / ".join(p for _n, p in types) or "no type printed"
    where = f"seed 002 L{types[0][0]}" if types else ""
    return None, printed, where


def build() -> dict:
    lines = eg.SEED.read_text(encoding="utf-8").split("\n")
    types = type_cells(lines)
    gravity = json.loads((ROOT / "data" / "gravity.json").read_text(encoding="utf-8"))
    sch15 = {e["number"]: e for e in json.loads((ROOT / "data" / "schedule15.json").read_text(encoding="utf-8"))
             ["entries"]}
    per_line: dict[int, int] = {}
    counts: dict[int, int] = {}
    for g in gravity["entries"]:
        line = int(g["citation"].rsplit("L", 1)[1])
        counts[line] = counts.get(line, 0) + 1
    seen_ids: dict[str, int] = {}
    entries = []
    for g in gravity["entries"]:
        line = int(g["citation"].rsplit("L", 1)[1])
        index = per_line.get(line, 0)
        per_line[line] = index + 1
        key = (line, index)
        base = slug(g["offence"]) or "offence"
        n = seen_ids.get(base, 0)
        seen_ids[base] = n + 1
        entry_id = base if n == 0 else f"{base}-{n + 1}"

        mode, printed, mode_cite = triable(types.get(line, []), index, counts[line])
        now = TRIABLE_NOW.get(key)
        mode_now = ""
        if now is not None:  # the statute has moved on from the matrix's letter
            mode_now = f"the matrix prints {printed}; now {_triable_words(now[0], printed).lower()}: {now[1]}"
            mode = now[0]
        items = [sch15[i] for i in SCHEDULE15.get(key, [])]
        parts = {e["part"] for e in items}
        doubt = DOUBT.get(key)
        if items:
            violent, sexual = "violent" in parts, "sexual" in parts
            sch_words = "; ".join(f"Schedule 15 item {e['number']} ({e['part']}"
                                  f"{', serious specified' if e['serious_specified'] else ''}, {e['citation']})"
                                  for e in items)
        elif doubt:
            violent = sexual = None
            sch_words = f"Schedule 15: not matched ({doubt})"
        else:
            violent = sexual = False
            sch_words = "not in the Schedule 15 extract (seed 002 L7866-L8405, an older version)"
        serious = any(e["serious_specified"] for e in items)
        maximum = MAXIMA.get(key) or MAXIMA_ADDED.get(key)
        in_force = None
        if maximum:
            value, what, where = maximum[:3]
            in_force = maximum[3] if len(maximum) > 3 else None
            life = value == "life"
            years = LIFE_YEARS if life else float(value)
            max_words = f"{'life' if life else _years(years)}: {what}, as reported by {where} (not in our seeds)"
            if in_force:
                max_words += f"; in force: {in_force}"
        else:
            life, years = False, None
            max_words = "not stated in our sources"
            if serious:
                max_words += " (serious specified: life or at least 10 years, seed 002 L2714)"
        imprisonable = True if (items or maximum) else None
        mode_words = f"{_triable_words(mode, printed)} ({mode_now or mode_cite or 'no type printed'})"
        body = (f"{g['category']}. {mode_words}. {sch_words}. "
                f"Adult maximum: {max_words}. Terrorism: not a terrorism-Act offence; the extract has no Part 3. "
                f"{CHECK[0].upper()}{CHECK[1:]}.")
        entries.append({
            "id": entry_id, "title": g["offence"], "body": body,
            "keywords": ["offence table", g["category"].lower()] + ([g["legislation"]] if g["legislation"] else []),
            "citation": g["citation"],
            "also": [c for c in [mode_cite] + [e["citation"] for e in items] if c],
            "gravity_offence": g["offence"],
            "triable": mode, "triable_as_printed": printed,
            "schedule15": [e["id"] for e in items], "serious_specified": serious,
            "imprisonable": imprisonable, "violent": violent, "sexual": sexual, "terrorism": False,
            "max_adult_sentence_years": years, "max_adult_life": life,
            "max_source": max_words, "schedule15_source": sch_words,
            "check": CHECK,
            **({"max_in_force": in_force} if in_force else {}),
            **({"triable_source": mode_now} if mode_now else {}),
        })
    return {
        "set": "offences",
        "title": "Offences: how triable, Schedule 15, adult maximum (to be checked against the statute)",
        "source": ("Built by tools/build_offences.py from the gravity matrix's offence types (seed 002 "
                   "L8968-L13505) and the Schedule 15 extract (seed 002 L7866-L8405, data/schedule15.json). Adult "
                   "maxima are not in our seeds: the few given are the statute as reported by the public source "
                   "named in the row. Every row must be checked against the statute before it is relied on."),
        "entries": entries,
    }


def _years(y: float) -> str:
    return "six months" if y == 0.5 else f"{y:g} years"


def _triable_words(mode: str | None, printed: str) -> str:
    words = {"indictable_only": "Indictable only", "either_way": "Either way", "summary_only": "Summary only"}
    return words[mode] if mode else f"How triable: not clear ({printed})"


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['entries'])} offences)")
