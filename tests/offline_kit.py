"""Shared by the offline tests: a server database per test, the laptop's passphrase, signing in as a test login,
running `yjtui offline ...` in-process, and the day of the issue's plan case (a plan and its `order_made` event)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from tests import postgres
from yjtui.store import Child, Event, Plan, Store, offline

KEY = "a passphrase for the laptop"
PLAN_ANSWERS = {key: f"answer {n}" for n, key in enumerate(("duration", "individual", "min_max", "statutory",
                                                              "flexibility", "cumulative", "sequencing",
                                                              "with_child"), 1)}


@pytest.fixture
def db():
    name = postgres.fresh_database()
    yield name
    postgres.drop_database(name)


def as_(db: str, login: str) -> Store:
    return Store(postgres.url(db, login, postgres.PASSWORD))


def waiting(local: Store) -> list:
    """The questions waiting on the laptop (named `open_conflicts` before they were asked entry by entry)."""
    return (getattr(offline, "questions", None) or getattr(offline, "open_conflicts"))(local)


def cli(capsys, monkeypatch, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    from yjtui.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def save_plan(store: Store, plan: Plan, change) -> None:
    """One save of the plan screen: the whole `data` written again with one change made."""
    data = json.loads(plan.data)
    change(data)
    store.update(plan, "data", json.dumps(data, ensure_ascii=False, sort_keys=True))


def set_entry(*path, value):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return change


class PlanDay:
    """The issue's plan case: a referral order made 02/12/2026 for 12 months, with its `order_made` event."""

    def __init__(self, db: str, tmp_path: Path):
        from yjtui.casework import plans

        self.db, self.copy = db, tmp_path / "offline.db"
        self.alex = as_(db, "cm_alex")
        self.child = self.alex.add(Child(given_name="Frankie", family_name="Example", yjs_ref="FIX-1"))
        self.event = self.alex.add(Event(child_id=self.child.id, type="order_made", at=datetime(2026, 12, 2),
                                         data=json.dumps({"order_type": "referral_order"})))
        data = {"case_manager": "cm_alex", "contacts": {}, "questions": {},
                "order": {"type": "referral_order", "made": "2026-12-02", "months": 12, "event_id": self.event.id}}
        self.plan = self.alex.add(Plan(child_id=self.child.id, data=json.dumps(data, sort_keys=True)))
        self.laptop = offline.take(self.alex, [self.child.id], self.copy, KEY)
        self.plans = plans

    def laptop_edits(self, *, months=(1, 18)) -> None:
        """On the laptop: the order date (and so its event), the length typed a digit at a time, the eight
        contact-frequency answers and the contacts, each a save of its own as the plan screen makes them."""
        laptop, cid = self.laptop, self.child.id
        plan = laptop.get(Plan, self.plan.id)
        save_plan(laptop, plan, set_entry("order", "made", value="2026-12-03"))
        self.plans.record_order_made(laptop, cid, self.event.id, date(2026, 12, 3), {"order_type": "referral_order"})
        for m in months:
            save_plan(laptop, plan, set_entry("order", "months", value=m))
        for key, answer in PLAN_ANSWERS.items():
            save_plan(laptop, plan, set_entry("questions", key, value=answer))
        save_plan(laptop, plan, set_entry("contacts", "per_month", value=8))
        save_plan(laptop, plan, set_entry("contacts", "statutory_per_week", value=2))

    def server_edits(self, *, months=24, order_type="yro") -> Store:
        """On the server, the manager: the order type (and so its event's type) and the length."""
        bo = as_(self.db, "mgr_bo")
        plan = bo.get(Plan, self.plan.id)
        save_plan(bo, plan, set_entry("order", "type", value=order_type))
        save_plan(bo, plan, set_entry("order", "months", value=months))
        self.plans.record_order_made(bo, self.child.id, self.event.id, date(2026, 12, 2), {"order_type": order_type})
        return bo

    def server_plan(self) -> dict:
        return json.loads(self.alex.get(Plan, self.plan.id).data)

    def server_event_day(self) -> date:
        return self.alex.get(Event, self.event.id).at.date()

    def close(self) -> None:
        for s in (self.laptop, self.alex):
            try:
                s.close()
            except Exception:
                pass

