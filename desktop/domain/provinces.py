"""Birth-registration province codes of the personal ID number.

Thông tư 07/2016/TT-BCA, Phụ lục 1: the 63 pre-2025 provinces. The code is the
province where the birth was registered and stays fixed for life, even after the
2025 merger of provinces. Below them, the 34 provincial units of 2025, for the ward's
own province.
"""

from desktop.domain.names import fold

BIRTH_PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu",
    "079": "TP Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}


# The 34 provincial units since 1 July 2025 (Nghị quyết 202/2025/QH15): 6 centrally
# governed cities and 28 provinces. Under them sit only wards, communes and special
# zones (phường, xã, đặc khu): the two-level local government.
CITIES_2025: tuple[str, ...] = (
    "Hà Nội",
    "Huế",
    "Hải Phòng",
    "Đà Nẵng",
    "Thành phố Hồ Chí Minh",
    "Cần Thơ",
)
PROVINCES_2025: tuple[str, ...] = (
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
)


def province_police(province: str) -> str:
    """The provincial police of a 2025 unit: "Công an tỉnh Lào Cai", "Công an thành phố
    Hà Nội", "Công an Thành phố Hồ Chí Minh" (whose name already says it is a city)."""
    if province.startswith("Thành phố "):
        return f"Công an {province}"
    if province in CITIES_2025:
        return f"Công an thành phố {province}"
    return f"Công an tỉnh {province}"


def find_province(text: str) -> str | None:
    """The 2025 unit typed, with or without accents and "tỉnh"/"thành phố" before it
    ("lao cai" → "Lào Cai", "TP HCM" → None); None when none or several match."""
    typed = " ".join(fold(text).split())
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if typed.startswith(prefix) and fold(typed) not in map(fold, PROVINCES_2025):
            typed = typed[len(prefix) :]
    if not typed:
        return None
    exact = [name for name in PROVINCES_2025 if fold(name) in (typed, f"thanh pho {typed}")]
    if exact:
        return exact[0]
    starting = [
        name for name in PROVINCES_2025 if fold(name).startswith((typed, f"thanh pho {typed}"))
    ]
    return starting[0] if len(starting) == 1 else None
