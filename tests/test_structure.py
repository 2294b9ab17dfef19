"""Where behaviour lives (issue 23): one access layer, and templates that compare with the
choices by name. These read the code as text; they fail when a new view or template slips
back into the old shapes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "accounts",
    "directory",
    "respite",
    "providers",
    "referrers",
    "selfcheck",
    "insight",
    "portal",
)


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
    allowed = {ROOT / "accounts" / "access.py", ROOT / "respite" / "access.py"}
    found = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in project_python()
        if path not in allowed
        for match in re.findall(r"^def (\w+_required)\(", path.read_text(), re.M)
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
    bare = re.compile(r'\.(status|state|urgency|decision|kind)\s*(==|!=)\s*["\'][a-z_-]+["\']')
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
        "respite/referral_new", {"offer": name, "municipality": "Midden-Drenthe", "link": "L"}
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

    from portal.templatetags.portal import ago

    now = timezone.now()
    assert ago(now) == "zojuist"  # not '0 minuten geleden'
    assert ago(now - timedelta(minutes=5)) == "5 minuten geleden"
    assert ago(now - timedelta(hours=1)) == "1 uur geleden"
    assert ago(now - timedelta(days=3)) == "3 dagen geleden"


# ---- The import graph (issue 23.1 and "Done when") --------------------------------------
# Apps from the bottom up: an app may import only from itself and the apps below it. portal's
# helpers (mail, forms, validators, the task queue) are the bottom; the site's wiring (settings,
# URLs, context processors, the schedule, project-wide commands and the demo accounts) is the
# top and may import anything, but nothing imports it.
LAYERS = (
    "portal",
    "accounts",
    "directory",
    "selfcheck",
    "respite",
    "providers",
    "referrers",
    "insight",
)
SITE = (
    "portal.settings",
    "portal.bench_settings",
    "portal.urls",
    "portal.bench_urls",
    "portal.wsgi",
    "portal.asgi",
    "portal.context_processors",
    "portal.schedule",
    "portal.demo",
    "portal.management.commands",
)


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _is_site(module: str) -> bool:
    return any(module == site or module.startswith(site + ".") for site in SITE)


def _imports(path: Path) -> set[str]:
    """Every module this file imports, at the top or inside a function (a lazy import hides a
    circle but does not end it); not what `if TYPE_CHECKING:` reads for type hints only."""
    import ast

    tree = ast.parse(path.read_text())
    skipped = {
        id(node)
        for guard in ast.walk(tree)
        if isinstance(guard, ast.If) and "TYPE_CHECKING" in ast.unparse(guard.test)
        for child in guard.body
        for node in ast.walk(child)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the project's modules it imports (a name imported from a module counts as
    that module)."""
    modules = {_module_name(path): path for path in project_python()}

    def resolve(name: str) -> str | None:
        parts = name.split(".")
        while parts:
            if ".".join(parts) in modules:
                return ".".join(parts)
            parts.pop()
        return None

    return {
        module: {
            target
            for name in _imports(path)
            if (target := resolve(name)) is not None and target != module
        }
        for module, path in modules.items()
    }


def test_every_app_imports_only_from_the_apps_below_it():
    wrong = []
    for module, targets in import_graph().items():
        for target in targets:
            if _is_site(target) and not _is_site(module):
                wrong.append(f"{module} -> {target} (the site's wiring)")
            elif not _is_site(module):
                here, there = module.split(".")[0], target.split(".")[0]
                if LAYERS.index(there) > LAYERS.index(here):
                    wrong.append(f"{module} -> {target} ({there} is above {here})")
    assert not wrong, "\n".join(sorted(wrong))


def circles_in(graph: dict[str, set[str]]) -> list[str]:
    """Each circle found by a depth-first walk, as 'a -> b -> a'."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    circles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return circles


def test_no_import_circle_inside_an_app():
    graph = import_graph()
    circles = []
    for app in LAYERS:
        inside = {
            module: {target for target in targets if target.split(".")[0] == app}
            for module, targets in graph.items()
            if module.split(".")[0] == app
        }
        circles += circles_in(inside)
    assert not circles, "\n".join(circles)


def test_the_import_graph_check_sees_a_lazy_import(tmp_path):
    """The check must not be fooled by an import inside a function."""
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from respite.models import Referral\n")
    guarded = tmp_path / "guarded.py"
    guarded.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import insight\n")
    assert "respite.models" in _imports(lazy)
    assert "insight" not in _imports(guarded)
    assert circles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a -> b -> c -> a"]
    assert circles_in({"a": {"b"}, "b": set()}) == []


def test_request_means_the_http_request_only():
    """The respite request is `respite_request` in models and services (issue 23.4)."""
    import ast

    from django.apps import apps

    fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name == "request"
    ]
    assert not fields, fields
    services = [*(ROOT / "respite" / "services").glob("*.py"), *(ROOT / "directory").glob("*.py")]
    services += [ROOT / "respite" / name for name in ("matching.py", "deadlines.py", "steps.py")]
    params = [
        f"{path.relative_to(ROOT)}: {node.name}"
        for path in services
        if path.name not in ("views.py",)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
        and any(arg.arg == "request" for arg in [*node.args.args, *node.args.kwonlyargs])
        and not any(
            arg.arg == "request"
            and arg.annotation is not None
            and "HttpRequest" in ast.unparse(arg.annotation)
            for arg in [*node.args.args, *node.args.kwonlyargs]
        )
    ]
    assert not params, params
