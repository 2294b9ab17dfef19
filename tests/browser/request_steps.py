"""Walk the step-by-step request form in a browser, as a caregiver does (issue 11)."""

from tests.browser.checks import PageChecks


def answer_steps(page, answers: dict, checks: PageChecks | None = None, name: str = "") -> int:
    """Answer each step from `answers` until the check page; returns the questions seen.

    Radio and checkbox answers are values (a list for several); True ticks a single box; text
    is typed. On arrival at each page nothing may be chosen yet that the caregiver did not
    choose before. Stops on a page with an error, for the caller to look at.
    """
    questions = 0
    while "/stap/" in page.url:
        questions += page.locator(".question").count()
        if checks is not None:
            checks.check(page, f"{name} {page.url.split('/stap/')[1]}")
        for field, value in answers.items():
            if page.locator(f"[name={field}]").count() == 0:
                continue
            if value is True:
                page.check(f"input[name={field}]")
            elif page.locator(
                f"input[type=radio][name={field}], input[type=checkbox][name={field}]"
            ).count():
                for one in value if isinstance(value, list) else [value]:
                    page.check(f"input[name={field}][value='{one}']")
            else:
                page.fill(f"[name={field}]", value)
        page.get_by_role("button", name="Verder").click()
        page.wait_for_load_state()
        if page.locator(".error-summary").count():
            return questions
    return questions
