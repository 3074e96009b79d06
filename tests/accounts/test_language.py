"""Issue 18, point 3: the language chooser (top bar, login page) is remembered per person; without a choice
the browser's language decides; pages say which language they are in."""

from django.conf import settings
from django.urls import reverse

from accounts.models import Language, language_of

CHOOSE = reverse("language")
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": "secret-password-1"})


def test_a_signed_in_person_chooses_german_and_the_account_keeps_it(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(CHOOSE, {"language": "de", "next": "/dashboard/"})

    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert response.cookies[COOKIE].value == "de"
    assert response.cookies[COOKIE]["httponly"] and response.cookies[COOKIE]["samesite"] == "Lax"
    assert language_of(mav_staff) == "de"
    assert '<html lang="de">' in client.get(reverse("portal:home")).text


def test_the_next_login_on_another_browser_takes_the_accounts_language(client, mav_staff):
    Language.objects.create(user=mav_staff, code="pl")

    response = _login(client, mav_staff)

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "pl"
    assert '<html lang="pl">' in client.get(reverse("portal:home")).text


def test_a_language_chosen_on_the_login_page_becomes_the_accounts(client, mav_staff):
    Language.objects.create(user=mav_staff, code="pl")
    login_page = client.get(reverse("login"))
    assert f'action="{CHOOSE}"' in login_page.text  # the chooser is on the login page

    client.post(CHOOSE, {"language": "it", "next": reverse("login")})
    _login(client, mav_staff)

    assert Language.objects.get(user=mav_staff).code == "it"
    assert '<html lang="it">' in client.get(reverse("portal:home")).text


def test_without_a_choice_the_browsers_language_decides(client, mav_staff):
    client.force_login(mav_staff)

    page = client.get(reverse("portal:home"), headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})
    english = client.get(reverse("portal:home"), headers={"accept-language": "en-US"})
    unknown = client.get(reverse("portal:home"), headers={"accept-language": "ja"})

    assert '<html lang="fr">' in page.text and page["Content-Language"] == "fr"
    assert '<html lang="en-gb">' in english.text and '<html lang="en-gb">' in unknown.text
    assert language_of(mav_staff) == settings.LANGUAGE_CODE  # nothing stored without a choice


def test_a_language_not_offered_is_refused_with_a_message_and_nothing_kept(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(CHOOSE, {"language": "xx", "next": "/"}, follow=True)

    assert "Language: “xx” is not one of the languages offered here." in response.text
    assert COOKIE not in client.cookies and not Language.objects.exists()


def test_next_must_be_a_page_of_this_site(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(CHOOSE, {"language": "es", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_the_chooser_only_answers_a_post_with_the_csrf_token(mav_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(mav_staff)

    assert client.get(CHOOSE).status_code == 405
    assert client.post(CHOOSE, {"language": "de"}).status_code == 403
    assert not Language.objects.exists()


def test_the_top_bar_offers_the_six_languages_each_in_its_own_words(client, mav_staff):
    client.force_login(mav_staff)

    page = client.get(reverse("portal:home")).text

    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in page and f">{name}</button>" in page
    assert len(settings.LANGUAGES) == 6


def test_an_invitation_is_mailed_in_the_language_the_inviter_chose_and_the_account_starts_in_it(
    client, coordinator, project, settings
):
    """The invitation form offers the six languages (the inviter's own first chosen); the mail is written in
    the one chosen, and the account the invitation makes starts in it."""
    from django.core import mail
    from django.utils import translation

    from accounts.models import Invitation
    from accounts.people import services

    settings.EMAIL_CONFIGURED = True
    client.force_login(coordinator)
    invite = reverse("people:invite", args=[project.acronym])
    form = client.get(invite, headers={"accept-language": "it"}).text
    assert '<option value="it" selected>Italiano</option>' in form

    client.post(invite, {"email": "nowak@example.org", "role": "viewer", "partner": "", "language": "pl"})

    invitation = Invitation.objects.get(email="nowak@example.org")
    assert invitation.language == "pl"
    with translation.override("pl"):
        subject = translation.gettext("Invitation to %(project)s on the KPI tracker") % {
            "project": project.acronym
        }
    assert [m.subject for m in mail.outbox] == [subject]
    assert subject != f"Invitation to {project.acronym} on the KPI tracker"  # Polish, not English
    user = services.account_create(
        invitation=invitation, first_name="Jan", last_name="Nowak", password="x-Pass-9!q"
    )
    assert language_of(user) == "pl"
