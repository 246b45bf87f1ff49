"""The one cross-site check, as the public forms and the console both use it."""

from __future__ import annotations

import pytest
from flask import Flask

from saferoute.cross_site import is_cross_site

SITE = "https://saferoute.example"


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, False),
        ({"Sec-Fetch-Site": "same-site"}, True),  # a sibling host is another site to us
        ({"Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Site": "none"}, True),  # typed into the address bar or a bookmark: not one of our forms
        ({"Sec-Fetch-Site": "same-origin", "Origin": "https://evil.example"}, False),  # the browser's word wins
        ({"Origin": SITE}, False),
        ({"Origin": "https://evil.example"}, True),
        ({"Origin": "http://saferoute.example"}, True),  # a downgrade is another origin
        ({"Origin": "null"}, True),  # a sandboxed frame or a data: page
        ({}, False),  # an old browser or a plain client: the token must still be right
    ],
)
def test_a_post_from_another_site_is_told_apart(headers, refused):
    app = Flask(__name__)
    with app.test_request_context("/", method="POST", base_url=SITE, headers=headers):
        from flask import request

        assert is_cross_site(request) is refused
