"""The home page loads in Chromium with nothing from another host."""


def test_home_loads_cleanly(open_tab):
    visit = open_tab()
    visit.goto("/en/")
    assert visit.page.locator("h1").inner_text() == "Get help now"
    visit.assert_clean()
