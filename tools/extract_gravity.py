"""Extract the ACPO youth gravity factor matrix (seed 002 L8408-L13505) into data/gravity.json.

The source is text pulled from a Word/PDF table. Every table cell starts with two tab characters; further
lines of the same cell carry no tab; blank lines separate paragraphs (note C §0). This script rebuilds the
cells, groups them into rows (an offence cell followed by a score cell), and then applies the hand-checked
readings in ``ROW_SPECS`` for rows the generic rule cannot read (stacked sub-rows, notes in factor columns,
factors wrapped over several paragraphs). Everything it writes was then checked row by row against the seed.

Run from the repo root:  python tools/extract_gravity.py [path/to/seed002.txt]
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

# The seeds beside the repo (../shared/seeds), or the folder YJTUI_SEEDS names (a worktree elsewhere).
SEED = Path(os.environ.get("YJTUI_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds") \
    / "002_9d68e6d4c03aa137.txt"
OUT = Path(__file__).resolve().parents[1] / "data" / "gravity.json"

MATRIX_FIRST, MATRIX_LAST = 9030, 13505  # first cell after the legend; last matrix line (note C §0)
DOC_FIRST = 8408

PAGE_HEADER = {"OFFENCE", "Gravity Score", "Offence type", "AGGRAVATING FACTORS", "MITIGATING FACTORS"}
CATEGORIES = [
    "ABDUCTION", "ANIMALS", "ANTI SOCIAL BEHAVIOUR", "ASSAULTS", "BURGLARY", "CRIMINAL DAMAGE", "CROSSBOWS",
    "CRUELTY", "DEATHS", "DRUGS", "DRUNKENNESS", "EXPLOSIVES", "FALSE MESSAGES", "FIREARMS",
    "FOOTBALL GROUNDS AND SPORTING EVENTS", "FORGERY", "INTERFERENCE WITH THE COURSE OF JUSTICE", "LICENSING",
    "MISCELLANEOUS", "OBSTRUCTION", "OFFENSIVE WEAPONS", "PORNOGRAPHY", "PUBLIC ORDER", "ROAD TRAFFIC",
    "ROAD TRAFFIC DOCUMENTS", "SCRAP METAL DEALERS", "SEXUAL OFFENCES", "THEFT",
]
# Paragraphs that are instructions to the decision maker, not factors: they go to `notes`.
NOTE_PATTERNS = [
    r"^Always refer to the CPS$", r"^Defer [Dd]ecision to (the )?CPS$", r"^LOCAL REMINDER:",
    r"^\(consider supportive interventions\)$", r"^But all types are included in the Charging Scheme$",
    r"^Re-Test may be appropriate", r"^Disability - Section 22", r"^Minimum 4 months DTO",
]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def read_cells(lines: list[str]) -> list[dict]:
    cells: list[dict] = []
    cur = None
    for n in range(MATRIX_FIRST, MATRIX_LAST + 1):
        s = lines[n - 1]
        if s.startswith("\t\t"):
            cur = {"line": n, "paras": []}
            cells.append(cur)
            if s[2:].strip():
                cur["paras"].append((n, norm(s[2:])))
        elif s.strip():
            cur["paras"].append((n, norm(s)))
    for c in cells:
        c["text"] = " ".join(p for _, p in c["paras"])
    return cells


def is_score(c: dict) -> bool:
    """A score cell starts with a bare digit 1-4 (stacked sub-row scores follow on later lines)."""
    return bool(c["paras"]) and re.fullmatch(r"[1-4]", c["paras"][0][1]) is not None


def split_legislation(line: int, text: str) -> tuple[str, str]:
    """Split a printed statute reference off the offence name, keeping both as printed."""
    if line in OFFENCE_FIX:
        return OFFENCE_FIX[line]
    m = re.search(r"\s\(([^()]*\bAct \d{4})\)$", text)
    if not m:
        return text, ""
    return text[: m.start()].strip(), m.group(1)


def join_wrapped(paras: list[str]) -> list[str]:
    out: list[str] = []
    for p in paras:
        if out and re.search(r"(/|–|-| and| of| to| or| the| by| with)$", out[-1]):
            out[-1] = norm(out[-1] + " " + p)
        else:
            out.append(p)
    return out


def split_notes(paras: list[str]) -> tuple[list[str], list[str]]:
    factors, notes = [], []
    for p in paras:
        (notes if any(re.search(pat, p) for pat in NOTE_PATTERNS) else factors).append(p)
    return factors, notes


def main(seed: Path = SEED) -> dict:
    lines = seed.read_text(encoding="utf-8").split("\n")

    cells = [c for c in read_cells(lines) if c["text"] not in PAGE_HEADER]
    # Row starts: a cell immediately followed by a score cell, plus the one unscored row (note C §5.10).
    starts = {cells[i]["line"] for i in range(len(cells) - 1) if is_score(cells[i + 1])}
    starts.add(12931)
    entries, category = [], None
    i = 0
    rows: list[tuple[str, dict, list[dict]]] = []
    while i < len(cells):
        c = cells[i]
        if c["text"] in CATEGORIES:
            category = c["text"]
            i += 1
            continue
        if c["line"] in starts:
            j = i + 1
            while j < len(cells) and cells[j]["line"] not in starts and cells[j]["text"] not in CATEGORIES:
                j += 1
            rows.append((category, c, cells[i + 1 : j]))
            i = j
            continue
        i += 1  # the pornography note (L11339) is carried by ROW_SPECS
    for category, off, rest in rows:
        spec = ROW_SPECS.get(off["line"])
        if spec is not None:
            for e in spec:
                entry = {"offence": e["offence"], "category": category, "score": e["score"],
                         "aggravating": e.get("aggravating", []), "mitigating": e.get("mitigating", []),
                         "notes": e.get("notes", ""), "legislation": e.get("legislation", ""),
                         "citation": f"seed 002 L{off['line']}"}
                entries.append(entry)
            continue
        if not rest or not re.fullmatch(r"[1-4]", rest[0]["text"]):
            print(f"row L{off['line']}: score cell {rest[0]['text'][:30]!r} needs a ROW_SPECS entry", file=sys.stderr)
            continue
        score = int(rest[0]["text"])
        type_notes = [p for _, p in rest[1]["paras"] if any(re.search(pat, p) for pat in NOTE_PATTERNS)]
        other = [c for c in rest[2:]]  # rest[1] is the offence type cell
        if len(other) == 1:
            agg_p, mit_p = [p for _, p in other[0]["paras"]], []
        elif len(other) == 2:
            agg_p, mit_p = [p for _, p in other[0]["paras"]], [p for _, p in other[1]["paras"]]
        else:
            print(f"row L{off['line']} has {len(other)} factor cells: needs a ROW_SPECS entry", file=sys.stderr)
            continue
        agg, n1 = split_notes(join_wrapped(agg_p))
        mit, n2 = split_notes(join_wrapped(mit_p))
        offence, legislation = split_legislation(off["line"], off["text"])
        fix = FACTOR_FIX.get(off["line"], {})
        notes = [n.rstrip(".") for n in type_notes + n1 + n2]
        if "notes" in fix:
            notes.append(fix["notes"].rstrip("."))
        entries.append({"offence": offence, "category": category, "score": score,
                        "aggravating": fix.get("aggravating", agg), "mitigating": fix.get("mitigating", mit),
                        "notes": ". ".join(notes),
                        "legislation": legislation, "citation": f"seed 002 L{off['line']}"})
    front = front_matter(lines)
    link_oddities(front["oddities"], entries)
    data = {"set": "gravity", "title": "ACPO Youth Gravity Factor Matrix",
            "source": f"seed 002 L{DOC_FIRST}–L{MATRIX_LAST}", **front, "entries": entries}
    return data


# Oddities of the final-score table (15.1), by the scores whose meaning they concern.
SCORE_ODDITIES = {8636: [4], 8648: [2, 3], 8666: [1]}
# Oddities where two rows score one offence differently: neither score is "the" matrix's (issue 23).
SCORE_CONFLICTS = {9575, 12865}
# Oddities whose rows the line rule below cannot find: the pornography note sits under its heading (L11339).
ODDITY_ROWS = {11339: [11343, 11361]}


def link_oddities(oddities: list[dict], entries: list[dict]) -> None:
    """Give each oddity the rows it concerns (`rows`: their citations), so every view of a row shows it: a row
    whose text (from its line to the next row's) holds the oddity's line or a line the oddity names ("L12865").
    `scores` names the final-score table rows an oddity concerns; `conflict` marks rows that score one offence
    differently. An oddity with no rows and no scores concerns the document as a whole."""
    starts = sorted({int(e["citation"].rsplit("L", 1)[1]) for e in entries})
    following = dict(zip(starts, starts[1:] + [MATRIX_LAST + 1]))
    for odd in oddities:
        line = int(odd["citation"].rsplit("L", 1)[1])
        named = {line} | {int(n) for n in re.findall(r"\bL(\d+)\b", odd["text"])}
        odd["rows"] = [f"seed 002 L{s}" for s in starts if any(s <= n < following[s] for n in named)]
        if line in ODDITY_ROWS:
            odd["rows"] = [f"seed 002 L{s}" for s in ODDITY_ROWS[line]]
        if line in SCORE_ODDITIES:
            odd["scores"] = SCORE_ODDITIES[line]
        if line in SCORE_CONFLICTS:
            odd["conflict"] = True




# ---------------------------------------------------------------------------------------------------------------
# Front matter: general factors, the final-score table, caveats, oddities. Texts are read from the seed by line
# number, so every citation points at the line its text came from.
# ---------------------------------------------------------------------------------------------------------------
GENERAL_AGG = [8808, 8818, 8828, 8838, 8848, 8858, 8868, 8878, 8890, 8896, 8902, 8908, 8916]
GENERAL_MIT = [8812, 8822, 8832, 8842, 8852, 8862, 8872, 8882, 8892, 8898]
TRAFFIC_AGG = [8940, 8946, 8952]  # "GENERAL FACTORS FOR TRAFFIC OFFENCES", L8926
TRAFFIC_MIT = [8942, 8948, 8954]
CAVEATS = [8456, 8462, 8466, 8474, 8482, 8496, 8504, 8508, 8510, 8512, 8514, 8522, 8530, 8542, 8550, 8558, 8576,
           8600, 8602, 8618, 8678, 8682, 8686, 8706, 8724, 8566]


def cell_text(lines: list[str], n: int) -> str:
    """The paragraph starting at line n, with wrapped continuation lines (no tab, no blank line between)."""
    text = norm(lines[n - 1])
    if n == 8916:  # "Offence committed with intent to commit" / "a sexual offence." (L8916-8918)
        text += " " + norm(lines[8918 - 1])
    if n == 8504:
        text += " " + norm(lines[8506 - 1])
    return text


def front_matter(lines: list[str]) -> dict:
    cite = lambda n: f"seed 002 L{n}"  # noqa: E731
    agg = [{"text": cell_text(lines, n), "citation": cite(n)} for n in GENERAL_AGG]
    agg += [{"text": "Traffic offences: " + cell_text(lines, n), "citation": cite(n)} for n in TRAFFIC_AGG]
    mit = [{"text": cell_text(lines, n), "citation": cite(n)} for n in GENERAL_MIT]
    mit += [{"text": "Traffic offences: " + cell_text(lines, n), "citation": cite(n)} for n in TRAFFIC_MIT]
    m4, m23, m1 = (cell_text(lines, n) for n in (8636, 8652, 8666))
    meanings = [
        {"score": 4, "meaning": m4, "citation": cite(8636)},
        {"score": 3, "meaning": m23, "citation": cite(8652)},
        {"score": 2, "meaning": m23, "citation": cite(8652)},
        {"score": 1, "meaning": m1, "citation": cite(8666)},
    ]
    caveats = [{"text": cell_text(lines, n), "citation": cite(n)} for n in CAVEATS]
    return {"general_factors": {"aggravating": agg, "mitigating": mit}, "score_meanings": meanings,
            "caveats": caveats, "oddities": [{"text": t, "citation": cite(n)} for n, t in ODDITIES]}


ODDITIES: list[tuple[int, str]] = [
    (8566, "11.1 says the first page lists offences usually excluded from caution or conditional caution; no such "
           "page appears in the text. The general factors (L8784) lead straight into the specific factors (L8968)."),
    (8570, "Heading 12.0 is garbled: 'The Director's Guidance on Charging 2011, updated The Criminal Justice Act "
           "2003 which passed ...'."),
    (8648, "Scores 2 and 3 share one row of the final-score table ('2 / 3'); the source gives no separate meaning "
           "for each, so the same meaning is shown for both."),
    (8636, "The score-4 action reads 'Normally result in charge-.' with a stray hyphen."),
    (8666, "Score 1 names 'Community Resolution' as the first option, yet 15.3 (L8682) places Community Resolution "
           "outside the table. The document does not say what happens to a 4 that is aggravated or a 1 that is "
           "mitigated (there is no 5 and no 0)."),
    (8926, "General factors for traffic offences are a separate table; they are kept in general_factors with the "
           "prefix 'Traffic offences: '."),
    (9086, "Offence text cut off: 'Causing unnecessary suffering by omitting to do any'."),
    (9168, "Poaching Offences: the aggravating cell is empty and 'Organised/ Sophistication', 'Commercial purpose' "
           "sit in the mitigating cell. Kept where the source puts them; they read as aggravating."),
    (9200, "Unbalanced brackets: 'Abandoning, or allowing to stray a fighting dog) Sec. 1.2e Dangerous Dogs Act "
           "1991)'."),
    (9212, "Typo 'bread for fighting' (bred). Kept as printed."),
    (9433, "ABH: one aggravating line runs three factors together ('More than one blow Attacked while victim "
           "vulnerable or defenceless e.g. 'on floor’ Unprovoked attack'); split into three."),
    (9575, "Trespass with intent to commit a Sexual Offence scores 3 under BURGLARY, but Trespass with Intent to "
           "Commit Sexual Offence (Sec. 63) scores 4 under SEXUAL OFFENCES (L12865). Both rows kept."),
    (12865, "Trespass with Intent to Commit Sexual Offence (Sec. 63) scores 4 here but 3 under BURGLARY (L9575)."),
    (9609, "Burglary: three offences stacked in one cell with three scores (4, 3, 3) and one shared set of "
           "factors; scores matched to labels in order."),
    (9719, "Criminal damage: offence type printed as 'E / If over £5000, other-wise / S'. The '(Home Office)' / "
           "'(max)' value pair is never explained."),
    (9997, "Class B/C supply: 'Group of people pooling resources to buy a supply to share between them.' sits in "
           "the aggravating cell; it reads like social supply (mitigating). Kept where the source puts it."),
    (10159, "Drunk and incapable: the only factor, 'Appears to have a serious alcohol problem (consider supportive "
            "interventions)', is in the aggravating cell. Kept there; the bracketed advice is in notes."),
    (10379, "Unbalanced bracket in 'Possession/Supply etc of prohibited weapon (CS spray/stun gun; Sections ...'."),
    (10437, "Firing air weapon: 'Risk of harm Type of weapon' runs two factors together; split into two."),
    (10499, "Firearm without certificate: two sub-rows a) and b) stacked with scores 3 and 2; matched in order."),
    (10647, "Missing closing bracket: '(Section 4 Football (Offences) Act 1991'. Also at L11149 and L11361."),
    (11109, "Breach of By-Laws: the only factor, 'Not a local resident', is in the mitigating cell."),
    (11117, "Obstruct Police cites the 'Police Act 1964' while Assault on Police (L9493) cites the 'Police Act 1996'."),
    (11143, "Wilful Obstruction of Highway: mitigating factor cut off, 'No considerable'."),
    (11229, "Possession of Offensive Weapon 10-15: 'Second offence 4 charge' is printed in the score column; "
            "kept in notes, score 3."),
    (11285, "s.142 threatening, 16-17: 'Minimum 4 months DTO so must charge' is printed in the aggravating column; "
            "kept in notes. The 10-15 row (L11291) also scores 4 but has no note."),
    (11339, "The pornography note is printed once under the PORNOGRAPHY heading, not in a row; carried in the notes "
            "of both pornography rows."),
    (11343, "'Section 160 Criminal Justice Act 1998': the Act is 1988. Kept as printed."),
    (11593, "Stalking rows have no heading of their own; they follow PUBLIC ORDER and are placed there. The YCC / "
            "restraining-order advice is printed in the score column (kept in notes). 'Views of the victim' / "
            "'View of victim' sit in the aggravating cell. The stalking row cites 'Harassment (Section 2 ...' "
            "with no closing bracket."),
    (11697, "Causing death by careless driving under the influence cites 'Section 3 Road Traffic Act 1988' (the "
            "section is 3A). Kept as printed."),
    (11765, "Dangerous Driving: two factors are marked '*' and no key is given. Offence type printed as S (Bomb Hoax, "
            "L10203, also S), though both are generally either-way."),
    (11813, "Careless/Inconsiderate driving: two sub-rows stacked (3 / 3); 'Re-Test may be appropriate– Sec.36 Road "
            "Traffic Off. Act 1988' and 'Disability - Section 22 RTOA 1988' are printed in the aggravating column "
            "and moved to notes."),
    (11917, "Driving licence group: four offences stacked in one cell (3/3/3/3) sharing the one mitigating factor "
            "'L plate fell off'."),
    (11983, "Fraudulent Use of Excise License: mitigating factor garbled, 'Both vehicle owned by offender'."),
    (12125, "Sexual Offences ss.4, 8, 30, 31: 'With Penetration' 4 I / 'Without Penetration' 3 E stacked; 'Defer "
            "Decision to CPS' read as belonging to the indictable sub-row and the factors to the either-way one. "
            "The layout does not make this certain (also L12247, L12499, L12551)."),
    (12293, "Sexual Offences ss.9-12: 'Victim under 13' / 'Victim under 16' stacked (3 / 2). Types are I/E for "
            "ss.9-10 (the under-13 sub-rows are indictable only but carry no CPS note) and E/E for ss.11-12."),
    (12675, "Sexual Offences s.47: three sub-rows (under 13 / 16 / 18) with scores 4/3/2 and types I/I/E; no factors "
            "and no CPS note printed, though the I sub-rows must go to the CPS (18.1, L8724)."),
    (12795, "Sexual Offences s.62: 3 E, plus 'For Kidnapping/ False Imprisonment offences only' 4 I with 'Defer "
            "Decision to CPS'."),
    (12931, "Common prostitute loitering for prostitution: no score is printed; the score column holds the advice "
            "to refer to social services or the multi-agency group (score null)."),
    (13005, "Theft: three labels ('- up to £100 in value', '- over £100 (approx.)', 'Theft (shoplifting) Value £100 "
            "(Home office), £200 (max)') but only two scores (2, 3). Matched in order: up to £100 = 2, over £100 = "
            "3, shoplifting null. By line position the '3' sits level with the shoplifting line, so shoplifting = 3 "
            "is also a possible reading."),
    (13155, "Fraud, obtaining services, false accounting, blackmail, TWOC, allowing self to be carried and "
            "aggravated vehicle taking have no heading of their own; they follow THEFT and are placed there."),
    (13469, "Aggravated vehicle taking: 'Evidence of drugs/ alcohol' and 'Evidence of alcohol or drugs' both appear "
            "in the aggravating cell. Kept both."),
    (9481, "'Causing or allowing a child or vulnerable adult to suffer serious physical harm' sits under ASSAULTS "
           "with no heading of its own."),
    (11091, "'Most Non-Recordable Offences' (score 1) is a catch-all rather than an offence."),
]

# ---------------------------------------------------------------------------------------------------------------
# Hand-checked readings. Keys are the seed line where the row's offence cell starts.
# ---------------------------------------------------------------------------------------------------------------
CPS_DEFER = "Defer Decision to CPS"
PORN_NOTE = ("Where a youth is in possession of pornographic images the involvement of any adult should be fully "
             "investigated, as the youth may be the victim of abuse or grooming. In such cases referral to social "
             "services may be more appropriate than criminal justice action")  # printed once under the heading, L11339
SOA_FACTORS = ["Facilitated by drugs/ alcohol", "Force used", "Group action"]
SIMILAR_AGE = "Offender and victim of similar age and no element of coercion or corruption present"
BOTH_OVER = "Both parties over age of consent and no element of coercion/seduction"
STACKED = "Sub-rows are stacked in one cell in the source; scores matched to the labels in order."
THEFT_NOTE = ("The source prints three labels (up to £100; over £100 (approx.); Theft (shoplifting) Value £100 "
              "(Home office), £200 (max)) but only two scores, 2 and 3. Matched in order; see oddities.")

# Offence name / printed legislation, where the generic split is wrong or the cell holds several paragraphs.
OFFENCE_FIX: dict[int, tuple[str, str]] = {
    9070: ("Causing unnecessary suffering by doing any act", "Animal Welfare Act 2006."),
    9084: ("Causing unnecessary suffering by omitting to do any", "Animal Welfare Act 2006"),
    9110: ("Cruelly ill-treat etc", "Animal Welfare Act 2006"),
    9124: ("Permitting ill-treatment", "Animal Welfare Act 2006"),
    9140: ("Abandonment", "Section 9 Animal Welfare Act 2006"),
    9200: ("Abandoning, or allowing to stray a fighting dog)", "Sec. 1.2e Dangerous Dogs Act 1991)"),
    9212: ("Possession without exemption of a Pit Bull Terrier, Japanese Tosa or other Designated Fighting Dog "
           "which appears to have been bread for fighting.", "Sec1.3 Dangerous Dogs Act 1991"),
    9481: ("Causing or allowing a child or vulnerable adult to suffer serious physical harm",
           "Section 5, Domestic Violence, Crime and Victims Act 2004 as amended by Domestic Violence, Crime and "
           "Victims (Amendment) Act 2012"),
    9493: ("Assault on Police", "Section 51 Police Act 1996"),
    9515: ("Common Assault", "Section 39 Criminal Justice Act 1988"),
    9575: ("Trespass with intent to commit a Sexual Offence", "Sexual Offences Act 2003 update"),
    9719: ("Criminal damage - Criminal Damage valued at £300 (Home Office) £500 (max)", ""),
    9925: ("Causing or allowing the death of a child or vulnerable adult",
           "Section 5, Domestic Violence, Crime and Victims Act 2004"),
    9983: ("CLASS 'A' DRUG Supply/Possession with intent to supply", ""),
    10179: ("Throwing firework", "Section 80 Explosives Act 1875"),
    10203: ("Bomb Hoax", "Section 51 Criminal Law Act 1977"),
    10271: ("False Alarms to Emergency Services", "Fire & Rescue Services Act 2004"),
    10285: ("Grossly offensive or indecent, obscene or menacing use of public electronic communications network",
            "Section 127(1) Communications Act 2003"),
    10303: ("Sending false messages via public electronic communications network to cause annoyance, anxiety or "
            "inconvenience", "Section 127(2) Communications Act 2003"),
    10349: ("Possession of firearm/imitation firearm with intent to cause fear of injury", "section 16A, 1968 Act"),
    10369: ("Possession/Supply etc of prohibited weapon or ammunition",
            "Sections 5 (1)(a), (ab), (aba), (ac), (ad), (ae), (af), (c) and 5(1A)(a) of 1968 Act"),
    10379: ("Possession/Supply etc of prohibited weapon (CS spray/stun gun",
            "Sections 5(1A)(b), (c),(d), (e), (f) and (g) and 5(1)(b) of 1968 Act"),
    10407: ("Carrying in public place - Imitation firearm/Unloaded air weapon", "Section 19 of 1968 Act"),
    10437: ("Firing air weapon beyond perimeter of premises", "Section 21(A) of 1968 Act"),
    10615: ("Throwing a missile in ground", "Section 2 Football (Offences) Act 1991"),
    10633: ("Taking part in racial or indecent chanting", "Section 3 Football (Offences) Act 1991"),
    10647: ("Going into the playing area or adjacent area without lawful authority or excuse",
            "Section 4 Football (Offences) Act 1991"),
    10663: ("Breach of Football Banning Order", "(14B) Football Spectators Act 1989"),
    10793: ("Making a false document", "Section 1 Forgery & Counterfeiting Act 1981"),
    10849: ("Forgery of Documents etc.", "Road Traffic Act 1988"),
    11063: ("Throwing stones at a train", "Section 56 British Transport Commission Act 1949"),
    11077: ("Trespass on a Railway", "Sec 50 British Transport Commission Act 1949"),
    11149: ("Obstruction of Emergency Workers", "Emergency Workers (Obstruction) Act 2006"),
    11271: ("Threatening with article with blade or point or offensive weapon in public or on school premises - "
            "Age 16 & 17 year olds", "Section 142 LASPO Act 2012"),
    11291: ("Threatening with article with blade or point or offensive weapon in public or on school premises - "
            "Age 10 to 15 year old", "Section 142 LASPO Act 2012"),
    11343: ("Possession of Indecent Photograph/Pseudo Photograph of a Child", "Section 160 Criminal Justice Act 1998"),
    11361: ("Making an Indecent Photograph/Pseudo Photograph of a Child", "Section 1(1) Protection of Children Act 1978"),
    11687: ("Causing death by dangerous driving", "Section 1 Road Traffic Act 1988"),
    11697: ("Causing death by careless driving under the influence of drink or drugs", "Section 3 Road Traffic Act 1988"),
    11765: ("Dangerous Driving", "Section 2 Road Traffic Act 1988"),
    12015: ("Drive vehicle subject to Prohibition Notice", "Sec 71(1) Road Traffic Act 1988"),
    12065: ("Pay for scrap metal other than by cheque or electronic transfer of funds.",
            "Scrap Metal Dealers Act 1964 Sec 3A as amended by LASPO Act 2012"),
    13071: ("Possession of articles for use in frauds", "Section 6 of the Fraud Act 2006"),
    13155: ("Fraud by false representation", "Section 1 and 2 Fraud Act 2006"),
    13179: ("Obtaining Services Dishonestly", "Section 11 Fraud Act 2006"),
    13439: ("Aggravated vehicle taking where: a) Damage to any Property other than the vehicle b) Damage was caused "
            "to the vehicle (c) The vehicle was driven Dangerously on a road or other Public Place",
            "Section 1 Aggravated Vehicle Taking Act 1992"),
}

# Factor lists re-read by hand: factors wrapped over several paragraphs, or run together on one line.
FACTOR_FIX: dict[int, dict] = {
    9084: {"aggravating": ["Not following instructions/ advice", "Failing to exercise reasonable care and supervision"]},
    9168: {"notes": "The source prints these factors in the mitigating column and leaves the aggravating column "
                    "empty; they read as aggravating (see oddities)."},
    9329: {"aggravating": ["Flagrant or repeated breach"]},
    9433: {"aggravating": ["Weapon Used", "More than one blow", "Attacked while victim vulnerable or defenceless e.g. "
                           "'on floor’", "Unprovoked attack", "Nature of the injury (especially where serious "
                           "/disfiguring injury)", "Premeditation", "Domestic violence", "Group action"]},
    9997: {"aggravating": ["On school premises", "Group of people pooling resources to buy a supply to share between "
                           "them."],
           "notes": "The source prints 'Group of people pooling resources to buy a supply to share between them.' in "
                    "the aggravating column; it reads like social supply, a mitigating point (see oddities)."},
    10437: {"aggravating": ["Deliberate act", "Risk of harm", "Type of weapon"]},
    11343: {"notes": PORN_NOTE},
    11361: {"notes": PORN_NOTE},
    11859: {"aggravating": ["Potential or actual danger intended"]},
}


def _sub(offence: str, label: str) -> str:
    return f"{offence} - {label}"


BURGLARY_MIT = ["Vacant premises", "Low value", "Coercion from others in group or reluctant offender",
                "Committed on impulse", "Genuine regret or remorse", "Property recovered and returned to owner"]
BURGLARY_AGG = ["Deliberate targeting of victim/ vulnerable victim", "Excessive trauma experienced by victim",
                "Night time occupier present", "Use or threat of force against victim",
                "Soiling / ransacking / vandalism of premises", "Pre-meditated or professionally planned",
                "Group offence", "‘Ram-raiding’ or tools carried for offence",
                "High economic or sentimental value of property stolen/damaged",
                "Excessive damage e.g. boiler removal and water leaks"]
FIREARM_AGG = ["Any form of usage", "Possession in public", "Type/construction of weapons (e.g. prohibited)",
               "History of lethargic renewal", "Deliberate avoidance of renewal procedure"]
CARELESS_AGG = ["Major error of judgement", "Excessive speed",
                "Driving with disregard for safety relating to road, weather, traffic conditions",
                "Deliberate act of selfishness, impatience or aggressiveness causing inconvenience"]
CARELESS_MIT = ["Minor error of judgement", "Defect in road surface/signing, etc.", "Momentary lapse",
                "Adverse weather conditions", "Both (or more) drivers may have been at fault"]
CARELESS_NOTE = ("Re-Test may be appropriate– Sec.36 Road Traffic Off. Act 1988. Disability - Section 22 RTOA 1988 "
                 "(both printed in the aggravating column)")
STALK_DEF = ("Stalking includes (a)following a person, (b) contacting, or attempting to contact, a person by any means, "
             "(c) publishing any statement or other material relating or purporting to relate to a person, or "
             "purporting to originate from a person, (d) monitoring the use by a person of the internet, email or any "
             "other form of electronic communication, (e) loitering in any place (whether public or private), "
             "(f) interfering with any property in the possession of a person, (g) watching or spying on a person.")
THEFT_AGG = ["Planned", "Sophistication", "Organised team", "Adult involving children", "Significant related damage",
             "Un recovered property of considerable value"]
THEFT_MIT = ["Theft for reasons of poverty/personal need", "Coercion from others in group in reluctant offender"]

ROW_SPECS: dict[int, list[dict]] = {
    9609: [
        {"offence": "Burglary Dwelling", "score": 4, "aggravating": BURGLARY_AGG, "mitigating": BURGLARY_MIT,
         "notes": STACKED},
        {"offence": "Burglary Non-Dwelling", "score": 3, "aggravating": BURGLARY_AGG, "mitigating": BURGLARY_MIT,
         "notes": STACKED},
        {"offence": "Burglary with Intent to Steal/Criminal Damage", "score": 3, "aggravating": BURGLARY_AGG,
         "mitigating": BURGLARY_MIT, "notes": STACKED},
    ],
    10499: [
        {"offence": "Possession of firearm/shotgun without certificate - a) No certificate ever held", "score": 3,
         "aggravating": FIREARM_AGG, "legislation": "S.1.1 & 2.1 Firearms Act 1968", "notes": STACKED},
        {"offence": "Possession of firearm/shotgun without certificate - b) Following non-renewal", "score": 2,
         "aggravating": FIREARM_AGG, "legislation": "S.1.1 & 2.1 Firearms Act 1968", "notes": STACKED},
    ],
    11227: [
        {"offence": "Possession of Offensive Weapon for 10 to 15 year olds", "score": 3,
         "aggravating": ["Circumstances of possession", "Concern caused to member(s) of public", "Degree of danger"],
         "notes": "Second offence 4 charge (printed in the score column)"},
    ],
    11593: [
        {"offence": "Stalking", "score": 2, "aggravating": ["Views of the victim"],
         "legislation": "Harassment (Section 2 of the Protection from harassment Act 1997",
         "notes": STALK_DEF + " Enacted Nov 2012. Consider YCC if conditions are suitable to prevent further contact. "
                  "If a restraining order is believed necessary then consider charge (both printed in the score "
                  "column)."},
    ],
    11631: [
        {"offence": "Stalking involving Putting someone in fear of violence", "score": 3,
         "aggravating": ["Level of violence", "View of victim"],
         "legislation": "Section 4a of the Protection from Harassment Act 1997",
         "notes": "must occur on at least 2 occasions. Enacted Nov 2012. Consider YCC if conditions are suitable to "
                  "prevent further harassment. If a restraining order is believed necessary then consider charge "
                  "(both printed in the score column)."},
    ],
    11813: [
        {"offence": "Careless Driving", "score": 3, "legislation": "Section 3 Road Traffic Act 1988",
         "aggravating": CARELESS_AGG, "mitigating": CARELESS_MIT, "notes": CARELESS_NOTE},
        {"offence": "Inconsiderate Driving", "score": 3, "legislation": "Section 3 Road Traffic Act 1988",
         "aggravating": CARELESS_AGG, "mitigating": CARELESS_MIT, "notes": CARELESS_NOTE},
    ],
    11917: [
        {"offence": "Driving other than in accordance with driving licence i.e. no 'L' plates", "score": 3,
         "mitigating": ["L plate fell off"], "notes": STACKED},
        {"offence": "'L' driver unaccompanied", "score": 3, "mitigating": ["L plate fell off"], "notes": STACKED},
        {"offence": "'L' driver carrying passengers", "score": 3, "mitigating": ["L plate fell off"], "notes": STACKED},
        {"offence": "No driving licence", "score": 3, "mitigating": ["L plate fell off"], "notes": STACKED},
    ],
    12125: [
        {"offence": "Causing Person to Engage in Sexual Activity without Consent (Sec. 4) - With Penetration",
         "score": 4, "notes": CPS_DEFER + ". " + STACKED},
        {"offence": "Causing Person to Engage in Sexual Activity without Consent (Sec. 4) - Without Penetration",
         "score": 3, "aggravating": ["Force used", "Elderly/younger victim", "Group action"],
         "notes": STACKED},
    ],
    12247: [
        {"offence": "Causing/Inciting Child Under 13 to Engage in Sexual Activity without Consent (Sec. 8) - With "
                    "Penetration", "score": 4, "notes": CPS_DEFER + ". " + STACKED},
        {"offence": "Causing/Inciting Child Under 13 to Engage in Sexual Activity without Consent (Sec. 8) - Without "
                    "Penetration", "score": 3, "aggravating": SOA_FACTORS, "notes": STACKED},
    ],
    12293: [
        {"offence": "Sexual Activity with Child (Sec. 9) - Victim under 13", "score": 3, "aggravating": SOA_FACTORS,
         "mitigating": [SIMILAR_AGE], "notes": "Offence type printed as I (indictable only), with no CPS note on this row. " + STACKED},
        {"offence": "Sexual Activity with Child (Sec. 9) - Victim under 16", "score": 2, "aggravating": SOA_FACTORS,
         "mitigating": [SIMILAR_AGE], "notes": STACKED},
    ],
    12325: [
        {"offence": "Causing/Inciting Child to Engage in Sexual Activity (Sec. 10) - Victim under 13", "score": 3,
         "aggravating": SOA_FACTORS, "notes": "Offence type printed as I (indictable only), with no CPS note on this row. " + STACKED},
        {"offence": "Causing/Inciting Child to Engage in Sexual Activity (Sec. 10) - Victim under 16", "score": 2,
         "aggravating": SOA_FACTORS, "notes": STACKED},
    ],
    12349: [
        {"offence": "Engaging in Sexual Activity in Presence of Child (Sec. 11) - Victim under 13", "score": 3,
         "aggravating": SOA_FACTORS, "mitigating": [SIMILAR_AGE], "notes": STACKED},
        {"offence": "Engaging in Sexual Activity in Presence of Child (Sec. 11) - Victim under 16", "score": 2,
         "aggravating": SOA_FACTORS, "mitigating": [SIMILAR_AGE], "notes": STACKED},
    ],
    12377: [
        {"offence": "Causing Child to Watch Sexual Act (Sec. 12) - Victim under 13", "score": 3,
         "aggravating": SOA_FACTORS, "mitigating": [SIMILAR_AGE], "notes": STACKED},
        {"offence": "Causing Child to Watch Sexual Act (Sec. 12) - Victim under 16", "score": 2,
         "aggravating": SOA_FACTORS, "mitigating": [SIMILAR_AGE], "notes": STACKED},
    ],
    12499: [
        {"offence": "Sexual Activity with Person with Mental Disorder (Sec. 30) - With Penetration", "score": 4,
         "notes": CPS_DEFER + ". " + STACKED},
        {"offence": "Sexual Activity with Person with Mental Disorder (Sec. 30) - Without Penetration", "score": 3,
         "aggravating": SOA_FACTORS, "mitigating": [BOTH_OVER, "Offender has mental disorder"],
         "notes": STACKED},
    ],
    12551: [
        {"offence": "Causing/Inciting Person with Mental Disorder to Engage in Sexual Activity without Consent "
                    "(Sec. 31) - With Penetration", "score": 4, "notes": CPS_DEFER + ". " + STACKED},
        {"offence": "Causing/Inciting Person with Mental Disorder to Engage in Sexual Activity without Consent "
                    "(Sec. 31) - Without Penetration", "score": 3, "aggravating": SOA_FACTORS,
         "mitigating": [BOTH_OVER, "Offender has mental disorder"], "notes": STACKED},
    ],
    12675: [
        {"offence": "Paying for Sexual Services of Child (sec. 47) with Penetration - Victim under 13", "score": 4,
         "notes": "Offence type printed as I (indictable only), with no CPS note on this row. " + STACKED},
        {"offence": "Paying for Sexual Services of Child (sec. 47) with Penetration - Victim under 16", "score": 3,
         "notes": "Offence type printed as I (indictable only), with no CPS note on this row. " + STACKED},
        {"offence": "Paying for Sexual Services of Child (sec. 47) with Penetration - Victim under 18", "score": 2,
         "notes": STACKED},
    ],
    12795: [
        {"offence": "Commit Offence with Intent to Commit Sexual Offence (Sec. 62)", "score": 3,
         "notes": STACKED},
        {"offence": "Commit Offence with Intent to Commit Sexual Offence (Sec. 62) - For Kidnapping/ False "
                    "Imprisonment offences only", "score": 4, "notes": CPS_DEFER + ". " + STACKED},
    ],
    12931: [
        {"offence": "Common prostitute loitering for prostitution", "score": None,
         "notes": "No score is printed. The score column holds instead: Before any formal action is considered, the "
                  "assumption that a child prostitute is a victim must first be acted on by referral to social "
                  "services or the multi-agency group. Only when advised by them can formal action be considered."},
    ],
    13005: [
        {"offence": "Theft - up to £100 in value", "score": 2, "aggravating": THEFT_AGG, "mitigating": THEFT_MIT,
         "notes": THEFT_NOTE},
        {"offence": "Theft - over £100 (approx.)", "score": 3, "aggravating": THEFT_AGG, "mitigating": THEFT_MIT,
         "notes": THEFT_NOTE},
        {"offence": "Theft (shoplifting) - Value £100 (Home office), £200 (max)", "score": None,
         "aggravating": THEFT_AGG, "mitigating": THEFT_MIT,
         "notes": "No score of its own: " + THEFT_NOTE + " By order the shoplifting line has no score; by line "
                  "position the 3 sits level with it."},
    ],
}

if __name__ == "__main__":
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    data = main(seed)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['entries'])} entries -> {OUT}")
