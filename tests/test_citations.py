from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean
from stdnum import isbn as stdnum_isbn

from picum import Citation, CitationType, Correction, FieldError, Isbn, Name
from picum._citations import isbn_10_of, isbn_13_of, isbn_problem


@pytest.mark.parametrize(
    "written",
    ["0-521-85490-3", "0521854903", "ISBN 0-521-85490-3", "978-0-521-85490-0", "9780521854900"],
)
def test_isbn_from_any_written_form(written: str) -> None:
    """Any usual way of writing an ISBN gives the same normalised ISBN-13 and ISBN-10."""
    assert Isbn(isbn_13="9780521854900", isbn_10="0521854903") == Isbn.from_string(written)


def test_isbn_979_has_no_isbn_10() -> None:
    """ISBN-13s in the 979 range have no ISBN-10."""
    assert Isbn(isbn_13="9791032305690") == Isbn.from_string("979-10-323-0569-0")


@pytest.mark.parametrize("written", ["0-521-85490-4", "978-0-521-85490-1", "12345", "not an isbn"])
def test_isbn_from_string_rejects_invalid_isbns(written: str) -> None:
    """A wrong check digit or length is a ValueError naming the input."""
    with pytest.raises(ValueError, match="is not a valid ISBN"):
        Isbn.from_string(written)


def test_isbn_formatted_is_hyphenated_by_ranges() -> None:
    """The printed form follows the ISBN registration groups."""
    assert "978-0-521-85490-0" == Isbn.from_string("0521854903").formatted()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"isbn_13": "978-0-521-85490-0"}, "isbn_13: write ISBNs as bare digits: '9780521854900'"),
        ({"isbn_13": "0521854903"}, "isbn_13: '0521854903' is not an ISBN-13"),
        (
            {"isbn_13": "97805218549"},
            "isbn_13: '97805218549' is not a valid ISBN: it is not 10 or 13 digits (978 or 979 first, for 13)",
        ),
        (
            {"isbn_13": "9780521854901"},
            "isbn_13: '9780521854901' is not a valid ISBN: its check digit is wrong",
        ),
        (
            {"isbn_13": "9780521854900", "isbn_10": "9780521854900"},
            "isbn_10: '9780521854900' is not an ISBN-10",
        ),
        (
            {"isbn_13": "9780521854900", "isbn_10": "0306406152"},
            "isbn_10: '0306406152' and '9780521854900' are different books",
        ),
    ],
)
def test_isbn_rejects(fields: dict[str, str], message: str) -> None:
    """An ISBN must be valid, normalised, of its length, and both numbers of one book."""
    with pytest.raises(FieldError) as caught:
        Isbn(**fields)

    assert message == str(caught.value)


def test_name_reads_given_then_family() -> None:
    """A name prints given names first, or the family name alone."""
    assert ["John D. R. Craig", "Craig"] == [
        str(Name(family="Craig", given="John D. R.")),
        str(Name(family="Craig")),
    ]


def test_correction_must_name_a_field_of_a_citation() -> None:
    """A correction of a field that citations do not have is an error at its path."""
    with pytest.raises(FieldError) as caught:
        Citation(
            id="x",
            type=CitationType.BOOK,
            title="A book",
            corrections=(
                Correction(field="colour", as_given="red", note="It was blue.", sources=("s",)),
            ),
            sources=("seed",),
        )

    assert "corrections[0].field: a citation has no field 'colour'" == str(caught.value)


def test_citation_needs_a_source() -> None:
    """A citation that names no source is an error."""
    with pytest.raises(FieldError, match="sources: must name at least one source"):
        Citation(id="x", type=CitationType.BOOK, title="A book", sources=())


@given(st.from_regex(r"97[89][0-9]{10}|[0-9]{9}[0-9X]|[0-9X]{10,13}", fullmatch=True))
def test_isbn_checks_agree_with_python_stdnum(digits: str) -> None:
    """Picum's ISBN check accepts exactly what python-stdnum accepts, and converts the same."""
    accepted = isbn_problem(digits) is None

    assert stdnum_isbn.is_valid(digits) == accepted
    if accepted and len(digits) == 10:
        assert stdnum_isbn.to_isbn13(digits) == isbn_13_of(digits)


@given(st.from_regex(r"97[89][0-9]{9}", fullmatch=True))
def test_isbn_10_of_agrees_with_python_stdnum(twelve: str) -> None:
    """The ISBN-10 of a 978 ISBN-13 is python-stdnum's; a 979 one has none."""
    isbn_13 = twelve + ean.calc_check_digit(twelve)

    assert (stdnum_isbn.to_isbn10(isbn_13) if twelve.startswith("978") else None) == isbn_10_of(
        isbn_13
    )


@given(
    st.from_regex(r"97[89][0-9]{9}", fullmatch=True),
    st.sampled_from(["{}", "ISBN {}", "ISBN {} ", " {}"]),
    st.booleans(),
)
def test_isbn_from_string_reads_what_python_stdnum_reads(
    twelve: str, written: str, hyphenated: bool
) -> None:
    """Any usual written form of a valid ISBN gives python-stdnum's normal forms."""
    isbn_13 = twelve + ean.calc_check_digit(twelve)
    text = stdnum_isbn.format(isbn_13) if hyphenated else isbn_13

    isbn = Isbn.from_string(written.format(text))

    assert (stdnum_isbn.compact(isbn_13), isbn_10_of(isbn_13)) == (isbn.isbn_13, isbn.isbn_10)
