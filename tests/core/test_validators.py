import pytest
from django.core.exceptions import ValidationError

from fund.applications.models import OrganisationType
from fund.applications.validators import normalise_registration_number
from fund.core.validators import count_words, normalise_phone, normalise_postcode

EW_MESSAGE = "Enter a charity number for England and Wales, which is 6 or 7 digits, like 1123456."
CIO_MESSAGE = "Enter the CIO's charity number, which is 6 or 7 digits, like 1123456."
SC_MESSAGE = "Enter a Scottish charity number, which is SC and 6 digits, like SC012345."
NI_MESSAGE = "Enter a Northern Ireland charity number, which is NIC and 6 digits, like NIC100002."
COMPANY_MESSAGE = "Enter a company number, which is 8 characters, like 01234567 or SC123456."
CIC_MESSAGE = "Enter the CIC's company number, which is 8 characters, like 01234567 or SC123456."
REQUIRED_MESSAGE = "Enter your organisation's registration number."
UNREGISTERED_MESSAGE = "Leave the registration number empty for a group that is not registered."
POSTCODE_MESSAGE = "Enter a real postcode, like LS1 2AB."
PHONE_MESSAGE = "Enter a UK telephone number, like 0113 496 0000 or +44 113 496 0000."


def error_text(func, *args):
    with pytest.raises(ValidationError) as excinfo:
        func(*args)
    return excinfo.value.messages


# --- Registration numbers: Charity Commission for England and Wales -----------------


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("1123456", "1123456"),
        ("212345", "212345"),
        (" 1123456 ", "1123456"),
        ("1123 456", "1123456"),
        ("1-123-456", "1123456"),
        ("\t1123456\n", "1123456"),
    ],
)
def test_england_and_wales_charity_number_of_6_or_7_digits_is_accepted(entered, stored):
    assert normalise_registration_number(OrganisationType.CHARITY_EW, entered) == stored


@pytest.mark.parametrize(
    "entered",
    ["12345", "12345678", "112345X", "SC012345", "NIC100002", "1123456-1", "one two"],
)
def test_england_and_wales_charity_number_in_another_format_is_refused(entered):
    assert error_text(normalise_registration_number, OrganisationType.CHARITY_EW, entered) == [
        EW_MESSAGE
    ]


@pytest.mark.parametrize(
    ("entered", "stored"),
    [("1188888", "1188888"), ("1188 888", "1188888"), ("1-188-888", "1188888")],
)
def test_cio_charity_number_is_accepted(entered, stored):
    assert normalise_registration_number(OrganisationType.CIO, entered) == stored


@pytest.mark.parametrize("entered", ["12345", "11888889", "CE012345", "SC012345"])
def test_cio_charity_number_in_another_format_is_refused_with_the_cio_message(entered):
    assert error_text(normalise_registration_number, OrganisationType.CIO, entered) == [CIO_MESSAGE]


# --- OSCR (Scotland) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("SC012345", "SC012345"),
        ("sc012345", "SC012345"),
        ("Sc012345", "SC012345"),
        ("SC 012345", "SC012345"),
        ("sc 012 345", "SC012345"),
        ("SC-012345", "SC012345"),
    ],
)
def test_scottish_charity_number_is_stored_as_sc_and_6_digits(entered, stored):
    assert normalise_registration_number(OrganisationType.CHARITY_SC, entered) == stored


@pytest.mark.parametrize(
    "entered", ["012345", "SC12345", "SC0123456", "SO012345", "NIC100002", "1123456"]
)
def test_scottish_charity_number_in_another_format_is_refused(entered):
    assert error_text(normalise_registration_number, OrganisationType.CHARITY_SC, entered) == [
        SC_MESSAGE
    ]


# --- Charity Commission for Northern Ireland ---------------------------------------------


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("NIC100002", "NIC100002"),
        ("100002", "NIC100002"),
        (" 100002 ", "NIC100002"),
        ("100 002", "NIC100002"),
        ("nic100002", "NIC100002"),
        ("NIC 100002", "NIC100002"),
        ("NIC 100 002", "NIC100002"),
        ("nic-100002", "NIC100002"),
    ],
)
def test_northern_ireland_charity_number_is_stored_with_nic_prefix(entered, stored):
    assert normalise_registration_number(OrganisationType.CHARITY_NI, entered) == stored


@pytest.mark.parametrize(
    "entered", ["NI100002", "NC100002", "10000", "1000023", "NIC10000", "NIC1000023", "SC100002"]
)
def test_northern_ireland_charity_number_in_another_format_is_refused(entered):
    assert error_text(normalise_registration_number, OrganisationType.CHARITY_NI, entered) == [
        NI_MESSAGE
    ]


# --- Companies House -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("01234567", "01234567"),
        ("12345678", "12345678"),
        ("1234567", "01234567"),
        ("123", "00000123"),
        ("0123 4567", "01234567"),
        ("0123-4567", "01234567"),
        ("SC123456", "SC123456"),
        ("sc123456", "SC123456"),
        ("sc 123 456", "SC123456"),
        ("NI-123456", "NI123456"),
        ("OC123456", "OC123456"),
    ],
)
def test_company_number_is_stored_as_8_characters(entered, stored):
    assert normalise_registration_number(OrganisationType.COMPANY, entered) == stored


@pytest.mark.parametrize(
    "entered", ["123456789", "S1234567", "SC12345", "SC1234567", "ABC12345", "12345A", "1234567X"]
)
def test_company_number_in_another_format_is_refused(entered):
    assert error_text(normalise_registration_number, OrganisationType.COMPANY, entered) == [
        COMPANY_MESSAGE
    ]


@pytest.mark.parametrize(
    ("entered", "stored"),
    [("01234567", "01234567"), ("1234567", "01234567"), ("sc 123456", "SC123456")],
)
def test_cic_company_number_is_stored_as_8_characters(entered, stored):
    assert normalise_registration_number(OrganisationType.CIC, entered) == stored


@pytest.mark.parametrize("entered", ["123456789", "SC12345", "CIC12345"])
def test_cic_company_number_in_another_format_is_refused_with_the_cic_message(entered):
    assert error_text(normalise_registration_number, OrganisationType.CIC, entered) == [CIC_MESSAGE]


# --- Required / unregistered -------------------------------------------------------------


@pytest.mark.parametrize(
    "organisation_type",
    [
        OrganisationType.CHARITY_EW,
        OrganisationType.CIO,
        OrganisationType.CHARITY_SC,
        OrganisationType.CHARITY_NI,
        OrganisationType.COMPANY,
        OrganisationType.CIC,
    ],
)
@pytest.mark.parametrize("entered", ["", None, "   ", " - "])
def test_registered_organisation_must_give_a_registration_number(organisation_type, entered):
    assert error_text(normalise_registration_number, organisation_type, entered) == [
        REQUIRED_MESSAGE
    ]


@pytest.mark.parametrize("entered", ["", None, "   ", "-"])
def test_unregistered_group_without_a_number_is_stored_blank(entered):
    assert normalise_registration_number(OrganisationType.UNREGISTERED, entered) == ""


@pytest.mark.parametrize("entered", ["1123456", "SC012345", "n/a", "none"])
def test_unregistered_group_that_gives_a_number_is_asked_to_leave_it_empty(entered):
    assert error_text(normalise_registration_number, OrganisationType.UNREGISTERED, entered) == [
        UNREGISTERED_MESSAGE
    ]


# --- Postcodes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("LS1 2AB", "LS1 2AB"),
        ("ls1 2ab", "LS1 2AB"),
        ("LS12AB", "LS1 2AB"),
        ("ls12ab", "LS1 2AB"),
        ("  LS1   2AB  ", "LS1 2AB"),
        ("BD7 1DP", "BD7 1DP"),
        ("HX1 1UJ", "HX1 1UJ"),
        ("WF1 2SD", "WF1 2SD"),
        ("hd12tg", "HD1 2TG"),
        ("M1 1AE", "M1 1AE"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("ec1a1bb", "EC1A 1BB"),
        ("LS10 1AB", "LS10 1AB"),
    ],
)
def test_postcode_is_stored_in_capitals_with_one_space(entered, stored):
    assert normalise_postcode(entered) == stored


@pytest.mark.parametrize(
    "entered",
    [
        "",
        None,
        "   ",
        "LS1",
        "LS1 2A",
        "LS1 2ABC",
        "12AB",
        "LS 2AB",
        "ABC1 2AB",
        "LS1 22B",
        "Leeds",
    ],
)
def test_postcode_not_in_uk_format_is_refused(entered):
    assert error_text(normalise_postcode, entered) == [POSTCODE_MESSAGE]


# --- Phone numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("0113 496 0000", "01134960000"),
        ("01134960000", "01134960000"),
        ("0113-496-0000", "01134960000"),
        ("(0113) 496 0000", "01134960000"),
        ("+44 113 496 0000", "+441134960000"),
        ("+441134960000", "+441134960000"),
        ("07700 900123", "07700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("016977 1234", "0169771234"),
    ],
)
def test_uk_phone_number_is_stored_without_spaces_or_punctuation(entered, stored):
    assert normalise_phone(entered) == stored


@pytest.mark.parametrize(
    "entered",
    [
        "",
        None,
        "113 496 0000",
        "0113 496",
        "0113 496 00001",
        "+1 202 555 0100",
        "0113 496 000O",
        "0113 496 0000 ext 2",
        "0113.496.0000",
    ],
)
def test_phone_number_not_in_uk_format_is_refused(entered):
    assert error_text(normalise_phone, entered) == [PHONE_MESSAGE]


# --- Word counts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        (None, 0),
        ("   \n\t ", 0),
        ("Youth club", 2),
        ("  Youth   club  ", 2),
        ("Youth club.\nOpen on Fridays.", 5),
        ("A well-being café", 3),
        ("one\ttwo\r\nthree", 3),
    ],
)
def test_word_count_counts_words_separated_by_any_whitespace(text, words):
    assert count_words(text) == words
