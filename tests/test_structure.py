"""Where behaviour lives (issue 23): one access layer, and templates that compare with the
choices by name. These read the code as text; they fail when a new view or template slips
back into the old shapes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "directory", "respite", "providers", "selfcheck", "insight", "portal")


def project_python() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_no_role_decorator_outside_the_access_layer():
    """Six same-shape decorators (editor_required, consultant_required, …) became one:
    accounts.access.role_required(RoleKind.…). A caregiver's sign-in step is not a role."""
    allowed = {ROOT / "accounts" / "access.py"}
    found = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in project_python()
        if path not in allowed
        for match in re.findall(r"^def (\w+_required)\(", path.read_text(), re.M)
        if match != "caregiver_sign_in_required"
    ]
    assert not found, found


def test_views_ask_the_access_layer_not_role_literals():
    literal = re.compile(r'"(redacteur|consulent|beleidsmedewerker|aanbieder)"\s+(not )?in\b')
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in [*project_python(), *(ROOT / "templates").rglob("*.html")]
        for m in literal.finditer(path.read_text())
    ]
    assert not found, found


def test_templates_compare_with_the_choices_by_name():
    """`req.status == RequestStatus.CLOSED`, not `req.status == "afgerond"` (a renamed value
    would silently make the condition false)."""
    bare = re.compile(r'\.(status|state|urgency|decision|kind)\s*(==|!=)\s*["\'][a-z_]+["\']')
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for m in bare.finditer(path.read_text())
    ]
    assert not found, found


def test_mail_bodies_live_in_templates_and_links_come_from_absolute_url():
    """Every mail is templates/mail/<app>/<event>_subject.txt and _message.txt, sent with
    portal.mail.send (allauth's own mails come through its adapter, also from templates)."""
    senders = {
        str(path.relative_to(ROOT))
        for path in project_python()
        if "queue_mail(" in path.read_text()
    }
    assert senders == {
        "portal/mail.py",
        "accounts/adapter.py",  # allauth's mails, rendered from templates/account/email/
        "directory/management/commands/send_review_reminders.py",  # portal.mail.render()
    }
    concatenated = [
        str(path.relative_to(ROOT))
        for path in project_python()
        if re.search(r"SITE_URL\s*\+", path.read_text())
    ]
    assert not concatenated, concatenated
    names = {
        str(path.relative_to(ROOT / "templates" / "mail"))[: -len("_message.txt")]
        for path in (ROOT / "templates" / "mail").rglob("*_message.txt")
        if not path.name.startswith("_")
    }
    for name in names:
        assert (ROOT / "templates" / "mail" / f"{name}_subject.txt").exists(), name
    assert len(names) >= 25


def test_mail_text_is_never_html_escaped():
    from portal.mail import render

    name = "Logeerboerderij 't Boshuis & <Zn>"
    subject, body = render(
        "providers/referral_new", {"offer": name, "municipality": "Midden-Drenthe", "link": "L"}
    )
    assert subject == f"Nieuwe aanmelding voor {name}"
    assert f"aangemeld voor {name}." in body and "&amp;" not in body and "&#x27;" not in body


def test_the_readme_is_what_a_newcomer_needs_and_its_links_resolve():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    for section in ("## Two commands", "## Try it", "## Configuration", "## Operations"):
        assert section in readme
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
    for unit in ("mantelzorg-web.service", "mantelzorg-worker.service", "env.example"):
        assert (ROOT / "deploy" / unit).exists(), unit


def test_times_ago_in_words():
    from datetime import timedelta

    from django.utils import timezone

    from directory.templatetags.directory import ago

    now = timezone.now()
    assert ago(now) == "zojuist"  # not '0 minuten geleden'
    assert ago(now - timedelta(minutes=5)) == "5 minuten geleden"
    assert ago(now - timedelta(hours=1)) == "1 uur geleden"
    assert ago(now - timedelta(days=3)) == "3 dagen geleden"
