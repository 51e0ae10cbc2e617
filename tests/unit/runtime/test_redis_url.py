from services.runtime.redis_url import redact


def test_a_password_is_replaced_and_host_port_db_kept():
    assert redact("redis://:s3cret@cache.internal:6380/2") == "redis://***@cache.internal:6380/2"


def test_a_user_and_password_are_both_hidden_in_a_tls_url():
    assert redact("rediss://admin:pw@h:6379/0?ssl_cert_reqs=required") == (
        "rediss://***@h:6379/0?ssl_cert_reqs=required"
    )


def test_a_url_without_credentials_is_unchanged():
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
