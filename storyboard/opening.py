"""Chapter 0, the opening: what the title card says."""

from __future__ import annotations

from dataclasses import dataclass

from storyboard.options import LectureInfo

__all__ = ["TODAY", "TitleStory", "title_card"]

TODAY = LectureInfo(
    title="Calculus for Optimization",
    club="ML Math Club",
    presenter="Moataz Ben Trad",
    affiliation="Data Science student · ML/AI mentor · GDG on Campus ISAMM",
    agenda=(
        "Introduction to Optimization",
        "Derivatives and Partial Derivatives",
        "Gradient and Jacobian",
        "Gradient Descent",
        "Quiz",
        "Exercises and Coding Examples",
    ),
)
"""This lecture's title card."""


@dataclass(frozen=True)
class TitleStory:
    """The title card: who presents what, and the agenda.

    Attributes
    ----------
    club, title
        The club's name (may be empty) and the lecture's title.
    presenter
        Who presents (may be empty).
    affiliation
        The presenter's roles, one per line (items of the ``[lecture]`` text
        separated by ``·``).
    agenda
        The chapters to come, in order (may be empty).
    """

    club: str
    title: str
    presenter: str
    affiliation: tuple[str, ...]
    agenda: tuple[str, ...]

    @property
    def heading(self) -> str:
        """The first sentence: the club and the title."""
        return f"{self.club}: {self.title}." if self.club else f"{self.title}."

    @property
    def introduction(self) -> str:
        """Who presents, as a sentence; empty without a presenter."""
        if not self.presenter:
            return ""
        roles = ", ".join(self.affiliation)
        return f"Presented by {self.presenter}" + (f", {roles}." if roles else ".")

    @property
    def overview(self) -> str:
        """The agenda announced in one sentence; empty without an agenda."""
        if not self.agenda:
            return ""
        if len(self.agenda) == 1:
            return f"Today: {self.agenda[0]}."
        return f"Today, in {len(self.agenda)} parts: from {self.agenda[0]} to {self.agenda[-1]}."


def title_card(*, lecture: LectureInfo = TODAY) -> TitleStory:
    """Return what ``TitleCard`` shows: the ``[lecture]`` table's texts and the agenda.

    Parameters
    ----------
    lecture
        The lecture's title, club, presenter and affiliation, and its agenda (the
        chapters after the title card's own).

    Examples
    --------
    >>> story = title_card()
    >>> story.affiliation
    ('Data Science student', 'ML/AI mentor', 'GDG on Campus ISAMM')
    >>> story.overview
    'Today, in 6 parts: from Introduction to Optimization to Exercises and Coding Examples.'
    """
    roles = tuple(part.strip() for part in lecture.affiliation.split("·"))
    return TitleStory(
        club=lecture.club,
        title=lecture.title,
        presenter=lecture.presenter,
        affiliation=tuple(role for role in roles if role),
        agenda=lecture.agenda,
    )
