"""The alias table: the shipped default, user JSON/CSV files, and their errors."""

import pytest

from services.entities.aliases import (
    AliasTableError,
    default_alias_table,
    load_alias_table,
    parse_alias_table,
)


def test_default_table_names_the_united_states_for_its_abbreviations():
    table = default_alias_table()
    for alias in ("U.S.", "US", "USA", "United States of America"):
        canonical = table.lookup(alias)
        assert canonical is not None and canonical.name == "United States"
        assert canonical.type == "GPE"


def test_json_table_maps_plain_names_and_typed_names():
    table = parse_alias_table(
        '{"Xi": "Xi Jinping", "Bibi": {"name": "Benjamin Netanyahu", "type": "person"}}', fmt="json"
    )
    xi, bibi = table.lookup("xi"), table.lookup("Bibi")
    assert xi is not None and (xi.name, xi.type) == ("Xi Jinping", None)
    assert bibi is not None and (bibi.name, bibi.type) == ("Benjamin Netanyahu", "PERSON")


def test_json_table_may_be_a_list_of_rows():
    table = parse_alias_table('[{"alias": "MBS", "name": "Mohammed bin Salman"}]', fmt="json")
    assert table.lookup("MBS") is not None


def test_csv_table_with_header_comments_and_optional_type():
    text = "alias,name,type\n# a comment\nXi,Xi Jinping,PERSON\nGTA,Greater Toronto Area\n"
    table = parse_alias_table(text, fmt="csv")
    xi, gta = table.lookup("Xi"), table.lookup("GTA")
    assert xi is not None and xi.type == "PERSON"
    assert gta is not None and gta.name == "Greater Toronto Area" and gta.type is None


def test_user_file_extends_and_overrides_the_default(tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text('{"Xi": "Xi Jinping", "America": {"name": "Americas", "type": "LOC"}}')
    table = load_alias_table(str(path))
    assert table.lookup("Xi") is not None
    america, us = table.lookup("America"), table.lookup("U.S.")
    assert america is not None and america.name == "Americas"
    assert us is not None and us.name == "United States"


def test_no_path_loads_the_default_table():
    assert len(load_alias_table(None)) == len(default_alias_table()) > 0


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("{not json", "json"),
        ('{"Xi": 3}', "json"),
        ("[1, 2]", "json"),
        ("a,b,c,d", "csv"),
        (",x", "csv"),
    ],
)
def test_malformed_tables_raise_a_specific_error(text, fmt):
    with pytest.raises(AliasTableError):
        parse_alias_table(text, fmt=fmt)


def test_missing_file_raises_an_error_naming_the_path(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(AliasTableError, match="nope.csv"):
        load_alias_table(missing)
