import pytest

from consortium.countries import CountryGroup, country_group, is_third_country, not_third_countries


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("DE", CountryGroup.EU),
        ("es", CountryGroup.EU),
        ("TR", CountryGroup.COSME),
        ("UA", CountryGroup.COSME),
        ("IN", CountryGroup.THIRD),
        ("AE", CountryGroup.THIRD),
        ("US", CountryGroup.THIRD),
        ("GB", CountryGroup.THIRD),
    ],
)
def test_countries_are_classified_from_the_data_file(code, group):
    assert country_group(code) == group


def test_third_countries_are_the_rest():
    assert is_third_country("JP")
    assert not is_third_country("PL")
    assert len(not_third_countries()) == 27 + 12
