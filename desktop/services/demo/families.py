"""The families of the demo ward: who lives in a household, their relations and ages.

A household has one of six shapes (one person, a couple, parents and children, a
single parent, a family with the head's parents, three generations); children are born
after their parents married and take their father's family name. Nothing here touches
the database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from desktop.services.demo.births import set_birth
from desktop.services.demo.names import NameMaker
from desktop.services.demo.peoples import DAO, HMONG, KINH, PEOPLES, People
from desktop.services.demo.person import HouseholdMember
from desktop.services.demo.weighted import Weighted

SINGLE, COUPLE, NUCLEAR, SINGLE_PARENT, WITH_PARENTS, THREE_GENERATIONS = (
    "single",
    "couple",
    "nuclear",
    "single_parent",
    "with_parents",
    "three_generations",
)
FAMILY_SHAPES: tuple[tuple[str, float], ...] = (
    (SINGLE, 12),
    (COUPLE, 17),
    (NUCLEAR, 45),
    (SINGLE_PARENT, 7),
    (WITH_PARENTS, 8),
    (THREE_GENERATIONS, 11),
)
MAX_MEMBERS = 7
OLDEST = 95

_PEOPLES = Weighted(PEOPLES)
_SHAPES = Weighted(FAMILY_SHAPES)
_CHILDREN_MINORITY = Weighted(((1, 15), (2, 35), (3, 35), (4, 15)))
_CHILDREN_KINH = Weighted(((1, 32), (2, 53), (3, 15)))


class FamilyMaker:
    """Makes the members of one household at a time: names, relations, ages, birth dates."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.names = NameMaker(rng, today)
        self._shapes: dict[str, Callable[[People], list[HouseholdMember]]] = {
            SINGLE: self._single,
            COUPLE: self._couple_only,
            NUCLEAR: self._nuclear,
            SINGLE_PARENT: self._single_parent,
            WITH_PARENTS: self._with_parents,
            THREE_GENERATIONS: self._three_generations,
        }

    def household(self) -> list[HouseholdMember]:
        """The members of a new household, head first, in register order."""
        people = _PEOPLES.pick(self.rng)
        shape = _SHAPES.pick(self.rng)
        members = self._shapes[shape](people)[:MAX_MEMBERS]
        for member in members:
            set_birth(self.rng, self.today, member)
        return members

    def person(
        self, people: People, family: str, gender: str, age: int, relation: str
    ) -> HouseholdMember:
        return HouseholdMember(
            full_name=self.names.full_name(people, family, gender, age),
            relation=relation,
            gender=gender,
            age=age,
            people=people.key,
        )

    def _gender(self) -> str:
        return "male" if self.rng.random() < 0.51 else "female"

    def _single(self, people: People) -> list[HouseholdMember]:
        age = self.rng.randint(20, 90)
        # Old people living alone are mostly widows.
        gender = "female" if age >= 65 and self.rng.random() < 0.7 else self._gender()
        return [self.person(people, self.names.family_name(people), gender, age, "Chủ hộ")]

    def _couple(
        self, people: People, husband_age: int, head_is_husband: bool
    ) -> tuple[HouseholdMember, HouseholdMember, str]:
        """Head and spouse; returns them and the husband's family name (the children's)."""
        husband_age = min(husband_age, OLDEST)
        wife_age = max(18, min(OLDEST, husband_age - self.rng.choice((-2, -1, 0, 1, 2, 3, 4, 6))))
        husband_family = self.names.family_name(people)
        wife_people = people if self.rng.random() < 0.9 else KINH
        wife_family = self.names.family_name(wife_people, unlike=husband_family)
        if head_is_husband:
            head = self.person(people, husband_family, "male", husband_age, "Chủ hộ")
            spouse = self.person(wife_people, wife_family, "female", wife_age, "Vợ")
        else:
            head = self.person(wife_people, wife_family, "female", wife_age, "Chủ hộ")
            spouse = self.person(people, husband_family, "male", husband_age, "Chồng")
        return head, spouse, husband_family

    def _head_is_husband(self) -> bool:
        return self.rng.random() < 0.78

    def _couple_only(self, people: People) -> list[HouseholdMember]:
        young = self.rng.random() < 0.35
        age = self.rng.randint(22, 30) if young else self.rng.randint(52, 88)
        head, spouse, _ = self._couple(people, age, self._head_is_husband())
        return [head, spouse]

    def _children(
        self, people: People, family: str, mother_age: int, wanted: int, oldest: int = 25
    ) -> list[HouseholdMember]:
        """Children born after their parents married, eldest first, still living at home."""
        low, high = people.marriage_ages
        married_for = mother_age - self.rng.randint(low, high)
        age = married_for - self.rng.randint(1, 3)
        children = []
        while len(children) < wanted and age >= 0:
            if age <= oldest:
                gender = self._gender()
                children.append(self.person(people, family, gender, age, "Con"))
            age -= self.rng.randint(2, 6)
        return children

    def _children_wanted(self, people: People) -> int:
        if people is HMONG or people is DAO:
            return _CHILDREN_MINORITY.pick(self.rng)
        return _CHILDREN_KINH.pick(self.rng)

    def _nuclear(self, people: People) -> list[HouseholdMember]:
        head, spouse, family = self._couple(
            people, self.rng.randint(25, 56), self._head_is_husband()
        )
        mother = head if head.gender == "female" else spouse
        children = self._children(people, family, mother.age, self._children_wanted(people))
        return [head, spouse, *children]

    def _single_parent(self, people: People) -> list[HouseholdMember]:
        gender = "female" if self.rng.random() < 0.8 else "male"
        age = self.rng.randint(28, 58)
        head = self.person(people, self.names.family_name(people), gender, age, "Chủ hộ")
        # The children carry their father's family name, whoever heads the household.
        family = (
            head.full_name.split(" ")[0] if gender == "male" else self.names.family_name(people)
        )
        mother_age = age if gender == "female" else max(18, age - self.rng.randint(0, 5))
        wanted = self.rng.choice((1, 1, 2))
        return [head, *self._children(people, family, mother_age, wanted)]

    def _with_parents(self, people: People) -> list[HouseholdMember]:
        members = self._nuclear(people)
        head = members[0]
        head_family = head.full_name.split(" ")[0]
        parents_age = head.age + self.rng.randint(22, 32)
        parents = []
        if parents_age <= OLDEST:
            if self.rng.random() < 0.55:
                parents.append(self.person(people, head_family, "male", parents_age, "Bố"))
            mother_age = max(head.age + 18, parents_age - self.rng.randint(0, 5))
            if mother_age <= OLDEST and (not parents or self.rng.random() < 0.7):
                mother_family = self.names.family_name(people, unlike=head_family)
                parents.append(self.person(people, mother_family, "female", mother_age, "Mẹ"))
        return [members[0], members[1], *parents, *members[2:]]

    def _three_generations(self, people: People) -> list[HouseholdMember]:
        head, spouse, family = self._couple(people, self.rng.randint(55, 80), True)
        mother = head if head.gender == "female" else spouse
        low, high = people.marriage_ages
        child_age = mother.age - self.rng.randint(low, high) - self.rng.randint(1, 3)
        if child_age < 22:
            return [head, spouse]
        if self.rng.random() < 0.75:  # a son, with his wife
            child = self.person(people, family, "male", child_age, "Con")
            in_law_age = max(19, child_age - self.rng.randint(0, 5))
            in_law_family = self.names.family_name(people, unlike=family)
            in_law = self.person(people, in_law_family, "female", in_law_age, "Con dâu")
            grandchild_family, young_mother = family, in_law
        else:  # a daughter, with her husband
            child = self.person(people, family, "female", child_age, "Con")
            in_law_age = min(OLDEST, child_age + self.rng.randint(0, 5))
            in_law_family = self.names.family_name(people, unlike=family)
            in_law = self.person(people, in_law_family, "male", in_law_age, "Con rể")
            grandchild_family, young_mother = in_law_family, child
        grandchildren = self._children(
            people, grandchild_family, young_mother.age, self._children_wanted(people), oldest=24
        )
        for grandchild in grandchildren:
            grandchild.relation = "Cháu"
        return [head, spouse, child, in_law, *grandchildren]
