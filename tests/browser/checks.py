"""Checks every page visited by the browser tests must pass, whoever is signed in.

- axe-core finds no WCAG 2.x A/AA violations;
- the <title> is plain text: no markup and no template syntax (issue 15.4);
- at 320 px wide nothing scrolls sideways (WCAG 1.4.10 reflow, issue 15.9);
- no answer is chosen for the user (a blank radio button ticked beforehand) and no library
  text is left in English ("- Select an option -", "---------") (issue 11);
- where a form came back with mistakes, focus is on the error summary and each of its links
  jumps to its field (issue 22.6).
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every rule of those tags runs; only violations come back with their elements. Handing
# over every pass with all its elements too made the public pages' checks a fifth slower.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
TITLE_MARKUP = ("<", ">", "{%", "%}", "{{", "}}", "{#")
SMALL_PHONE = 320
WIDE = 1280


def follow(locator) -> None:
    """Click a link or submit button and wait until the new page has loaded.

    Playwright's click waits only until the navigation it starts has committed: the new page
    may still be parsing, so `count()` or `content()` straight after it can read a half-built
    page (a count of 0 where the finished page has 2: seen once in CI).
    """
    locator.click()
    locator.page.wait_for_load_state()


def title_problem(page) -> str | None:
    title = page.title()
    if not title.strip():
        return "the page has no <title>"
    found = [mark for mark in TITLE_MARKUP if mark in title]
    return f"<title> holds {found}: {title!r}" if found else None


def reflow_problem(page, width: int = SMALL_PHONE) -> str | None:
    """Sideways scrolling at `width` px, with the widest elements named; the window is restored."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": before["height"] if before else 800})
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow <= 0:
            return None
        culprits = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .map(el => [el, el.getBoundingClientRect().right])
                .filter(([el, right]) => right > width)
                .sort((a, b) => b[1] - a[1])
                .slice(0, 5)
                .map(([el, right]) => `${el.tagName.toLowerCase()}.${el.className}@${right}`)""",
            width,
        )
        return f"{overflow}px too wide at {width}px; widest: {culprits}"
    finally:
        if before:
            page.set_viewport_size(before)


def choice_problem(page) -> str | None:
    found = page.evaluate(
        """() => {
            const problems = [];
            for (const radio of document.querySelectorAll('input[type=radio]')) {
                if (radio.checked && radio.value === '') {
                    problems.push('blank radio ticked: ' + radio.name);
                }
            }
            for (const option of document.querySelectorAll('option')) {
                if (/select an option|-{5,}/i.test(option.textContent)) {
                    problems.push('option text: ' + option.textContent.trim());
                }
            }
            return problems;
        }"""
    )
    return "; ".join(found) if found else None


def error_summary_problem(page) -> str | None:
    """GOV.UK's error summary, on any page that has one: focus was moved to it after the
    failed submit, and every link in it jumps to a field on the page (a group's first choice
    for radio buttons and checkboxes), which gets the focus when the link is followed."""
    return page.evaluate(
        """() => {
            const summary = document.querySelector('.error-summary');
            if (!summary) { return null; }
            const problems = [];
            const active = document.activeElement;
            if (active !== summary && !summary.contains(active)) {
                problems.push('focus is on ' + active.tagName + ', not on the error summary');
            }
            for (const link of summary.querySelectorAll('a')) {
                const href = link.getAttribute('href') || '';
                const target = href.length > 1 ? document.getElementById(href.slice(1)) : null;
                if (!href.startsWith('#') || !target) {
                    problems.push('link "' + href + '" has no field on the page');
                } else if (!target.matches('input, select, textarea')) {
                    problems.push(href + ' is a ' + target.tagName + ', not a field');
                }
            }
            const first = summary.querySelector('a[href^="#"]');
            if (first && !problems.length) {
                first.click();
                if (document.activeElement.id !== first.getAttribute('href').slice(1)) {
                    problems.push('following ' + first.getAttribute('href') + ' left focus on '
                        + document.activeElement.tagName);
                }
                summary.focus();
            }
            return problems.length ? problems.join('; ') : null;
        }"""
    )


class PageChecks:
    """Runs every check on each page it is shown and keeps the failures for one assertion."""

    def __init__(self, both_widths: bool = False):
        """both_widths: axe also at the other of 320 and 1280 px than the page is shown at
        (the crawl of every page and the issue 11 flows; the other flows check one width)."""
        self.axe = Axe()
        self.both_widths = both_widths
        self.failures: dict[str, str] = {}

    def _axe(self, page, name: str) -> None:
        try:
            result = self.axe.run(page, options=AXE_OPTIONS)
        except PlaywrightError:
            # A flow that clicked a link and checks at once can catch the old page being
            # replaced (axe then finds no document: seen once in CI). Check the new one.
            page.wait_for_load_state()
            result = self.axe.run(page, options=AXE_OPTIONS)
        if result.violations_count:
            self.failures[f"{name} (axe)"] = result.generate_report()

    def check(self, page, name: str, both_widths: bool | None = None, axe: bool = True) -> None:
        """axe=False: the page's shape was axe-checked already (the crawl: the same route for
        an earlier role); the other checks still run."""
        page.wait_for_load_state()
        if axe:
            self._axe(page, name)
        before = page.viewport_size
        if axe and (self.both_widths if both_widths is None else both_widths) and before:
            other = WIDE if before["width"] <= SMALL_PHONE else SMALL_PHONE
            page.set_viewport_size({"width": other, "height": before["height"]})
            try:
                self._axe(page, f"{name} at {other}px")
            finally:
                page.set_viewport_size(before)
        for kind, problem in (
            ("title", title_problem(page)),
            ("reflow", reflow_problem(page)),
            ("choices", choice_problem(page)),
            ("error summary", error_summary_problem(page)),
        ):
            if problem:
                self.failures[f"{name} ({kind})"] = problem

    def assert_clean(self) -> None:
        assert not self.failures, "\n\n".join(f"{k}:\n{v}" for k, v in self.failures.items())
