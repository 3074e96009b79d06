from notifications.checks import site_url_set


def test_deploy_check_warns_while_site_url_is_the_default(settings):
    settings.SITE_URL = "http://127.0.0.1:8000/"
    assert [w.id for w in site_url_set(None)] == ["notifications.W001"]
    settings.SITE_URL = "https://kpi.example.org"
    assert site_url_set(None) == []
