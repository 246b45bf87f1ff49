"""Every word the data file may use has its words on the page: who for, what is offered, which need."""

from __future__ import annotations

from flask_babel import force_locale

from saferoute.directory import NEED_IDS, model
from saferoute.help import presenters


def test_every_vocabulary_word_has_its_words():
    assert set(presenters.WHO) == set(model.WHO)
    assert set(presenters.OFFERS) == set(model.OFFERS)
    assert list(presenters.NEEDS) == list(NEED_IDS), "the form lists needs in this order"


def test_general_services_are_a_subset_of_who():
    assert set(model.GENERAL_WHO) <= set(model.WHO)


def test_proper_names_are_joined_the_readers_way_and_escaped(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            english = str(presenters.proper_names(["Kent", "<b>Medway</b>", "Swale"]))
        with force_locale("ar"):
            arabic = str(presenters.proper_names(["Kent", "Medway"]))
    assert english == (
        '<span translate="no">Kent</span>, <span translate="no">&lt;b&gt;Medway&lt;/b&gt;</span>,'
        ' and <span translate="no">Swale</span>'
    )
    assert " و" in arabic and arabic.count('<span translate="no">') == 2
    assert str(presenters.proper_names([])) == ""
