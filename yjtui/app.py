"""The yjtui application shell: header, footer, keys, command palette, and the screens' shared store."""

from __future__ import annotations

import gc
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterable

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape
from textual.reactive import reactive

from yjtui.screens import keys
from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.lock import LockMixin
from yjtui.screens.registry import WORKFLOWS
from yjtui.screens.typeahead import TypeAheadMixin
from yjtui.text import shown

DEFAULT_ROLE = "case_manager"  # = yjtui.rules.roles.DEFAULT_ROLE, not imported at start-up (the rules cost ~100 ms)

if TYPE_CHECKING:  # the store (SQLAlchemy) loads after the case list is drawn: see yjtui.store.case_reader
    from yjtui.screens.sign_in import SignIn
    from yjtui.store import Child, Store


class YjtuiCommands(Provider):
    """Palette entries: find and create children, open each workflow screen, open a child by name, and the keys of
    the screen the palette was opened on (the footer may leave some out at 80 columns)."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        from yjtui.screens.footer import screen_key_commands

        app: YjtuiApp = self.app  # type: ignore[assignment]
        return app.palette_commands() + screen_key_commands(self.screen)

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)
        app: YjtuiApp = self.app  # type: ignore[assignment]
        if len(query.strip()) >= 2:
            rows, _total = app.store.search(query, limit=8)
            for row in rows:  # stored names: shown as plain text with nothing a terminal obeys
                yield Hit(0.5, Text(f"Open child: {shown(row.name)}"), partial(app.open_child, row.id),
                          help=f"YJS ref {escape(shown(row.yjs_ref))}" if row.yjs_ref else None)


def reference_commands():
    """The reference set's palette provider, imported only when the palette opens."""
    from yjtui.screens.reference import ReferenceCommands

    return ReferenceCommands


class YjtuiApp(LockMixin, TypeAheadMixin, App):
    TITLE = "yjtui"
    CSS_PATH = "app.tcss"
    BINDINGS = keys.APP + [Binding(w.key, f"workflow('{w.id}')", w.short or w.title, tooltip=w.title,
                                   id=f"workflow.{w.id}")
                           for w in WORKFLOWS]
    COMMANDS = App.COMMANDS | {YjtuiCommands, reference_commands}
    # "OFFLINE" while the team server does not answer: every screen's header shows it, those that name a child in
    # place of the app's sub-title too (screens/header.py).
    offline_note: reactive[str] = reactive("")

    def __init__(self, store: Store | None, *, demo: bool = False, today: date | None = None,
                 sign_in: SignIn | None = None) -> None:
        """`store`: the open store; or None with `sign_in`, what the sign-in screen asks before any child shows."""
        super().__init__()
        if store is None and sign_in is None:
            raise ValueError("YjtuiApp needs a store or what to ask to open one")
        self.store = store
        self.demo = demo
        self._today = today
        self._sign_in = sign_in

    def today(self) -> date:
        return self._today or date.today()

    def now(self) -> datetime:
        """This minute, on the app's day (a test's fixed day, else today)."""
        return datetime.combine(self.today(), datetime.now().time()).replace(second=0, microsecond=0)

    # --- stored text on every screen's header and in every notification: nothing a terminal obeys ---------------
    def format_title(self, title: str, sub_title: str):
        """Every screen's header: its sub-title often holds a child's name, so it is shown (yjtui.text)."""
        return super().format_title(shown(title), shown(sub_title))

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification (screens call this through Widget.notify): a message quoting a name, a file or a
        server's answer is shown (yjtui.text) before it reaches the terminal."""
        super().notify(shown(message, keep_newlines=True), title=shown(title), severity=severity, timeout=timeout,
                       markup=markup)

    def on_mount(self) -> None:
        self._keep_looks_and_keys()
        if self.store is None:  # the passphrase or the team server's password first (yjtui.screens.sign_in)
            from yjtui.screens.sign_in import SignInScreen

            self.push_screen(SignInScreen(self._sign_in))
            return
        self._start()

    def _keep_looks_and_keys(self) -> None:
        """The person's own theme and keys, from the user config folder (yjtui.screens.preferences)."""
        from yjtui.screens import preferences

        theme = preferences.saved_theme()
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda theme: preferences.save_theme(theme.name))
        keymap, _problems = preferences.user_keymap()  # the help screen names any problem
        if keymap:
            self.set_keymap(keymap)

    def signed_in(self, store: Store) -> None:
        """The sign-in screen opened the store: on to the case list, as a start with the store already open."""
        self.store = store
        self.pop_screen()
        self._start()

    def _start(self) -> None:
        if self.demo:
            self.sub_title = "DEMO: fictional children, a throwaway store"
        self.push_screen(CaseListScreen())
        self._open_start_screen()
        self.start_idle_lock()
        self._save_on_hangup()
        if getattr(self.store, "server", False):
            self._watch_server()
        elif self.store.get_setting("offline.origin"):
            # An offline copy (yjtui offline take): whose, how old, and the questions waiting (a click answers them).
            from yjtui.screens.offline_questions import banner

            self.sub_title = banner(self.store)

        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The case list is on screen: the rest loads now, on this thread (keys typed meanwhile wait their turn):
        the full store (ORM, audit) and the rules the next-deadline worker uses. Importing them in a thread raced
        the UI thread's imports of the same packages (an ImportError from a partly initialised module)."""
        if not gc.isenabled():  # paused while starting (yjtui.cli.run_app): what start-up built stays
            gc.freeze()
            gc.enable()
        finish = getattr(self.store, "finish_opening", None)
        if finish is not None:
            finish()
        from yjtui.casework import board  # noqa: F401

    # --- a team server ------------------------------------------------------------------------------------------
    def _watch_server(self) -> None:
        """Who is signed in, in the header; offline and back, said at once; what was typed offline saved later."""
        self.sub_title = f"{self.store.who} ({self.store.role.replace('_', ' ') or 'no role'}) on the team server"
        self.store.on_status = self._server_status_said
        self.set_interval(3, self._poll_server)

    def _poll_server(self) -> None:
        """The 3-second timer asks the server in a thread: over a council network each question is a round trip, and
        a server that has gone away answers only when its connection times out."""
        from yjtui.screens.background import off_ui

        off_ui(self, "server-poll", self._retry_server)

    def _server_status_said(self, state: str, message: str) -> None:
        from yjtui.screens.background import on_ui

        on_ui(self, self._server_status, state, message)  # a save on this thread, or the poll's retry in its own

    def _server_status(self, state: str, message: str) -> None:
        if state == "refused":
            self.notify(message, severity="error", timeout=10, markup=False)
            return
        if state == "offline":
            self.offline_note = "OFFLINE"  # every screen's header says it, beside the child's name (header.py)
            self.sub_title = f"OFFLINE: {self.store.who}'s changes are kept and saved when the team server answers"
            self.notify(message, severity="warning", timeout=8, markup=False)
        else:
            self.offline_note = ""
            self.sub_title = f"{self.store.who} ({self.store.role.replace('_', ' ')}) on the team server"
            self.notify(message, timeout=6, markup=False)

    def _retry_server(self) -> None:
        """What typed offline is saved when the server answers; a child a colleague added or renamed shows up."""
        from yjtui.screens.background import on_ui

        if self.store.pending or self.store.offline:  # offline from a read alone: asked whether it answers again
            self.store.retry_pending()
        elif self.store.changed_elsewhere():
            self.store.search("", limit=1)  # the case list's index read again here, not on the UI thread
            on_ui(self, self._colleague_changed)

    def _colleague_changed(self) -> None:
        if isinstance(self.screen, CaseListScreen):
            self.screen.refresh_rows()

    def _handle_exception(self, error: Exception) -> None:
        # The server refused or went away where no screen could keep going (creating a record offline, say):
        # leave with the message, not a traceback. Anything else is a bug and shows as one.
        from sqlalchemy.exc import DBAPIError

        from yjtui.store import StoreError
        from yjtui.store.store import _translate

        if isinstance(error, DBAPIError) and getattr(self.store, "server", False):
            error = _translate(error, self.store.url)  # a screen reading the server directly (the board, say)
        if isinstance(error, StoreError):
            self.exit(return_code=2, message=Text(shown(f"yjtui: {error}")))  # printed after the app: no markup
            return
        super()._handle_exception(error)

    def _save_on_hangup(self) -> None:
        """Closing the terminal (SIGHUP) or a shutdown (SIGTERM) saves any field still waiting for its timer; on
        Windows, closing the console window, signing out or shutting down (the console's control handler)."""
        import asyncio
        import signal
        import sys

        if sys.platform == "win32":
            self._save_on_console_close()
            return
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._hangup)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not on the main thread (tests)

    def _save_on_console_close(self) -> None:
        """Windows gives a closing console's process about five seconds after its control handler is called (on a
        thread of its own): the handler waits while the app saves and leaves. Not exercised by CI (Linux)."""
        import ctypes
        from ctypes import wintypes

        close_events = {2, 5, 6}  # CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT

        @ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)
        def handler(event: int) -> bool:
            if event not in close_events:
                return False
            try:
                self.call_from_thread(self._hangup)
            except Exception:
                pass
            return True

        self.__dict__["_console_handler"] = handler  # kept alive: Windows calls it later
        try:
            ctypes.windll.kernel32.SetConsoleCtrlHandler(handler, True)
        except (AttributeError, OSError):
            pass

    def _hangup(self) -> None:
        for screen in self.screen_stack:
            try:
                self._flush_screen(screen)
            except Exception:  # the terminal is gone; the store write is what matters
                pass
        self.exit()

    # --- navigation -------------------------------------------------------------------------------------------
    def open_child(self, child_id: int) -> None:
        from yjtui.screens.child import ChildScreen
        from yjtui.store import StoreError

        try:
            child = self.store.open_child(child_id)  # logged as a consultation
        except StoreError as exc:  # a team server that cannot be reached, and this child never read before
            self.notify(str(exc), severity="error", markup=False)
            return
        if child is None:
            self.notify("That child is no longer in the store.", severity="error")
            return
        self._leave_child_screens()
        self.push_screen(ChildScreen(child))

    def new_child(self) -> None:
        from yjtui.screens.child import ChildScreen
        from yjtui.store import Child, StoreError

        try:
            child = self.store.add(Child())
        except StoreError as exc:  # offline, or a role that may not add children: said, nothing half-made
            self.notify(f"{exc} No new child was added.", severity="error", markup=False)
            return
        self._leave_child_screens()
        self.push_screen(ChildScreen(child))

    def open_offline(self) -> None:
        from yjtui.screens.offline import OfflineScreen

        self.push_screen(OfflineScreen())

    def on_click(self, event) -> None:
        """The header's banner on an offline copy opens its questions."""
        from yjtui.screens.header import Header

        widget = getattr(event, "widget", None)
        on_banner = widget is not None and any(isinstance(w, Header) for w in (widget, *widget.ancestors))
        if on_banner and not self.locked and not getattr(self.store, "server", False) \
                and self.store.get_setting("offline.origin"):
            from yjtui.screens.offline_questions import open_questions

            open_questions(self)

    def find_child(self) -> None:
        self._to_case_list()
        self.screen.action_focus_search()

    def _leave_child_screens(self) -> None:
        while len(self.screen_stack) > 2:
            self._flush_screen(self.screen)
            self.pop_screen()

    def _to_case_list(self) -> None:
        while not isinstance(self.screen, CaseListScreen) and len(self.screen_stack) > 2:
            self._flush_screen(self.screen)
            self.pop_screen()

    def next_deadlines(self, child_ids: list[int]) -> dict[int, str]:
        """Each child's next deadline for the case list, worked out once per child until the data may change."""
        from yjtui.casework import board

        cache = self.__dict__.setdefault("_next_deadline_cache", {})
        missing = [cid for cid in child_ids if cid not in cache]
        if missing:
            keep = None
            if self.role() != DEFAULT_ROLE:  # the police officer's column shows the police tasks
                from yjtui.rules import roles

                role = self.role()
                keep = lambda rule: roles.sees_deadline(role, rule)  # noqa: E731
            found = board.next_deadlines(self.store, missing, self.today(), keep=keep)
            cache.update({cid: found.get(cid, "") for cid in missing})
        return {cid: cache[cid] for cid in child_ids}

    def forget_deadlines(self) -> None:
        """Work the case list's deadlines out afresh (after any screen that may have changed events)."""
        self.__dict__["_next_deadline_cache"] = {}

    def current_child(self) -> Child | None:
        from yjtui.store import Child

        for screen in reversed(self.screen_stack):
            child = getattr(screen, "child", None)
            if isinstance(child, Child):
                return child
        return None

    # --- the user's role (Settings): start screen and function keys; rules in yjtui/rules/roles.py -------------
    def role(self) -> str:
        if "_role" not in self.__dict__:  # on a team server, the group the server knows the user by
            self.__dict__["_role"] = self.store.role or DEFAULT_ROLE
        return self.__dict__["_role"]

    def set_role(self, role: str) -> None:
        self.store.set_setting("role", role)
        self.__dict__["_role"] = role
        self.forget_deadlines()
        self.refresh_bindings()

    def sees_workflow(self, workflow_id: str) -> bool:
        if self.role() == DEFAULT_ROLE:  # the case manager sees every workflow (no rules import at start-up)
            return True
        from yjtui.rules import roles

        return roles.sees_workflow(self.role(), workflow_id)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.store is None:  # not signed in yet: nothing but leaving
            return action == "quit"
        allowed = super().check_action(action, parameters)  # the lock's answer first
        if allowed and action == "workflow" and parameters:
            return self.sees_workflow(str(parameters[0]))
        return allowed

    def _open_start_screen(self) -> None:
        if self.role() == DEFAULT_ROLE:
            return
        from yjtui.rules import roles

        start = roles.start_workflow(self.role())
        if start:
            self.action_workflow(start)

    def refuse_countersign(self) -> bool:
        """True (and says why) when the user's role may not countersign: a manager's act."""
        from yjtui.rules import roles

        if roles.may_countersign(self.role()) and self.store.may_countersign():
            return False
        if getattr(self.store, "server", False):  # the team server knows the user's role; Settings cannot change it
            self.notify(f"Countersigning is a manager's act: you are signed in as {self.store.who} "
                        f"({roles.ROLES.get(self.role(), 'no role')}); an administrator grants the manager role "
                        f"(yjtui admin grant). ({roles.COUNTERSIGN_CITE})", severity="warning", markup=False)
        else:
            self.notify(f"{roles.COUNTERSIGN_REFUSED} ({roles.COUNTERSIGN_CITE})", severity="warning", markup=False)
        return True

    def workflow_hints(self) -> list[str]:
        hints = [f"{w.key.upper()}: {w.title}" for w in WORKFLOWS if self.sees_workflow(w.id)]
        return hints + ["ctrl+p: every command"]

    def palette_commands(self) -> list[tuple[str, Callable[[], None], str]]:
        from yjtui.screens.audit import audit_palette_entries
        from yjtui.screens.settings import SettingsScreen

        commands = [
            ("Find child", self.find_child, "Search the case list by name, YJS reference or date of birth"),
            ("New child", self.new_child, "Add a child to the case list"),
            ("Case list", self._to_case_list, "Back to every child"),
            ("Settings", lambda: self.push_screen(SettingsScreen()), "Your name and role, local policy packs"),
            *audit_palette_entries(self),
        ]
        if self._may_bring_in_caseload():
            commands.append(("Bring in a caseload", self.open_caseload_import, "Children from the case system's "
                             "CSV export: every row checked, a preview, all or nothing"))
        if getattr(self.store, "server", False) or self.store.get_setting("offline.origin"):
            commands.append(("Offline copy", self.open_offline, "Take children offline to this laptop; what an "
                             "offline copy has waiting to sync, and its sync"))
        if not getattr(self.store, "server", False) and self.store.get_setting("offline.origin"):
            from yjtui.screens.offline_questions import open_questions

            commands.append(("Offline questions", partial(open_questions, self), "Answer what the last sync asked: "
                             "an entry changed on this laptop and on the team server"))
        for w in (w for w in WORKFLOWS if self.sees_workflow(w.id)):
            commands.append((w.title, partial(self.action_workflow, w.id), f"{w.help} ({w.key.upper()})"))
        commands.extend(self.extra_palette_commands())
        return commands

    def _may_bring_in_caseload(self) -> bool:
        from yjtui.rules import roles

        return roles.may_bring_in_caseload(self.role())

    def open_caseload_import(self) -> None:
        if not self._may_bring_in_caseload():
            self.notify("Bringing in a caseload is an administrator's or a manager's act.", markup=False)
            return
        from yjtui.screens.caseload_import import CaseloadImportScreen

        self.push_screen(CaseloadImportScreen())

    def extra_palette_commands(self) -> list[tuple[str, Callable[[], None], str]]:
        """Palette entries a workflow adds beyond opening its screen (reference entries, for instance)."""
        return []

    def action_workflow(self, workflow_id: str) -> None:
        workflow = next(w for w in WORKFLOWS if w.id == workflow_id)
        if not self.sees_workflow(workflow_id):
            from yjtui.rules import roles

            reason, cite = roles.why_hidden(self.role(), workflow_id)
            self.notify(reason + (f" ({cite})" if cite else ""), title=workflow.title, markup=False)
            return
        screen_class = workflow.load()
        if not workflow.needs_child:
            self.push_screen(screen_class())
            return
        child = self.current_child()
        if child is None:
            self.notify(f"Open a child first: find them on the case list, then press {workflow.key.upper()}.",
                        title=workflow.title)
            self.find_child()
            return
        # One screen per child and workflow: going back to it rather than stacking another.
        for screen in self.screen_stack:
            if isinstance(screen, screen_class) and getattr(screen, "child", None) is not None \
                    and screen.child.id == child.id:
                while self.screen is not screen:
                    self._flush_screen(self.screen)
                    self.pop_screen()
                return
        self.push_screen(screen_class(child))

    # --- exports in a browser (yjtui serve) --------------------------------------------------------------------
    def export_staging(self):
        """In a browser session, the private temporary folder an export is written to before it goes to the browser
        (`deliver_exports` removes it); None in a terminal, where the export dialog's folder is used."""
        if not self.is_web:
            return None
        import tempfile
        from pathlib import Path

        return Path(tempfile.mkdtemp(prefix="yjtui-export-"))  # this user only (0700; the user's own on Windows)

    def deliver_exports(self, paths) -> list[str]:
        """Send what an export wrote to the browser as one download (a zip when several files: a browser opens
        one download per key press) and remove it from this machine at once. The names the browser saves."""
        import io
        import shutil
        import zipfile
        from pathlib import Path

        paths = [Path(p) for p in paths]
        if not paths:
            return []
        if len(paths) == 1:
            name, data = paths[0].name, paths[0].read_bytes()
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in paths:
                    zf.write(p, p.name)
            name, data = f"{paths[0].stem}.zip", buffer.getvalue()
        for folder in {p.parent for p in paths}:
            shutil.rmtree(folder, ignore_errors=True)
        self.deliver_binary(io.BytesIO(data), save_filename=name, open_method="download")
        return [name]

    # --- keys -------------------------------------------------------------------------------------------------
    def action_help(self) -> None:
        from yjtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @staticmethod
    def _flush_screen(screen) -> None:
        flush = getattr(screen, "flush", None)
        if flush:
            flush()

    def on_exit_app(self) -> None:
        """Leaving by any way but ctrl+q (a browser tab closed under `yjtui serve` asks the app to exit): what is
        still waiting for its save timer is saved first."""
        if self.store is not None:
            for screen in self.screen_stack:
                self._flush_screen(screen)

    async def action_quit(self) -> None:
        for screen in self.screen_stack if self.store is not None else ():
            self._flush_screen(screen)
        self.exit()

    def get_system_commands(self, screen) -> Iterable:
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
