"""The questions an offline sync left: an entry changed on this laptop and on the team server since the copy was
taken, asked once, in the form's own words ("Order length (months)"), answered here or with `yjtui offline
resolve`: keep this laptop's value or the server's. What only one side changed was merged without a question.

The list names the child by number and the entry by its label: a question's values (was / this laptop / the
server) are shown only when the user asks (`v`), as on the command line. An answer that meets a newer change on
the server is asked again with the newer value. Answering needs the team server: its password is asked here when
PGPASSWORD or ~/.pgpass do not give it. The work is `yjtui.store.offline.resolve`, off the UI thread.

`words(question)`, `values_line(question)` are the command line's words too: one place for how a question reads;
`banner(store)` is the app's header on a copy (its age, the questions waiting: a click there opens this screen).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from yjtui.screens import keys
from yjtui.screens.conflict import entry_label, shown_value
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.store import offline
from yjtui.text import shown

RECORDS = {"plan": "intervention plan", "hearing": "court hearing", "child": "child record", "event": "dated event",
           "taskdone": "deadline marked done"}
ASSESSMENTS = {"rosh": "RoSH assessment", "swb": "safety and well-being assessment", "lor": "LoR assessment"}
CASE_RECORDS = {"transfer": "transfer record", "transition": "transition record", "exploitation": "exploitation "
                "screening", "nrm": "NRM referral", "rmp": "Risk Management Panel record", "oocd": "out-of-court "
                "decision", "iss": "ISS record", "iss_contact": "ISS contact", "dyo": "DYO record"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(T00:00:00)?$")


def record_words(q: offline.Question) -> str:
    if q.table == "assessment":
        return ASSESSMENTS.get(q.kind, "assessment")
    if q.table == "caserecord":
        return CASE_RECORDS.get(q.kind, "case record")
    return RECORDS.get(q.table, q.table)


def entry_words(q: offline.Question) -> str:
    """The entry as the form that edits it labels it (the screens' words for the two-copies question)."""
    path, field = tuple(q.path), q.field
    try:
        if q.table == "plan" and field == "data":
            from yjtui.screens.plan import PlanScreen

            return PlanScreen.entry_label(None, path)  # type: ignore[arg-type]  (uses no state of the screen)
        if q.table == "hearing":
            from yjtui.screens.court import entry_words as court_words

            return court_words(field, path)
        if q.table == "assessment":
            from yjtui.screens.risk import RiskScreen

            return RiskScreen.entry_label(None, q.kind, field, path)  # type: ignore[arg-type]
        if q.table == "child":
            from yjtui.screens.child import SELECT_FIELDS, TEXT_FIELDS

            return {**TEXT_FIELDS, **SELECT_FIELDS}.get(field, (entry_label((field,)),))[0]
        if q.table == "caserecord" and q.kind in ("exploitation", "nrm", "rmp"):
            from yjtui.screens.exploitation_records import entry_words as exploitation_words

            return exploitation_words(field, path)
        if q.table == "caserecord" and q.kind == "oocd" and field == "data":
            from yjtui.screens.oocd import OocdScreen

            return OocdScreen.ENTRY_LABELS.get(path) or entry_label(path)
        if q.table == "event" and field == "at":
            return "The event's date"
    except (ImportError, AttributeError):  # a screen reorganised: its words are missed, never the question
        pass
    return entry_label(path) if path else entry_label((field,))


def value_words(value: Any) -> str:
    """One side's value as the form shows it: a date as dd/mm/yyyy, a list or table summarised, blank said."""
    if value is offline.merge.MISSING or value in (None, ""):
        return "(blank)"
    if isinstance(value, str) and ISO_DAY.match(value):
        return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    return shown(shown_value(value)) or "(blank)"


def words(q: offline.Question) -> str:
    """The question without its values: "child 7, intervention plan: Order length (months)"."""
    return f"child {q.child_id}, {record_words(q)}: {shown(entry_words(q))}"


def values_line(q: offline.Question) -> str:
    """The question's values, shown only when asked: "Order length (months): was 12 / this laptop 18 / the
    server 24"."""
    return (f"{shown(entry_words(q))}: was {value_words(q.base)} / this laptop {value_words(q.laptop)} / "
            f"the server {value_words(q.server)}")


def age_words(store) -> str:
    """The copy's age in words: "3 hours", "8 days"."""
    age = offline.age(store)
    if age.days >= 1:
        return f"{age.days} day{'s' * (age.days != 1)}"
    hours = int(age.total_seconds() // 3600)
    return f"{hours} hour{'s' * (hours != 1)}" if hours else "under an hour"


def banner(store) -> str:
    """The app's header on an offline copy: whose it is, its age, and the questions waiting (click to answer)."""
    waiting = len(offline.questions(store))
    said = f"OFFLINE COPY for {shown(store.get_setting('offline.user'))}, {age_words(store)} old"
    if waiting:
        said += f" · {waiting} question{'s' * (waiting != 1)} to answer: click here or ctrl+p"
    else:
        said += " · ctrl+p Offline copy syncs it"
    return said


def open_questions(app) -> None:
    if any(getattr(screen, "busy", False) for screen in app.screen_stack):
        app.notify("Wait for the sync to finish: the copy is being written now.", markup=False)
        return
    if not isinstance(app.screen, OfflineQuestionsScreen):
        app.push_screen(OfflineQuestionsScreen())


class OfflineQuestionsScreen(Screen):
    """Answer the waiting questions: `l` keep this laptop's value, `s` keep the server's, `v` see the values."""

    BINDINGS = keys.OFFLINE_QUESTIONS
    TITLE = "Offline copy: questions"
    AUTO_FOCUS = "#questions"
    DEFAULT_CSS = """
    OfflineQuestionsScreen #questions { height: 1fr; }
    OfflineQuestionsScreen #question-values { height: auto; padding: 1 1; }
    OfflineQuestionsScreen #server-password { display: none; }
    OfflineQuestionsScreen #server-password.-asked { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.server = None  # the team server, signed in on the first answer
        self.shown_values: tuple | None = None  # the question whose values the user asked to see
        self.busy = False
        self.waiting_answer: tuple[int, str] | None = None  # (question index, choice) held for the password

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("", id="questions-intro")
            yield OptionList(id="questions")
            yield Static("", id="question-values")
            yield Input(password=True, id="server-password", placeholder="The team server's password, then Enter")
        yield Footer()

    def on_mount(self) -> None:
        self.show_questions()

    def questions(self) -> list[offline.Question]:
        return offline.questions(self.app.store)

    def show_questions(self, keep: int = 0) -> None:
        found = self.questions()
        intro = self.query_one("#questions-intro", Static)
        if found:
            intro.update(Text(f"{len(found)} question{'s' * (len(found) != 1)}: each entry was changed on this laptop "
                              "and on the team server since the copy was taken. The server keeps its value until you "
                              "choose. v shows the values; l keeps this laptop's, s the server's."))
        else:
            intro.update("No question waits: every change was merged.")
        options = self.query_one("#questions", OptionList)
        options.clear_options()
        options.add_options([Option(Text(words(q)), id=str(n)) for n, q in enumerate(found)])
        if found:
            options.highlighted = min(keep, len(found) - 1)
        self.query_one("#question-values", Static).update("")
        self.shown_values = None

    def _current(self) -> tuple[int, offline.Question] | None:
        found = self.questions()
        n = self.query_one("#questions", OptionList).highlighted
        if n is None or not found or n >= len(found):
            return None
        return n, found[n]

    def action_view(self) -> None:
        current = self._current()
        if current is None:
            return
        box = self.query_one("#question-values", Static)
        if self.shown_values == current[1].key:
            box.update("")
            self.shown_values = None
            return
        box.update(Text(values_line(current[1])))
        self.shown_values = current[1].key

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        if self.shown_values is not None:
            self.query_one("#question-values", Static).update("")
            self.shown_values = None

    def action_keep_laptop(self) -> None:
        self._answer("laptop")

    def action_keep_server(self) -> None:
        self._answer("server")

    def action_back(self) -> None:
        if not self.busy:
            self.app.pop_screen()

    def _answer(self, choice: str) -> None:
        current = self._current()
        if current is None or self.busy:
            return
        self.busy = True
        self.waiting_answer = (current[0], choice)
        self.notify("Sending your answer to the team server…", timeout=3)
        self._resolve(current[1], choice, None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "server-password" or self.waiting_answer is None:
            return
        password, event.input.value = event.input.value, ""
        n, choice = self.waiting_answer
        found = self.questions()
        if n < len(found):
            self.busy = True
            self._resolve(found[n], choice, password)

    @work(thread=True, exclusive=True, group="offline-answer")
    def _resolve(self, question: offline.Question, choice: str, password: str | None) -> None:
        from yjtui.store import PasswordNeeded, Store, StoreError

        store = self.app.store
        try:
            if self.server is None:
                self.server = Store(offline.origin(store), password=password)
            outcome = offline.resolve(store, self.server, question, choice)
        except PasswordNeeded:
            self.app.call_from_thread(self._ask_password)
            return
        except StoreError as exc:
            self.app.call_from_thread(self._done, "error", str(exc))
            return
        self.app.call_from_thread(self._done, outcome, "")

    def _ask_password(self) -> None:
        self.busy = False
        box = self.query_one("#server-password", Input)
        box.set_class(True, "-asked")
        box.focus()

    def _done(self, outcome: str, message: str) -> None:
        self.busy = False
        n = self.waiting_answer[0] if self.waiting_answer else 0
        self.query_one("#server-password", Input).set_class(False, "-asked")
        if outcome == "error":
            self.notify(message, severity="error", markup=False)
            return
        self.waiting_answer = None
        said = {"settled": "Answered: saved on the team server and on this laptop.",
                "again": "The server's value changed again since the sync: the question now holds its newer value. "
                         "Answer it again (v shows the values).",
                "set aside": "That record is no longer on the team server: your answer was set aside with it "
                             "(yjtui offline set-aside)."}[outcome]
        self.notify(said, severity="warning" if outcome != "settled" else "information", markup=False)
        self.app.forget_deadlines()
        self.app.sub_title = banner(self.app.store)
        self.show_questions(keep=n)
        self.query_one("#questions", OptionList).focus()

    def on_unmount(self) -> None:
        if self.server is not None:
            self.server.close()
