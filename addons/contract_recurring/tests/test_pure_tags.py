from datetime import date

from odoo.addons.contract_recurring.tools import tags

VALUES = {
    "start": date(2026, 1, 1),
    "end": date(2026, 3, 31),
    "contract": "CT/2026/0007",
    "customer": "Rossi S.r.l.",
    "product": "Manutenzione caldaia",
}


def test_render_all_known_tags():
    template = "#PRODUCT# #CONTRACT# #CUSTOMER# dal #START# al #END# (#PERIOD#)"
    assert tags.render_description(template, VALUES) == (
        "Manutenzione caldaia CT/2026/0007 Rossi S.r.l. dal 01/01/2026 al"
        " 31/03/2026 (01/01/2026 - 31/03/2026)"
    )


def test_explicit_period_wins_and_repeated_adjacent_tags():
    values = dict(VALUES, period="1° trimestre 2026")
    assert tags.render_description("#PERIOD##PERIOD#", values) == (
        "1° trimestre 20261° trimestre 2026"
    )
    assert tags.render_description("#START##END#", VALUES) == "01/01/202631/03/2026"


def test_unknown_and_valueless_tags_left_as_they_are():
    assert (
        tags.render_description("#FOO# #X#START# #CUSTOMER#", {"start": date(2026, 2, 9)})
        == "#FOO# #X09/02/2026 #CUSTOMER#"
    )
    assert tags.render_description("#PERIOD#", {"start": date(2026, 1, 1)}) == ("#PERIOD#")
    assert tags.render_description("#CUSTOMER#", {"customer": None}) == "#CUSTOMER#"


def test_keys_any_case_and_lowercase_tags_untouched():
    assert tags.render_description("#CONTRACT# #contract#", {"CONTRACT": "C1"}) == ("C1 #contract#")


def test_known_tags_for_help():
    assert tags.KNOWN_TAGS == (
        "#START#",
        "#END#",
        "#CONTRACT#",
        "#PERIOD#",
        "#CUSTOMER#",
        "#PRODUCT#",
    )
