"""IBAN, CIN, BIC, creditor identifier, RF reference and charset helpers."""

import pytest

from odoo.addons.sepa_rid_cbi.tools import charset, iban
from odoo.addons.sepa_rid_cbi.tools.errors import DomainError, ValidationError


@pytest.mark.parametrize("value", [
    "IT60X0542811101000000123456", "it60 x054 2811 1010 0000 0123 456",
    "DE89370400440532013000", "FR1420041010050500013M02606",
    "GB29NWBK60161331926819", "NL91ABNA0417164300", "BE68539007547034",
])  # fmt: skip
def test_valid_iban(value):
    assert iban.validate_iban(value) == value.replace(" ", "").upper()


@pytest.mark.parametrize("value, fragment", [
    ("", "missing"),
    ("IT60X0542811101000000123457", "check digits"),
    ("IT60X054281110100000012345", "27 expected"),
    ("US60X0542811101000000123456", "not a SEPA country"),
    ("IT60-X054281110100000012345", "invalid characters"),
    ("DE89370400440532013001", "check digits"),
])  # fmt: skip
def test_invalid_iban(value, fragment):
    with pytest.raises(ValidationError, match=fragment):
        iban.validate_iban(value)
    assert not iban.is_valid_iban(value)


def test_italian_cin_known_value_and_mismatch():
    assert iban.cin("05428", "11101", "000000123456") == "X"
    # An IBAN whose mod-97 is right but whose CIN is wrong: recompute digits.
    bban = "A0542811101000000123456"
    digits = 98 - iban.mod97(bban + "IT00")
    with pytest.raises(ValidationError, match="CIN is A, X expected"):
        iban.validate_iban(f"IT{digits:02d}{bban}")


def test_italian_parts():
    assert iban.italian_parts("IT60X0542811101000000123456") == {
        "cin": "X",
        "abi": "05428",
        "cab": "11101",
        "account": "000000123456",
    }
    with pytest.raises(ValidationError, match="not Italian"):
        iban.italian_parts("DE89370400440532013000")


@pytest.mark.parametrize("value, ok", [
    ("BPPIITRRXXX", True), ("bppiitrr", True), ("BPPIITR", False),
    ("BPP1ITRRXXX", False), ("BPPIITRRXX", False),
])  # fmt: skip
def test_bic(value, ok):
    if ok:
        assert iban.validate_bic(value) == value.upper()
    else:
        with pytest.raises(ValidationError, match="not a valid BIC"):
            iban.validate_bic(value)


def test_creditor_identifier_check_digits_computed():
    # Check digits computed by ISO 7064 mod 97-10 over national id + IT00.
    assert iban.creditor_id_check_digits("IT", "A1B2C3D4E5F6G7H8") == "66"
    assert iban.make_creditor_id("IT", "A1B2C3D4E5F6G7H8") == ("IT66ZZZA1B2C3D4E5F6G7H8")
    # The business code is ignored by the check.
    assert iban.validate_creditor_id("IT66ABCA1B2C3D4E5F6G7H8")
    assert iban.validate_creditor_id("de98 zzz 09999999999") == "DE98ZZZ09999999999"


@pytest.mark.parametrize("value, fragment", [
    ("IT67ZZZA1B2C3D4E5F6G7H8", "66 expected"),
    ("IT66ZZ", "invalid structure"),
    ("", "missing"),
])  # fmt: skip
def test_invalid_creditor_identifier(value, fragment):
    with pytest.raises(ValidationError, match=fragment):
        iban.validate_creditor_id(value)


def test_rf_reference():
    assert iban.validate_rf_reference("RF18 5390 0754 7034") == "RF18539007547034"
    assert not iban.is_rf_reference("RF19539007547034")


def test_error_keeps_template_and_params():
    with pytest.raises(DomainError) as info:
        iban.validate_bic("X")
    assert info.value.message == "BIC %(bic)s is not a valid BIC."
    assert info.value.params == {"bic": "X"}


def test_sepa_charset():
    assert charset.is_sepa_text("Fattura n. 12/2024 (acconto) + saldo?")
    assert charset.invalid_sepa_chars("a&b_c") == ["&", "_"]
    assert charset.to_sepa("Società Perché Però Così Più ç ß €5") == (
        "Societa Perche Pero Cosi Piu c ss E5"
    )
    assert charset.to_sepa("  Dùe   spazi  ", 6) == "Due sp"
    assert charset.untranslatable_chars("Mario 中") == ["中"]


def test_cbi_charset_and_fixed_fields():
    assert charset.to_cbi("Città d'Àosta") == "CITTA D'AOSTA"
    assert charset.fixed_text("più", 5) == "PIU  "
    assert charset.fixed_number(42, 5) == "00042"
    with pytest.raises(ValidationError, match="does not fit 2 digits"):
        charset.fixed_number(123, 2)
    assert all(not c.islower() for c in charset.CBI_ALLOWED)
