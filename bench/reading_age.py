"""Reading age: how hard the English of each guidance page is to read.

The issue asks for a reading age of about 9. This prints, for each page, the
Flesch-Kincaid grade of the text inside <main> (sources and the emergency strip
left out) and the reading age it implies (grade + 5). Syllables are counted by
vowel groups, a rough rule that is close enough to compare pages and to see a
page drift. Exits 1 if a page reads above age 10.

Usage: .venv/bin/python bench/reading_age.py
"""

from __future__ import annotations

import html
import logging
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.apps import build_app, make_instance

PAGES = ["is-this-abuse", "safety-plan", "keeping-evidence", "worried-about-someone"]
HIGHEST_AGE = 10.0
WORD = re.compile(r"[A-Za-z']+")


def syllables(word: str) -> int:
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and count > 1 and not word.endswith("le"):
        count -= 1
    return max(1, count)


def main_text(page_html: str) -> str:
    main = page_html[page_html.index("<main") : page_html.index("</main>")]
    main = re.sub(r'<p class="source">.*?</p>|<aside.*?</aside>', "", main, flags=re.S)
    # Every tag ends a sentence: headings and list items carry no full stop of their own.
    return html.unescape(re.sub(r"<[^>]+>", ". ", main))


def grade(text: str) -> tuple[int, int, float]:
    sentences = [s for s in re.split(r"[.!?:;]+", text) if len(WORD.findall(s)) >= 3]
    words = [w for s in sentences for w in WORD.findall(s)]
    score = 0.39 * len(words) / len(sentences) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
    return len(words), len(sentences), score


def main() -> int:
    logging.disable(logging.INFO)
    app = build_app(make_instance(Path(tempfile.mkdtemp(prefix="saferoute-bench-")) / "instance"))
    client = app.test_client()
    worst = 0.0
    for slug in PAGES:
        words, sentences, score = grade(main_text(client.get(f"/en/{slug}").get_data(as_text=True)))
        worst = max(worst, score + 5)
        print(f"{slug:24s} {words:5d} words {sentences:4d} sentences  grade {score:4.1f}  reading age {score + 5:4.1f}")
    print(f"highest reading age {worst:.1f} (limit {HIGHEST_AGE})")
    return 0 if worst <= HIGHEST_AGE else 1


if __name__ == "__main__":
    sys.exit(main())
