"""The findings panel every workflow screen shows: each finding once, its severity in the theme's own colours, its
source beneath it.

One severity style for the app. The colours are the theme's variables (`$error`, `$warning`, `$success`), resolved
when the panel is drawn, so a light theme, a dark one and the terminal's own ANSI colours all show them as the
theme means them; the words (ACTION, WARNING, INFO) say the severity without colour too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from yjtui.rules.core import Finding, Severity
from yjtui.text import shown

SEVERITY: dict[Severity, tuple[str, str]] = {
    Severity.ACTION: ("ACTION", "bold $error"),
    Severity.WARNING: ("WARNING", "bold $warning"),
    Severity.INFO: ("INFO", "bold $success"),
}
EMPTY = "Nothing to check yet."


def severity_word(severity: Severity) -> str:
    """The severity in words, for plain text (an export's list of checks)."""
    return SEVERITY[severity][0]


def _same(a: Finding | None, b: Finding | None) -> bool:
    return a is not None and b is not None and (a.rule, a.severity, a.citation) == (b.rule, b.severity, b.citation)


def findings_content(findings: Sequence[Finding], empty: str = EMPTY) -> Content:
    """Each finding once; findings of one rule in a row (a gap per risk factor, say) share their source line."""
    parts: list[Content] = []
    for i, f in enumerate(findings):
        word, style = SEVERITY[f.severity]
        previous = findings[i - 1] if i else None
        head = "" if _same(previous, f) else word
        parts.append(Content.styled(f"{head} ".rjust(len(word) + 1), style))
        parts.append(Content(shown(f.message)))
        following = findings[i + 1] if i + 1 < len(findings) else None
        parts.append(Content("\n") if _same(following, f) else Content.styled(f"\n  {f.citation}\n", "dim"))
    return Content("").join(parts) if parts else Content(empty)


def as_content(text: Text | Content | str) -> Content:
    if isinstance(text, Content):
        return text
    if isinstance(text, Text):
        return Content.from_rich_text(text)
    return Content(text)


class FindingsPanel(Static):
    """A screen's findings with their sources, under a heading that counts them; `before`/`after`: what the screen
    says beside them (a summary, the deadlines). Redrawn only when what it shows changes (it runs per keystroke)."""

    DEFAULT_CSS = "FindingsPanel { height: auto; }"

    def show(self, findings: Sequence[Finding], *, heading: str | None = "Findings ({n}), with their sources",
             empty: str = EMPTY, before: Iterable[Text | Content | str] = (),
             after: Iterable[Text | Content | str] = ()) -> None:
        parts = [as_content(p) for p in before]
        if heading is not None:
            parts.append(Content.styled(heading.format(n=len(findings)) + "\n", "bold"))
        parts.append(findings_content(findings, empty))
        parts.extend(as_content(p) for p in after)
        content = Content("").join(parts)
        if getattr(self, "_shown_markup", None) != content.markup:
            self._shown_markup = content.markup
            self.update(content)
