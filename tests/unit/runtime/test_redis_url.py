from services.runtime.redis_url import redact


def test_a_password_is_replaced_and_host_port_db_kept():
    assert redact("redis://:s3cret@cache.internal:6380/2") == "redis://***@cache.internal:6380/2"


def test_a_user_and_password_are_both_hidden_in_a_tls_url():
    assert redact("rediss://admin:pw@h:6379/0?ssl_cert_reqs=required") == (
        "rediss://***@h:6379/0?ssl_cert_reqs=required"
    )


def test_a_url_without_credentials_is_unchanged():
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_a_password_query_parameter_is_hidden_and_the_others_kept():
    assert redact("redis://h:6379/0?password=s3cret&db=2&socket_timeout=5") == (
        "redis://h:6379/0?password=***&db=2&socket_timeout=5"
    )


def test_userinfo_and_a_password_parameter_are_both_hidden():
    redacted = redact("rediss://u:pw1@h:6379/0?PASSWORD=pw2&sentinel_password=pw3")
    assert "pw1" not in redacted and "pw2" not in redacted and "pw3" not in redacted
    assert redacted == "rediss://***@h:6379/0?PASSWORD=***&sentinel_password=***"


def test_a_unix_socket_url_with_a_password_is_hidden():
    assert redact("unix:///run/redis.sock?db=0&password=pw") == (
        "unix:///run/redis.sock?db=0&password=***"
    )
