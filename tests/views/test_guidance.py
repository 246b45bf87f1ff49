"""The guidance pages (issue 16): what abuse is, the check, staying safe, evidence, helping someone.

Each cites what it paraphrases, is reachable from the home page and the footer,
and names no route the directory cannot back. The check's answers can never be
sent: its form has nothing that submits and a method that cannot.
"""

from __future__ import annotations

import re

import pytest

from saferoute.help import abuse, check
from saferoute.help.pages import BY_SLUG

GUIDANCE = ["is-this-abuse", "safety-plan", "keeping-evidence", "worried-about-someone"]
CHECK = "/en/is-this-abuse"


@pytest.mark.parametrize("slug", GUIDANCE)
def test_every_guidance_page_cites_what_it_paraphrases(page, slug):
    parsed = page(f"/en/{slug}")
    section = parsed.html.split('aria-labelledby="sources"', 1)
    assert len(section) == 2, f"{slug}: no sources section"
    cited = re.findall(r'<a href="(https?://[^"]+)" rel="noreferrer noopener"><span translate="no">', section[1])
    assert cited == [source.url for source in BY_SLUG[slug].sources]
    assert len(cited) >= 2
    assert "We last checked it on 1 December 2026." in parsed.text


@pytest.mark.parametrize("slug", GUIDANCE)
def test_every_guidance_page_is_linked_from_the_home_page_and_the_footer(page, slug):
    home = page("/en/")
    main = home.html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    footer = home.html.split("<footer", 1)[1]
    assert f'href="/en/{slug}"' in main, f"{slug} is not linked from the home page"
    assert f'href="/en/{slug}"' in footer, f"{slug} is not in the footer"


def test_forms_of_abuse_start_with_coercive_control_and_each_names_its_law(page):
    parsed = page(CHECK)
    headings = [h.text for h in parsed.all("h3")][: len(abuse.FORMS)]
    assert headings[0] == "Coercive control"
    assert headings == [str(form.name) for form in abuse.FORMS]
    laws = [e.attrs["href"] for e in parsed.all("a") if "legislation.gov.uk" in e.attrs.get("href", "")]
    assert laws == [form.law.url for form in abuse.FORMS]
    assert "is a crime in England and Wales" in parsed.text


def test_the_check_can_never_send_its_answers(page):
    parsed = page(CHECK)
    forms = [f for f in parsed.all("form") if "check-form" in f.attrs.get("class", "")]
    assert len(forms) == 1
    form = forms[0]
    # Outside a <dialog>, a form with method=dialog is never submitted: not by Enter, not by script.
    assert form.attrs["method"] == "dialog"
    assert form.attrs["autocomplete"] == "off"
    body = parsed.html.split('class="check-form"', 1)[1].split("</form>", 1)[0]
    assert "submit" not in body, "nothing in the check may submit"
    assert not re.search(r'<input(?![^>]*type="radio")', body), "only yes/no radios: nothing to type"
    radios = re.findall(r"<input [^>]*>", body)
    assert len(radios) == 2 * len(check.QUESTIONS)
    assert all('autocomplete="off"' in radio for radio in radios)
    assert re.findall(r'<button[^>]*type="(\w+)"', body) == ["reset"]


def test_each_question_has_its_meaning_in_the_same_place_and_the_emergency_strip_comes_first(page):
    parsed = page(CHECK)
    legends = [e.text.strip() for e in parsed.all("legend")]
    assert legends == [str(q.text) for q in check.QUESTIONS]
    result = parsed.html.split('id="check-result"', 1)[1]
    assert re.match(r'>\s*<h3>[^<]+</h3>\s*<div class="emergency">', result), "the emergency strip comes first"
    assert 'href="tel:999"' in result.split("</div>", 1)[0]
    topics = re.findall(r"<h4>([^<]+)</h4>", result)
    assert topics[: len(check.QUESTIONS)] == [str(q.topic) for q in check.QUESTIONS]


def test_every_route_a_question_names_exists(app, page):
    """A page section, a directory route with a number: nothing the check points to may be missing."""
    directory = app.extensions["saferoute.directory"]
    for route in {r for q in check.QUESTIONS for r in q.routes} | set(check.ANY_YES):
        if isinstance(route, check.Guide):
            target = page(f"/en/{route.slug}")
            if route.section:
                assert target.by_id(route.section) is not None, f"/en/{route.slug} has no #{route.section}"
        elif isinstance(route, check.Call):
            found = directory.get(route.route)
            assert found is not None and found.phone is not None, f"the directory has no number for {route.route}"


def test_the_matching_routes_are_in_each_answer(app, page):
    parsed = page(CHECK)
    directory = app.extensions["saferoute.directory"]
    meanings = parsed.html.split('class="check-meanings"', 1)[1].split("</ul>\n      </li>")
    for question, meaning in zip(check.QUESTIONS, meanings, strict=False):
        for route in question.routes:
            if isinstance(route, check.Call):
                assert f'href="{directory[route.route].phone.href}"' in meaning, question.key
            elif isinstance(route, check.Guide):
                anchor = f"#{route.section}" if route.section else ""
                assert f'href="/en/{route.slug}{anchor}"' in meaning, question.key
            else:
                assert 'href="/en/callback"' in meaning, question.key


def test_a_directory_without_a_route_leaves_it_out(app, monkeypatch):
    from saferoute.help import guidance

    class Empty:
        def get(self, route_id):
            return None

    with app.test_request_context(CHECK):
        monkeypatch.setattr(guidance, "directory", Empty)
        assert guidance.link(check.Call("stalking-helpline")) is None
        assert guidance.link(check.Guide("helplines")).href == "/en/helplines"


def test_safety_planning_covers_what_the_issue_asks(page):
    text = page("/en/safety-plan").text
    for fact in (
        "Leaving can be the most dangerous time",
        "After you leave",
        "Children",
        "Pets",
        "Documents and money",
        "independent domestic violence adviser",
        "stronger locks",
        "Ask the police to call you back at a safe time",
    ):
        assert fact in text
    assert "print" not in text.lower() and "download" not in text.lower()


def test_the_safety_plans_local_help_leads_to_support_by_place_and_need(page):
    html = page("/en/safety-plan").html
    local_help = html[html.index('id="local-help"') : html.index("</main>")]
    assert 'href="/en/find-support"' in local_help


def test_evidence_page_says_where_copies_are_safe_and_that_the_hub_takes_evidence_by_video(page):
    text = page("/en/keeping-evidence").text
    for fact in ("the date, the time", "Photos of injuries", "doctor", "shared photos", "video call"):
        assert fact in text


def test_friends_and_family_page_says_not_to_confront_and_how_to_report(page):
    parsed = page("/en/worried-about-someone")
    assert "Don't confront the abuser" in parsed.text
    assert "Signs to look for" in parsed.text
    assert "/en/clares-law" in parsed.links and "tel:101" in parsed.links
