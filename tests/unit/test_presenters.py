"""Every word the data file may use has its words on the page: who for, what is offered, which need."""

from __future__ import annotations

from saferoute.directory import NEED_IDS, model
from saferoute.help import presenters


def test_every_vocabulary_word_has_its_words():
    assert set(presenters.WHO) == set(model.WHO)
    assert set(presenters.OFFERS) == set(model.OFFERS)
    assert list(presenters.NEEDS) == list(NEED_IDS), "the form lists needs in this order"


def test_general_services_are_a_subset_of_who():
    assert set(model.GENERAL_WHO) <= set(model.WHO)
