"""References: unguessable, unambiguous, grouped for reading, forgiving when typed back."""

from __future__ import annotations

import itertools
import math

from saferoute.callback import reference as references


def test_a_reference_has_at_least_50_random_bits_in_an_unambiguous_alphabet():
    assert references.BITS >= 50
    assert len(references.ALPHABET) == 32 and not set("ILOU") & set(references.ALPHABET)
    made = {references.new() for _ in range(2000)}
    assert len(made) == 2000
    for ref in made:
        assert len(ref) == 12 and set(ref) <= set(references.ALPHABET)
        assert references.normalise(ref) == ref
    # Every character position is used across the alphabet (randomness is not stuck).
    assert all(len({ref[i] for ref in made}) == 32 for i in range(11))
    assert math.log2(32**11) == references.BITS


def test_shown_in_three_groups_of_four():
    assert references.format("K7QM3XPD9RTV") == "K7QM-3XPD-9RTV"


def test_typed_back_in_any_case_with_spaces_dashes_and_look_alikes():
    ref = references.new()
    shown = references.format(ref)
    lookalike = ref.replace("0", "O").replace("1", "I")
    for typed in (
        shown,
        shown.lower(),
        " ".join(shown.split("-")),
        ref,
        f"  {shown}\n",
        lookalike.lower(),
        ref.replace("1", "l"),
        shown.replace("-", "\u2013"),
    ):
        assert references.normalise(typed) == ref, typed


def test_wrong_length_characters_or_check_are_refused():
    ref = references.new()
    assert references.normalise(ref[:-1]) is None
    assert references.normalise(ref + "0") is None
    assert references.normalise("") is None
    assert references.normalise("<script>") is None
    assert references.normalise(ref[:5] + "U" + ref[6:]) is None


def test_the_check_character_catches_most_typing_mistakes():
    ref = references.normalise(references.EXAMPLE)  # fixed, so the test is deterministic
    caught = total = 0
    for position, char in itertools.product(range(11), references.ALPHABET):
        if ref[position] == char:
            continue
        total += 1
        caught += references.normalise(ref[:position] + char + ref[position + 1 :]) is None
    assert caught / total > 0.9, "a single wrong character is almost always caught"
    swaps = [ref[:i] + ref[i + 1] + ref[i] + ref[i + 2 :] for i in range(10) if ref[i] != ref[i + 1]]
    assert sum(references.normalise(s) is None for s in swaps) >= len(swaps) - 2


def test_the_example_shown_on_the_withdraw_page_is_well_formed():
    assert references.normalise(references.EXAMPLE) is not None
