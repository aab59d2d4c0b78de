"""The people of the demo ward: names, families, ID numbers, phones and statuses.

Everything here is drawn from one `random.Random`, so the same seed and the same day
give the same ward. Names follow the peoples of Lào Cai: Kinh, Hmong (Mông), Dao and
Tày/Giáy/Nùng, with their own family and middle names; children take their father's
family name. Nothing here touches the database.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

from desktop.domain.eligibility import (
    ADULT_AGE,
    LEVEL2_MIN_AGE,
    ResidentStatus,
    check_level2_allowed,
)
from desktop.domain.errors import InvalidValue

T = TypeVar("T")

# --- Static word lists -----------------------------------------------------------------

# Streets of Lào Cai city, with the word people put before the name.
STREETS: tuple[tuple[str, str], ...] = (
    ("đường", "Hoàng Liên"),
    ("đường", "Nguyễn Huệ"),
    ("đường", "Hồng Hà"),
    ("phố", "Cốc Lếu"),
    ("đường", "Phan Đình Phùng"),
    ("phố", "Lê Lợi"),
    ("đường", "Hoàng Sào"),
    ("đường", "Nhạc Sơn"),
    ("đường", "Thủy Hoa"),
    ("phố", "Lương Khánh Thiện"),
    ("đường", "Minh Khai"),
    ("phố", "Trần Phú"),
    ("đường", "Duyên Hải"),
    ("phố", "Kim Đồng"),
    ("đường", "Ngô Quyền"),
    ("phố", "Quy Hóa"),
    ("đường", "Lý Công Uẩn"),
    ("phố", "Phạm Văn Xô"),
    ("phố", "Nguyễn Du"),
    ("phố", "Lê Văn Tám"),
    ("phố", "Cù Chính Lan"),
    ("phố", "Tuệ Tĩnh"),
    ("phố", "Võ Thị Sáu"),
    ("đường", "Hàm Nghi"),
    ("phố", "Lê Quý Đôn"),
    ("phố", "Nguyễn Trãi"),
    ("đường", "Sơn Đạo"),
    ("phố", "Hàm Rồng"),
    ("đường", "Điện Biên"),
    ("phố", "Hoàng Hoa Thám"),
    ("phố", "Trần Đăng Ninh"),
    ("phố", "Đặng Trần Côn"),
    ("phố", "Hoàng Văn Thụ"),
    ("đường", "Trần Hưng Đạo"),
)

# Kinh family names, with rough weights for northern Vietnam.
KINH_FAMILIES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 34),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 5),
    ("Phan", 3),
    ("Đỗ", 3),
    ("Bùi", 3),
    ("Đặng", 2.5),
    ("Ngô", 2),
    ("Dương", 1.5),
    ("Đinh", 1.5),
    ("Đào", 1.5),
    ("Trịnh", 1.2),
    ("Lương", 1),
    ("Hà", 1),
    ("Mai", 0.8),
    ("Cao", 0.8),
    ("Tạ", 0.6),
    ("Đoàn", 0.6),
    ("Lưu", 0.5),
    ("Phùng", 0.5),
    ("Vương", 0.4),
    ("Kiều", 0.3),
    ("Tô", 0.3),
    ("Hồ", 0.3),
)
KINH_MALE_MIDDLES = ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Mạnh")
KINH_MALE_MIDDLES_YOUNG = ("Minh", "Đức", "Gia", "Bảo", "Quang", "Anh", "Hoàng", "Đăng", "Văn")
KINH_FEMALE_MIDDLES = ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Minh", "Thùy")
KINH_FEMALE_MIDDLES_YOUNG = ("Ngọc", "Khánh", "Bảo", "Phương", "Minh", "Thảo", "Hà", "Thu", "Thị")
KINH_MALE_GIVEN = (
    "An", "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu",
    "Hòa", "Hùng", "Hưng", "Huy", "Khánh", "Kiên", "Lâm", "Long", "Mạnh", "Minh",
    "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
    "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Lợi", "Ước",
)  # fmt: skip
KINH_MALE_GIVEN_OLD = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Bảy", "Tám", "Chiến", "Lộc", "Phú")
KINH_MALE_GIVEN_YOUNG = ("Khôi", "Khang", "Bảo", "Huy", "Phát", "Lâm", "Minh", "Nam", "An", "Quân")
KINH_FEMALE_GIVEN = (
    "Ánh", "Anh", "Chi", "Dung", "Đào", "Hà", "Hằng", "Hạnh", "Hoa", "Hồng",
    "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Ngọc",
    "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Uyên",
    "Vân", "Yến", "Xuân", "Lý", "Duyên",
)  # fmt: skip
KINH_FEMALE_GIVEN_OLD = ("Thơm", "Ước", "Tý", "Nụ", "Gái", "Hợi", "Mận", "Đào", "Lài", "Chín")
KINH_FEMALE_GIVEN_YOUNG = ("Nhi", "Vy", "Hân", "An", "Châu", "Linh", "Anh", "Trâm", "My", "Ngân")

# Hmong (Mông) clans; men's middle names "A" or "Seo", women's "Thị" or "Mí".
HMONG_FAMILIES = (
    ("Giàng", 5), ("Lù", 3), ("Thào", 4), ("Vàng", 4), ("Sùng", 3),
    ("Mùa", 2), ("Lý", 3), ("Hầu", 1.5), ("Tráng", 1), ("Cứ", 1),
)  # fmt: skip
HMONG_MALE_MIDDLES = ("A", "A", "Seo", "Seo", "Seo", "Văn")
HMONG_FEMALE_MIDDLES = ("Thị", "Thị", "Thị", "Mí")
HMONG_MALE_GIVEN = (
    "Sử", "Páo", "Dình", "Chứ", "Lử", "Phử", "Pao", "Sình", "Chư", "Súa",
    "Chô", "Tủa", "Lầu", "Sểnh", "Sấu", "Chinh", "Dìn", "Sà", "Lềnh", "Vư",
)  # fmt: skip
HMONG_FEMALE_GIVEN = (
    "Mỷ", "Dở", "Mai", "Chu", "Xí", "Sua", "Dua", "Pà", "Dế", "Mẩy",
    "Sinh", "Mó", "Chía", "Cở", "Lìa", "Sáy", "Pằng", "Dính",
)  # fmt: skip

# Dao (Dao đỏ in Lào Cai); men's middle names "Láo", women's "Mý" or "Tả".
DAO_FAMILIES = (("Tẩn", 4), ("Lý", 3), ("Bàn", 2), ("Chảo", 3), ("Phàn", 3), ("Triệu", 2))
DAO_MALE_MIDDLES = ("Láo", "Láo", "Láo", "Văn", "Phủ")
DAO_FEMALE_MIDDLES = ("Mý", "Mý", "Tả", "Thị")
DAO_MALE_GIVEN = (
    "Lở", "Sành", "Quẩy", "Vần", "Chàn", "Phù", "Sử", "Tả", "Chỏi", "Lìn", "Kiềm", "Phin",
)  # fmt: skip
DAO_FEMALE_GIVEN = ("Chài", "Mẩy", "Dín", "Chòi", "Sảy", "Liếm", "Xiêm", "Mây", "Lai", "Nái")

# Tày, Giáy and Nùng names follow the Kinh pattern with their own family names.
TAY_FAMILIES = (
    ("Hoàng", 4), ("Nông", 3), ("Lục", 2), ("Lò", 3), ("Hà", 2),
    ("Lương", 1.5), ("Vi", 1), ("Ma", 1), ("Vương", 1), ("Đàm", 0.5),
)  # fmt: skip

# Birth-registration provinces of people who moved to Lào Cai city, with weights.
MIGRANT_PROVINCES: tuple[tuple[str, float], ...] = (
    ("015", 6),  # Yên Bái
    ("025", 5),  # Phú Thọ
    ("001", 5),  # Hà Nội
    ("036", 4),  # Nam Định
    ("034", 4),  # Thái Bình
    ("030", 3),  # Hải Dương
    ("033", 2),  # Hưng Yên
    ("038", 3),  # Thanh Hóa
    ("040", 2),  # Nghệ An
    ("002", 3),  # Hà Giang
    ("012", 2),  # Lai Châu
    ("008", 2),  # Tuyên Quang
    ("026", 2),  # Vĩnh Phúc
    ("024", 1),  # Bắc Giang
    ("031", 1),  # Hải Phòng
    ("014", 1),  # Sơn La
    ("079", 0.5),  # TP Hồ Chí Minh
)
LAO_CAI = "010"

# Mobile prefixes in use (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile).
MOBILE_PREFIXES = (
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    "088", "091", "094", "081", "082", "083", "084", "085",
    "089", "090", "093", "070", "076", "077", "078", "079",
    "092", "056", "058", "099", "059",
)  # fmt: skip
LANDLINE_PREFIX = "0214"  # Lào Cai

RESIDENT_NOTES = (
    "Đi làm ăn xa",
    "Đang học đại học ở Hà Nội",
    "Tạm vắng",
    "Đi làm công nhân ở Bắc Ninh",
)


# --- Peoples and families ------------------------------------------------------------


@dataclass(frozen=True)
class People:
    """How one people names its children and when it marries."""

    key: str
    families: tuple[tuple[str, float], ...]
    male_middles: tuple[str, ...]
    female_middles: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    marriage_ages: tuple[int, int]  # the wife's age at marriage
    exogamous: bool  # spouses never share a family name (Hmong clans)


KINH = People(
    "kinh",
    KINH_FAMILIES,
    KINH_MALE_MIDDLES,
    KINH_FEMALE_MIDDLES,
    KINH_MALE_GIVEN,
    KINH_FEMALE_GIVEN,
    (20, 28),
    False,
)
HMONG = People(
    "hmong",
    HMONG_FAMILIES,
    HMONG_MALE_MIDDLES,
    HMONG_FEMALE_MIDDLES,
    HMONG_MALE_GIVEN,
    HMONG_FEMALE_GIVEN,
    (17, 22),
    True,
)
DAO = People(
    "dao",
    DAO_FAMILIES,
    DAO_MALE_MIDDLES,
    DAO_FEMALE_MIDDLES,
    DAO_MALE_GIVEN,
    DAO_FEMALE_GIVEN,
    (18, 23),
    True,
)
TAY = People(
    "tay",
    TAY_FAMILIES,
    KINH_MALE_MIDDLES,
    KINH_FEMALE_MIDDLES,
    KINH_MALE_GIVEN,
    KINH_FEMALE_GIVEN,
    (19, 25),
    False,
)
# About one household in five belongs to a minority people.
PEOPLES: tuple[tuple[People, float], ...] = ((KINH, 80), (HMONG, 7), (DAO, 5), (TAY, 8))

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


@dataclass(slots=True)
class Member:
    """One person of a demo household, before the database gives them an id."""

    full_name: str
    relation: str
    gender: str
    age: int
    people: str
    birth_date: date | None = None
    birth_year: int = 0
    birth_province: str = LAO_CAI
    personal_id: str | None = None
    phone: str | None = None
    has_chip_card: bool | None = None
    vneid_level: int = 0
    vneid_level_changed_on: date | None = None
    app_114: bool | None = None
    documents_integrated: bool | None = None
    notes: str | None = None


class Weighted(Generic[T]):
    """Picks values with given weights; the same draws as random.choices, but cheaper."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        pairs = list(pairs)
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


_FAMILY_NAMES = {people.key: Weighted(people.families) for people, _ in PEOPLES}
_PEOPLES = Weighted(PEOPLES)
_SHAPES = Weighted(FAMILY_SHAPES)
_MIGRANT_PROVINCES = Weighted(MIGRANT_PROVINCES)
_CHILDREN_MINORITY = Weighted(((1, 15), (2, 35), (3, 35), (4, 15)))
_CHILDREN_KINH = Weighted(((1, 32), (2, 53), (3, 15)))


class FamilyMaker:
    """Makes the members of one household at a time: names, relations, ages, birth dates."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today

    def household(self) -> list[Member]:
        """The members of a new household, head first, in register order."""
        people = _PEOPLES.pick(self.rng)
        shape = _SHAPES.pick(self.rng)
        members = {
            SINGLE: self._single,
            COUPLE: self._couple_only,
            NUCLEAR: self._nuclear,
            SINGLE_PARENT: self._single_parent,
            WITH_PARENTS: self._with_parents,
            THREE_GENERATIONS: self._three_generations,
        }[shape](people)
        members = members[:MAX_MEMBERS]
        for member in members:
            self._set_birth(member)
        return members

    # Names ----------------------------------------------------------------------------

    def family_name(self, people: People, unlike: str | None = None) -> str:
        """A family name of the people; a different one from `unlike` where custom says so."""
        while True:
            family = _FAMILY_NAMES[people.key].pick(self.rng)
            if not (people.exogamous and family == unlike):
                return family

    def full_name(self, people: People, family: str, gender: str, age: int) -> str:
        """ "Nguyễn Thị Ước", "Giàng A Sử", "Tẩn Láo Lở": family, middle and given name."""
        born = self.today.year - age
        male = gender == "male"
        if people is KINH or people is TAY:
            middles, given = self._kinh_style_words(male, born)
        else:
            middles = people.male_middles if male else people.female_middles
            given = people.male_given if male else people.female_given
            if born >= 2000 and self.rng.random() < 0.3:  # young ones often get Kinh names
                given = KINH_MALE_GIVEN if male else KINH_FEMALE_GIVEN
        return f"{family} {self.rng.choice(middles)} {self.rng.choice(given)}"

    def _kinh_style_words(self, male: bool, born: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if male:
            middles = KINH_MALE_MIDDLES_YOUNG if born >= 2005 else KINH_MALE_MIDDLES
            given = KINH_MALE_GIVEN
            if born < 1960 and self.rng.random() < 0.4:
                given = KINH_MALE_GIVEN_OLD
            elif born >= 2005 and self.rng.random() < 0.5:
                given = KINH_MALE_GIVEN_YOUNG
        else:
            middles = KINH_FEMALE_MIDDLES_YOUNG if born >= 2005 else KINH_FEMALE_MIDDLES
            given = KINH_FEMALE_GIVEN
            if born < 1960 and self.rng.random() < 0.4:
                given = KINH_FEMALE_GIVEN_OLD
            elif born >= 2005 and self.rng.random() < 0.5:
                given = KINH_FEMALE_GIVEN_YOUNG
        return middles, given

    def person(self, people: People, family: str, gender: str, age: int, relation: str) -> Member:
        return Member(
            full_name=self.full_name(people, family, gender, age),
            relation=relation,
            gender=gender,
            age=age,
            people=people.key,
        )

    def _gender(self) -> str:
        return "male" if self.rng.random() < 0.51 else "female"

    # Family shapes --------------------------------------------------------------------

    def _single(self, people: People) -> list[Member]:
        age = self.rng.randint(20, 90)
        # Old people living alone are mostly widows.
        gender = "female" if age >= 65 and self.rng.random() < 0.7 else self._gender()
        return [self.person(people, self.family_name(people), gender, age, "Chủ hộ")]

    def _couple(
        self, people: People, husband_age: int, head_is_husband: bool
    ) -> tuple[Member, Member, str]:
        """Head and spouse; returns them and the husband's family name (the children's)."""
        husband_age = min(husband_age, OLDEST)
        wife_age = max(18, min(OLDEST, husband_age - self.rng.choice((-2, -1, 0, 1, 2, 3, 4, 6))))
        husband_family = self.family_name(people)
        wife_people = people if self.rng.random() < 0.9 else KINH
        wife_family = self.family_name(wife_people, unlike=husband_family)
        if head_is_husband:
            head = self.person(people, husband_family, "male", husband_age, "Chủ hộ")
            spouse = self.person(wife_people, wife_family, "female", wife_age, "Vợ")
        else:
            head = self.person(wife_people, wife_family, "female", wife_age, "Chủ hộ")
            spouse = self.person(people, husband_family, "male", husband_age, "Chồng")
        return head, spouse, husband_family

    def _head_is_husband(self) -> bool:
        return self.rng.random() < 0.78

    def _couple_only(self, people: People) -> list[Member]:
        young = self.rng.random() < 0.35
        age = self.rng.randint(22, 30) if young else self.rng.randint(52, 88)
        head, spouse, _ = self._couple(people, age, self._head_is_husband())
        return [head, spouse]

    def _children(
        self, people: People, family: str, mother_age: int, wanted: int, oldest: int = 25
    ) -> list[Member]:
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

    def _nuclear(self, people: People) -> list[Member]:
        head, spouse, family = self._couple(
            people, self.rng.randint(25, 56), self._head_is_husband()
        )
        mother = head if head.gender == "female" else spouse
        children = self._children(people, family, mother.age, self._children_wanted(people))
        return [head, spouse, *children]

    def _single_parent(self, people: People) -> list[Member]:
        gender = "female" if self.rng.random() < 0.8 else "male"
        age = self.rng.randint(28, 58)
        head = self.person(people, self.family_name(people), gender, age, "Chủ hộ")
        # The children carry their father's family name, whoever heads the household.
        family = head.full_name.split(" ")[0] if gender == "male" else self.family_name(people)
        mother_age = age if gender == "female" else max(18, age - self.rng.randint(0, 5))
        wanted = self.rng.choice((1, 1, 2))
        return [head, *self._children(people, family, mother_age, wanted)]

    def _with_parents(self, people: People) -> list[Member]:
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
                mother_family = self.family_name(people, unlike=head_family)
                parents.append(self.person(people, mother_family, "female", mother_age, "Mẹ"))
        return [members[0], members[1], *parents, *members[2:]]

    def _three_generations(self, people: People) -> list[Member]:
        head, spouse, family = self._couple(people, self.rng.randint(55, 80), True)
        mother = head if head.gender == "female" else spouse
        low, high = people.marriage_ages
        child_age = mother.age - self.rng.randint(low, high) - self.rng.randint(1, 3)
        if child_age < 22:
            return [head, spouse]
        son = self.rng.random() < 0.75
        if son:
            child = self.person(people, family, "male", child_age, "Con")
            in_law_age = max(19, child_age - self.rng.randint(0, 5))
            in_law_family = self.family_name(people, unlike=family)
            in_law = self.person(people, in_law_family, "female", in_law_age, "Con dâu")
            grandchild_family, young_mother = family, in_law
        else:
            child = self.person(people, family, "female", child_age, "Con")
            in_law_age = min(OLDEST, child_age + self.rng.randint(0, 5))
            in_law_family = self.family_name(people, unlike=family)
            in_law = self.person(people, in_law_family, "male", in_law_age, "Con rể")
            grandchild_family, young_mother = in_law_family, child
        grandchildren = self._children(
            people, grandchild_family, young_mother.age, self._children_wanted(people), oldest=24
        )
        for grandchild in grandchildren:
            grandchild.relation = "Cháu"
        return [head, spouse, child, in_law, *grandchildren]

    # Birth ----------------------------------------------------------------------------

    def _set_birth(self, member: Member) -> None:
        """A real birth date giving the member's age today; a bare year for a few elders."""
        member.birth_date = birth_date_for_age(self.rng, self.today, member.age)
        member.birth_year = member.birth_date.year
        bare_year_chance = 0.12 if member.age >= 70 else (0.015 if member.age >= 40 else 0.0)
        if self.rng.random() < bare_year_chance:
            # Old registers often hold only the year; the age is then counted by year.
            member.birth_date = None
            member.birth_year = self.today.year - member.age
        member.birth_province = self._birth_province(member)

    def _birth_province(self, member: Member) -> str:
        moved_here = 0.05 if member.people != KINH.key else (0.08 if member.age < 25 else 0.3)
        if self.rng.random() < moved_here:
            return _MIGRANT_PROVINCES.pick(self.rng)
        return LAO_CAI


def birth_date_for_age(rng: random.Random, today: date, age: int) -> date:
    """A day on which someone born is exactly `age` whole years old today."""
    latest = _years_before(today, age)
    earliest = _years_before(today, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


# --- Identifiers ---------------------------------------------------------------------


class IdentifierMaker:
    """Personal ID numbers and phone numbers, each unique across the ward."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    def personal_id(self, province: str, gender: str, birth_year: int) -> str:
        """12 digits: province, century/gender digit, year, then a serial not yet used."""
        century_digit = 2 * ((birth_year - 1900) // 100) + (gender == "female")
        prefix = f"{province}{century_digit}{birth_year % 100:02d}"
        while True:
            candidate = f"{prefix}{self.rng.randrange(1_000_000):06d}"
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def mobile(self) -> str:
        return self._unique_phone(lambda: self.rng.choice(MOBILE_PREFIXES), 7)

    def landline(self) -> str:
        return self._unique_phone(lambda: LANDLINE_PREFIX, 7)

    def _unique_phone(self, prefix, digits: int) -> str:
        while True:
            candidate = f"{prefix()}{self.rng.randrange(10**digits):0{digits}d}"
            if candidate not in self._phones:
                self._phones.add(candidate)
                return candidate

    def fill(self, members: list[Member]) -> None:
        """Give a household's members their ID numbers and phones."""
        for member in members:
            if member.age >= ADULT_AGE or self.rng.random() < 0.85:
                member.personal_id = self.personal_id(
                    member.birth_province, member.gender, member.birth_year
                )
            if self.rng.random() < _mobile_chance(member.age):
                member.phone = self.mobile()
        head = members[0]
        if self.rng.random() < 0.03 and head.age >= 40:
            head.phone = self.landline()


def _mobile_chance(age: int) -> float:
    if age < ADULT_AGE:
        return 0.0
    if age < 18:
        return 0.5
    if age < 75:
        return 0.88
    return 0.45


# --- Campaign statuses ---------------------------------------------------------------


def level2_allowed(member: Member, today: date) -> bool:
    """Whether the eligibility rules accept level 2 for the member (warnings allowed)."""
    status = ResidentStatus(
        birth_date=member.birth_date,
        birth_year=member.birth_year,
        vneid_level=2,
        app_114=member.app_114,
        has_chip_card=member.has_chip_card,
        personal_id=member.personal_id,
    )
    try:
        check_level2_allowed(status, today)
    except InvalidValue:
        return False
    return True


class StatusMaker:
    """Chip card, VNeID level, 114 app and documents of a campaign some weeks under way.

    `level2_share` is how far the member's residential group has come: the share of
    its adults who would have level 2 if all had a chip card. With `settled_before`
    (the first day of the demo's current campaign), every level dates from before that
    day: what changed since then is the campaign's, and comes with its records.
    """

    def __init__(self, rng: random.Random, today: date, settled_before: date | None = None) -> None:
        self.rng = rng
        self.today = today
        self.shift_days = (today - settled_before).days if settled_before else 0

    def fill(self, member: Member, level2_share: float) -> None:
        member.has_chip_card = self._chip_card(member)
        level = self._vneid_level(member, level2_share)
        if level == 2 and not level2_allowed(member, self.today):
            level = 1
        member.vneid_level = level
        if level:
            member.vneid_level_changed_on = self._level_date(member, level)
        if member.age >= ADULT_AGE:
            member.app_114 = self._app_114(level)
            member.documents_integrated = self._documents(level)
            if 18 <= member.age <= 35 and self.rng.random() < 0.03:
                member.notes = self.rng.choice(RESIDENT_NOTES)

    def _chip_card(self, member: Member) -> bool | None:
        if member.personal_id is None:
            return None
        roll = self.rng.random()
        if member.age >= ADULT_AGE:
            return True if roll < 0.93 else (False if roll < 0.97 else None)
        if member.age >= LEVEL2_MIN_AGE:
            return True if roll < 0.12 else None
        return None

    def _vneid_level(self, member: Member, level2_share: float) -> int:
        roll = self.rng.random()
        if member.age < LEVEL2_MIN_AGE:
            return 1 if roll < 0.05 else 0
        if member.age < ADULT_AGE:
            if member.has_chip_card and roll < 0.2:
                return 2
            return 1 if roll > 0.9 else 0
        if not member.has_chip_card:
            return 1 if roll < 0.35 else 0
        level2 = min(0.95, level2_share * _age_factor(member.age))
        if roll < level2:
            return 2
        return 1 if roll < level2 + (1 - level2) * 0.45 else 0

    def _level_date(self, member: Member, level: int) -> date:
        days_ago = self.rng.randint(1, 75) if level == 2 else self.rng.randint(20, 900)
        days_ago += self.shift_days
        born = member.birth_date or date(member.birth_year, 12, 31)
        return max(self.today - timedelta(days=days_ago), born + timedelta(days=1))

    def _app_114(self, level: int) -> bool | None:
        if self.rng.random() < (0.65 if level == 2 else 0.12):
            return True
        return False if self.rng.random() < 0.7 else None

    def _documents(self, level: int) -> bool | None:
        if level < 2:
            return None
        roll = self.rng.random()
        return True if roll < 0.55 else (False if roll < 0.85 else None)


def _age_factor(age: int) -> float:
    if age < 18:
        return 0.7
    if age <= 60:
        return 1.12
    if age < 75:
        return 0.85
    return 0.45
