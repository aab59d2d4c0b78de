"""The demo ward's word lists: streets, names, birth provinces, phone prefixes, notes.

Data, not logic: the makers in this package draw from these lists, so reordering an
entry or changing a weight changes every demo ward made with the same seed.
"""

from __future__ import annotations

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
