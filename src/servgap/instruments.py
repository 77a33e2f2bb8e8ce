"""Bundled instruments: SERVQUAL (1988 and 1991), SERVPERF, LibQUAL+ and E-S-QUAL.

Item texts are short paraphrases written for servgap, not the published wording. Dimension
structures follow the sources cited in ../docs/methodology (Parasuraman, Zeithaml & Berry 1988,
1991; Cronin & Taylor 1992; LibQUAL+ 22-item core; Parasuraman, Zeithaml & Malhotra 2005).
"""

from __future__ import annotations

from .errors import ServgapError
from .instrument import Instrument

__all__ = ["get", "available"]

SERVQUAL_DIMENSIONS = {
    "Tangibles": [str(i) for i in range(1, 5)],
    "Reliability": [str(i) for i in range(5, 10)],
    "Responsiveness": [str(i) for i in range(10, 14)],
    "Assurance": [str(i) for i in range(14, 18)],
    "Empathy": [str(i) for i in range(18, 23)],
}

SERVQUAL_DIMENSION_LABELS = {
    "Tangibles": {"en": "Tangibles", "id": "Bukti Fisik"},
    "Reliability": {"en": "Reliability", "id": "Keandalan"},
    "Responsiveness": {"en": "Responsiveness", "id": "Daya Tanggap"},
    "Assurance": {"en": "Assurance", "id": "Jaminan"},
    "Empathy": {"en": "Empathy", "id": "Empati"},
}

# Our own short paraphrases of what each SERVQUAL item asks about.
SERVQUAL_ITEM_LABELS = {
    "1": ("Up-to-date equipment", "Peralatan yang mutakhir"),
    "2": ("Attractive physical facilities", "Fasilitas fisik yang menarik"),
    "3": ("Neatly presented staff", "Karyawan berpenampilan rapi"),
    "4": ("Appealing service materials", "Materi layanan yang menarik"),
    "5": ("Keeps promises on time", "Menepati janji tepat waktu"),
    "6": ("Sincere help with problems", "Sungguh-sungguh membantu mengatasi masalah"),
    "7": ("Right the first time", "Benar sejak pertama kali"),
    "8": ("Service at the promised time", "Layanan pada waktu yang dijanjikan"),
    "9": ("Error-free records", "Catatan bebas kesalahan"),
    "10": ("Says when service will happen", "Memberi tahu kapan layanan dilakukan"),
    "11": ("Prompt service", "Layanan yang cepat"),
    "12": ("Staff willing to help", "Karyawan bersedia membantu"),
    "13": ("Staff never too busy to respond", "Karyawan tidak pernah terlalu sibuk untuk menanggapi"),
    "14": ("Staff inspire confidence", "Karyawan menumbuhkan kepercayaan"),
    "15": ("Safe transactions", "Transaksi yang aman"),
    "16": ("Courteous staff", "Karyawan yang sopan"),
    "17": ("Knowledgeable staff", "Karyawan yang berpengetahuan"),
    "18": ("Individual attention", "Perhatian secara individu"),
    "19": ("Convenient opening hours", "Jam layanan yang nyaman"),
    "20": ("Personal attention from staff", "Perhatian pribadi dari karyawan"),
    "21": ("Customer's interest at heart", "Mengutamakan kepentingan pelanggan"),
    "22": ("Understands specific needs", "Memahami kebutuhan khusus pelanggan"),
}

LIBQUAL_DIMENSIONS = {
    "Affect of Service": ["1", "4", "6", "9", "11", "13", "15", "18", "22"],
    "Information Control": ["2", "5", "7", "10", "14", "16", "19", "20"],
    "Library as Place": ["3", "8", "12", "17", "21"],
}

LIBQUAL_DIMENSION_LABELS = {
    "Affect of Service": {"en": "Affect of Service", "id": "Sikap Layanan"},
    "Information Control": {"en": "Information Control", "id": "Kontrol Informasi"},
    "Library as Place": {"en": "Library as Place", "id": "Perpustakaan sebagai Tempat"},
}

LIBQUAL_ITEM_LABELS = {
    "1": ("Staff who instil confidence", "Staf yang menumbuhkan kepercayaan"),
    "2": ("Remote access to e-resources", "Akses sumber elektronik dari luar"),
    "3": ("Space that inspires study", "Ruang yang mendorong belajar"),
    "4": ("Individual attention", "Perhatian secara individu"),
    "5": ("Website to find information", "Situs web untuk mencari informasi"),
    "6": ("Consistently courteous staff", "Staf yang selalu sopan"),
    "7": ("Printed materials I need", "Bahan cetak yang saya butuhkan"),
    "8": ("Quiet space for own work", "Ruang tenang untuk bekerja sendiri"),
    "9": ("Ready to answer questions", "Siap menjawab pertanyaan"),
    "10": ("E-resources I need", "Sumber elektronik yang saya butuhkan"),
    "11": ("Knowledgeable staff", "Staf yang berpengetahuan"),
    "12": ("Comfortable, inviting place", "Tempat yang nyaman dan mengundang"),
    "13": ("Caring staff", "Staf yang peduli"),
    "14": ("Modern equipment", "Peralatan modern"),
    "15": ("Staff understand users' needs", "Staf memahami kebutuhan pengguna"),
    "16": ("Easy-to-use access tools", "Alat akses yang mudah digunakan"),
    "17": ("A getaway for study", "Tempat menyendiri untuk belajar"),
    "18": ("Willingness to help", "Kesediaan membantu"),
    "19": ("Information for independent use", "Informasi untuk digunakan mandiri"),
    "20": ("Journals I need", "Jurnal yang saya butuhkan"),
    "21": ("Space for group work", "Ruang untuk belajar kelompok"),
    "22": ("Dependable problem handling", "Penanganan masalah yang andal"),
}

ESQUAL_DIMENSIONS = {
    "Efficiency": [f"EFF{i}" for i in range(1, 9)],
    "System Availability": [f"SYS{i}" for i in range(1, 5)],
    "Fulfillment": [f"FUL{i}" for i in range(1, 8)],
    "Privacy": [f"PRI{i}" for i in range(1, 4)],
}

ESQUAL_DIMENSION_LABELS = {
    "Efficiency": {"en": "Efficiency", "id": "Efisiensi"},
    "System Availability": {"en": "System Availability", "id": "Ketersediaan Sistem"},
    "Fulfillment": {"en": "Fulfillment", "id": "Pemenuhan"},
    "Privacy": {"en": "Privacy", "id": "Privasi"},
}

ESQUAL_ITEM_LABELS = {
    "EFF1": ("Easy to find what I need", "Mudah menemukan yang dibutuhkan"),
    "EFF2": ("Easy to move around the site", "Mudah berpindah di dalam situs"),
    "EFF3": ("Quick to complete a transaction", "Transaksi cepat selesai"),
    "EFF4": ("Well-organised information", "Informasi tertata dengan baik"),
    "EFF5": ("Pages load quickly", "Halaman dimuat dengan cepat"),
    "EFF6": ("Simple to use", "Sederhana untuk digunakan"),
    "EFF7": ("Quick to get on the site", "Cepat membuka situs"),
    "EFF8": ("Well organised site", "Situs tertata dengan baik"),
    "SYS1": ("Always available", "Selalu tersedia"),
    "SYS2": ("Launches right away", "Langsung dapat dibuka"),
    "SYS3": ("Does not crash", "Tidak macet"),
    "SYS4": ("Pages do not freeze", "Halaman tidak membeku"),
    "FUL1": ("Delivers as promised", "Mengirim sesuai janji"),
    "FUL2": ("Items available in time", "Barang tersedia tepat waktu"),
    "FUL3": ("Quick delivery", "Pengiriman cepat"),
    "FUL4": ("Sends what was ordered", "Mengirim barang sesuai pesanan"),
    "FUL5": ("Has stock it claims", "Stok sesuai yang diklaim"),
    "FUL6": ("Truthful about offerings", "Jujur tentang penawaran"),
    "FUL7": ("Accurate delivery promises", "Janji pengiriman yang akurat"),
    "PRI1": ("Protects my shopping data", "Melindungi data belanja saya"),
    "PRI2": ("Does not share my data", "Tidak membagikan data saya"),
    "PRI3": ("Protects card details", "Melindungi data kartu"),
}


def _labels(pairs):
    return {k: {"en": en, "id": id_} for k, (en, id_) in pairs.items()}


def _servqual(name, reverse=(), components=("expectation", "perception"), description=""):
    return Instrument(
        name=name, dimensions=SERVQUAL_DIMENSIONS, scale=(1, 7), reverse=reverse,
        components=components, item_labels=_labels(SERVQUAL_ITEM_LABELS),
        dimension_labels=SERVQUAL_DIMENSION_LABELS, description=description,
    )


def _build():
    negative_1988 = tuple(str(i) for i in (*range(10, 14), *range(18, 23)))
    return {
        "servqual22": _servqual(
            "servqual22",
            description="SERVQUAL, 22 paired items, 7-point (Parasuraman, Zeithaml & Berry 1991)."),
        "servqual88": _servqual(
            "servqual88", reverse=negative_1988,
            description="SERVQUAL 1988: items 10-13 and 18-22 negatively worded and reverse-keyed."),
        "servperf": _servqual(
            "servperf", components=("perception",),
            description="SERVPERF: the 22 SERVQUAL items, perceptions only (Cronin & Taylor 1992)."),
        "libqual22": Instrument(
            name="libqual22", dimensions=LIBQUAL_DIMENSIONS, scale=(1, 9),
            components=("adequate", "desired", "perception"),
            item_labels=_labels(LIBQUAL_ITEM_LABELS), dimension_labels=LIBQUAL_DIMENSION_LABELS,
            description="LibQUAL+ 22 core items, 9-point minimum / desired / perceived."),
        "esqual": Instrument(
            name="esqual", dimensions=ESQUAL_DIMENSIONS, scale=(1, 5),
            components=("perception",),
            item_labels=_labels(ESQUAL_ITEM_LABELS), dimension_labels=ESQUAL_DIMENSION_LABELS,
            description="E-S-QUAL, 22 items, 5-point (Parasuraman, Zeithaml & Malhotra 2005)."),
    }


_PRESETS = _build()


def available() -> list[str]:
    """Names of the bundled instruments.

    Examples
    --------
    >>> from servgap import instruments
    >>> instruments.available()
    ['esqual', 'libqual22', 'servperf', 'servqual22', 'servqual88']
    """
    return sorted(_PRESETS)


def get(name: str) -> Instrument:
    """Return a bundled instrument by name.

    Parameters
    ----------
    name : str or Instrument
        One of :func:`available` (case-insensitive); an Instrument is returned as it is.

    Raises
    ------
    ServgapError
        For an unknown name.

    Examples
    --------
    >>> from servgap import instruments
    >>> sq = instruments.get("servqual22")
    >>> sq.dimensions["Responsiveness"]
    ('10', '11', '12', '13')
    >>> sq.dimension_label("Tangibles", "id")
    'Bukti Fisik'
    """
    if isinstance(name, Instrument):
        return name
    key = str(name).strip().lower()
    if key not in _PRESETS:
        raise ServgapError(f"Unknown instrument {name!r}; available: {available()}.")
    return _PRESETS[key]
