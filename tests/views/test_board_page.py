"""The board's page and CSV: admins only, audited, small counts suppressed, formula-safe, never decrypting."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from nacl.public import SealedBox

from saferoute.board.models import Count
from saferoute.extensions import db
from tests.pages import PageChecker
from tests.staff_support import audit_actions, make_request, make_user, sign_in

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # Wednesday; the week of 23 November


pytestmark = pytest.mark.usefixtures("clock")  # conftest's: time stands still at NOW


@pytest.fixture
def admin(staff_app):
    client = staff_app.test_client()
    sign_in(client, "root", make_user(staff_app, "root", admin=True))
    return client


def requests_this_week(app, count: int, **kwargs) -> None:
    for hour in range(count):
        created = NOW - timedelta(hours=hour + 1)
        make_request(app, [(created + timedelta(hours=2), created + timedelta(hours=4))], created=created, **kwargs)


def summary_row(page, label: str) -> list[str]:
    table = page.html.split('id="table-summary"')[1].split("</table>")[0]
    row = table.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
    return [cell.split(">", 1)[1].split("<")[0] for cell in row.split("<td")[1:]]


def test_workers_cannot_see_the_figures(staff_app):
    worker = staff_app.test_client()
    sign_in(worker, "ana", make_user(staff_app, "ana"))
    assert worker.get("/staff/board").status_code == 403
    assert worker.get("/staff/board.csv").status_code == 403
    assert "/staff/board" not in worker.get("/staff/").get_data(as_text=True)
    signed_out = staff_app.test_client()
    assert signed_out.get("/staff/board").status_code == 303


def test_the_page_suppresses_counts_under_five_and_is_audited(staff_app, admin):
    requests_this_week(staff_app, 3, method="video")
    requests_this_week(staff_app, 4, method="phone", language="pl")
    page = PageChecker(admin, allow_cookie=True)("/staff/board?by=week")
    assert page.title == "Board figures by week - SafeRoute hub console"
    assert summary_row(page, "Received")[-1] == "7"
    assert summary_row(page, "Received")[0] == "fewer than 5"  # none, six weeks ago
    method = page.html.split('id="table-method"')[1].split("</table>")[0]
    assert '<td class="number">7</td>' not in method and method.count("fewer than 5") >= 3  # 3, 4 and 0 this week
    assert ("root", "board_view", None, "week") in audit_actions(staff_app)
    assert page.all("svg", role="img")
    assert 'aria-current="page"' in page.html.split('href="/staff/board"')[1][:30]


def test_a_lone_small_count_beside_a_total_takes_the_next_smallest_with_it(staff_app, admin):
    requests_this_week(staff_app, 9, method="phone")
    requests_this_week(staff_app, 6, method="video")
    requests_this_week(staff_app, 2, method="textphone")
    page = PageChecker(admin, allow_cookie=True)("/staff/board?by=week")
    assert summary_row(page, "Received")[-1] == "17"
    method = page.html.split('id="table-method"')[1].split("</table>")[0]
    last = [row.split("<td")[-1] for row in method.split("<tr>")[2:]]
    shown = [cell.split(">", 1)[1].split("<")[0] for cell in last]
    # Phone 9 stays; video 6 would give textphone away (17 - 9 - 6), so it is suppressed too.
    assert shown == ["9", "fewer than 5", "fewer than 5"]


def test_the_csv_is_the_page_in_rows_and_formula_safe(staff_app, admin):
    requests_this_week(staff_app, 6)
    with staff_app.app_context():
        # A database writer's key: it must reach a spreadsheet as text, not as a formula.
        for period, starts in (("week", date(2026, 11, 23)), ("month", date(2026, 11, 1))):
            db.session.add(
                Count(period=period, starts=starts, measure="referral", key='=HYPERLINK("http://x","y")', count=7)
            )
            db.session.add(
                Count(period=period, starts=starts, measure="received-language", key="+cmd|' /C calc'!A0", count=1)
            )
        db.session.commit()
    response = admin.get("/staff/board.csv?by=week")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="saferoute-board-weeks-to-2026-11-23.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["period", "period_starts", "table", "row", "unit", "value"]
    assert ["week", "2026-11-23", "Requests", "Received", "count", "6"] in rows
    assert ["week", "2026-11-16", "Requests", "Received", "count", "fewer than 5"] in rows
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}]
    assert "'+cmd|' /C calc'!A0" in cells and """No longer listed ('=HYPERLINK("http://x","y"))""" not in cells
    assert ("root", "board_export", None, "week") in audit_actions(staff_app)


def test_the_figures_open_nothing(staff_app, admin, monkeypatch):
    requests_this_week(staff_app, 5)

    def refuse(*_args, **_kwargs):
        raise AssertionError("the figures opened a sealed request")

    monkeypatch.setattr(SealedBox, "decrypt", refuse)
    page = PageChecker(admin, allow_cookie=True)("/staff/board?by=week")
    assert summary_row(page, "Received")[-1] == "5"
    assert admin.get("/staff/board.csv").status_code == 200


def test_the_choice_of_periods_is_checked(staff_app, admin):
    page = PageChecker(admin, allow_cookie=True)
    assert "Week of Mon 23 Nov 2026" in page("/staff/board?by=week&ending=2099-01-01").text  # no later than now
    assert "November 2026" in page("/staff/board?by=nonsense&ending=nonsense").text
    assert "June 2026" in page("/staff/board?by=month&ending=2026-06-17").text
