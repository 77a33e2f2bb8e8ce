"""Load three real survey exports and print what servgap made of them.

Usage: python examples/load_real_exports.py [FOLDER]

FOLDER holds kiosk-cp949.csv, pharmacy-paired-100x12.csv, computer-lab-long-139x22.csv and
computer-lab-questions.csv (default: ../shared/data/real next to the repository). The files are
not shipped with servgap; the script says so and stops when the folder is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import servgap
from servgap import Instrument, Survey
from servgap.io import read_table

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


def kiosk(folder: Path) -> Survey:
    """Korean CP949 export: 24 items, 'N-1. … (기대 설문)' = E, 'N-2. … (인지 설문)' = P, 7-point."""
    inst = Instrument("kiosk24", {"Kiosk": [str(i) for i in range(1, 25)]}, scale=(1, 7))
    return servgap.read_survey(folder / "kiosk-cp949.csv", inst,
                               expectation=r"^(?P<item>\d+)-1\..*\(기대",
                               perception=r"^(?P<item>\d+)-2\..*\(인지",
                               segments=["귀하의 성별을 선택해주세요.", "귀하의 나이대를 선택해주세요."])


def pharmacy(folder: Path) -> Survey:
    """Indonesian pharmacy: 12 items in 5 dimensions, 5-point, E_<item>/P_<item>."""
    inst = Instrument("pharmacy12", {
        "Tangible": ["TAN001", "TAN002", "TAN003"], "Reliability": ["REA001", "REA002"],
        "Responsiveness": ["RES001", "RES002"], "Assurance": ["AS001", "AS002", "AS003"],
        "Empathy": ["EMP001", "EMP002"]}, scale=(1, 5))
    return servgap.read_survey(folder / "pharmacy-paired-100x12.csv", inst, id="respondent",
                               segments=["gender"])


def computer_lab(folder: Path) -> Survey:
    """Long format, one row per student and question, the question list as codebook."""
    inst = Instrument.from_codebook(folder / "computer-lab-questions.csv", name="computer-lab",
                                    scale=(1, 5), item="question_id", dimension="dimension",
                                    label={"id": "text"})
    return servgap.from_long(read_table(folder / "computer-lab-long-139x22.csv"), inst,
                            respondent="respondent", item="question_id",
                            values={"expectation": "E", "perception": "P"})


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not folder.is_dir():
        print(f"No folder {folder}: nothing to load.")
        return 0
    for name, load in (("kiosk-cp949.csv", kiosk), ("pharmacy-paired-100x12.csv", pharmacy),
                       ("computer-lab-long-139x22.csv", computer_lab)):
        survey = load(folder)
        overall = servgap.gap_scores(survey, level="overall").table.iloc[0]
        print(f"== {name}")
        print(survey.summary())
        print(f"  Overall gap (unweighted SERVQUAL score): {overall['gap_mean']:.3f} "
              f"[{overall['ci_low']:.3f}, {overall['ci_high']:.3f}], n = {int(overall['n'])}")
        print(servgap.gap_scores(survey, level="dimension").table[["dimension", "n", "gap_mean"]]
              .to_string(index=False))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
