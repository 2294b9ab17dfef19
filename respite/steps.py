"""The request form in steps: one topic per page, only the questions that apply.

GOV.UK's "one thing per page" pattern: each page asks about one topic, says why, and keeps
what was typed in the session, so Back and "Wijzigen" lose nothing. The longest path (spoed,
logeerzorg, 'Bel mij') asks 12 questions; a planned request for help at home asks 10.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.choices import Kind
from respite.choices import Urgency

Answers = Mapping[str, list[str]]


def _always(answers: Answers) -> bool:
    return True


def _urgent(answers: Answers) -> bool:
    return answers.get("urgency", [""])[0] == Urgency.URGENT


def _logeren(answers: Answers) -> bool:
    return Kind.LOGEERZORG.value in answers.get("kinds", [])


@dataclass(frozen=True)
class Question:
    """One question: one field, or a few fields answered together (from–to, a set of boxes)."""

    fields: tuple[str, ...]
    why: Promise
    legend: Promise | None = None
    boxes: bool = False  # tick boxes (yes/no fields): the answer is the ticked ones' labels


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    questions: tuple[Question, ...]
    applies: Callable[[Answers], bool] = field(default=_always)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for q in self.questions for name in q.fields)


STEPS: tuple[Step, ...] = (
    Step(
        "naaste",
        _("Over uw naaste"),
        (
            Question(("relationship",), _("Zo weten we hoe u bij elkaar hoort.")),
            Question(("age_group",), _("Voor kinderen, volwassenen en ouderen is er andere hulp.")),
            Question(
                ("situation",),
                _("Zo zoeken we hulp die past bij uw naaste. U hoeft geen diagnose te geven."),
            ),
        ),
    ),
    Step(
        "woonplaats",
        _("Waar woont uw naaste?"),
        (
            Question(
                ("where",),
                _("De gemeente waar uw naaste woont, behandelt de aanvraag en betaalt de hulp."),
            ),
        ),
    ),
    Step(
        "hulp",
        _("Welke hulp zoekt u?"),
        (
            Question(
                ("kinds",),
                _(
                    "Dan weet de consulent waar u aan denkt. Twijfelt u? Kies wat "
                    "het meest in de buurt komt; de consulent denkt met u mee."
                ),
            ),
        ),
    ),
    Step(
        "hoe-snel",
        _("Hoe snel heeft u hulp nodig?"),
        (Question(("urgency",), _("Bij spoed helpt de gemeente meteen, nog voor het onderzoek.")),),
    ),
    Step(
        "spoed",
        _("Waarom is het dringend?"),
        (
            Question(
                ("urgent_reason",),
                _("Dan kan de consulent inschatten hoe snel er iemand moet komen."),
            ),
        ),
        applies=_urgent,
    ),
    Step(
        "wanneer",
        _("Wanneer heeft u hulp nodig?"),
        (
            Question(
                ("start_date", "end_date", "weekdays", "duration"),
                _(
                    "Veel hulp moet u weken van tevoren aanvragen. En niet alle hulp kan op "
                    "elke dag, of zo lang als u wilt. Weet u het nog niet? Laat het dan leeg."
                ),
                legend=_("Wanneer? Vul in wat u al weet."),
            ),
            Question(
                ("at_home", "away_from_home", "evening", "night", "weekend"),
                _(
                    "Niet elke aanbieder helpt 's nachts of in het weekend. Zo zoeken we "
                    "wie er kan komen."
                ),
                legend=_("Waar en wanneer? U mag meer kiezen, of niets."),
                boxes=True,
            ),
        ),
    ),
    Step(
        "logeren",
        _("Logeren"),
        (
            Question(
                ("settling_in", "stay_together", "needs_closed", "needs_transport"),
                _(
                    "Niet elk logeerhuis heeft een wenperiode, een kamer voor twee, een "
                    "gesloten afdeling of vervoer. Dan zoeken we er een dat past."
                ),
                legend=_("Wat wilt u bij logeren? U mag meer kiezen, of niets."),
                boxes=True,
            ),
        ),
        applies=_logeren,
    ),
    Step(
        "toelichting",
        _("Wilt u nog iets vertellen?"),
        (
            Question(
                ("notes",),
                _("Dit is niet verplicht. Wat u hier schrijft, leest alleen de consulent."),
            ),
        ),
    ),
    Step(
        "contact",
        _("Hoe nemen we contact met u op?"),
        (
            Question(
                ("contact_method", "phone", "best_times"),
                _("Alleen om contact met u op te nemen over deze aanvraag."),
            ),
        ),
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}


def applicable(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def without_inapplicable(answers: Answers) -> dict[str, list[str]]:
    """Drop the answers of steps that no longer apply (a reason for spoed after 'gepland')."""
    dropped = {name for step in STEPS if not step.applies(answers) for name in step.fields}
    return {key: values for key, values in answers.items() if key not in dropped}


def next_step(current: Step, answers: Answers) -> Step | None:
    steps = applicable(answers)
    later = steps[steps.index(current) + 1 :] if current in steps else steps
    return later[0] if later else None


def previous_step(current: Step, answers: Answers) -> Step | None:
    earlier = [step for step in applicable(answers) if STEPS.index(step) < STEPS.index(current)]
    return earlier[-1] if earlier else None


def step_of(field_name: str) -> Step:
    return next(step for step in STEPS if field_name in step.fields)
