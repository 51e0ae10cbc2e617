import pytest

from services.ingest.urls import InvalidUrl, canonical_url, identity_of


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM/Story/1", "https://news.example.com/Story/1"),
        ("https://news.example/a/b/", "https://news.example/a/b"),
        ("https://news.example", "https://news.example/"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:8443/a", "https://news.example:8443/a"),
        (
            "https://news.example/a?utm_source=x&UTM_Medium=y&id=3&fbclid=z",
            "https://news.example/a?id=3",
        ),
        ("https://news.example/a?b=2&a=1#section", "https://news.example/a?a=1&b=2"),
        ("https://[2001:db8::1]/a", "https://[2001:db8::1]/a"),
    ],
)
def test_urls_are_spelled_canonically(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    "url", ["/relative", "ftp://files.example/a", "mailto:a@b.example", "https://"]
)
def test_non_http_urls_are_invalid(url):
    with pytest.raises(InvalidUrl):
        canonical_url(url)


def test_http_and_https_spellings_share_an_identity():
    assert identity_of("http://news.example/a/") == identity_of("https://news.example/a")
