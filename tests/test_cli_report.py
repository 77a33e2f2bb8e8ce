"""servgap report, servgap demo's report, and validate's --scale, long-format and --problems options."""

import os
import subprocess
import sys
import warnings

import pandas as pd
import pytest

import servgap
from servgap.cli import main
from servgap.datasets import load_example

CLI = [sys.executable, "-m", "servgap.cli"]


@pytest.fixture(scope="module")
def example_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "survey.csv"
    load_example(as_frame=True).to_csv(path, index=False)
    return path


def _wide(values_e, values_p, ids=("a", "b", "c", "d", "e", "f")):
    n = len(ids)
    return pd.DataFrame({"id": list(ids), **{f"E_{i}": [values_e[(r + i) % len(values_e)] for r in range(n)]
                                            for i in range(1, 23)},
                         **{f"P_{i}": [values_p[(r + i) % len(values_p)] for r in range(n)] for i in range(1, 23)}})


def test_report_writes_html_excel_and_word_in_indonesian(example_csv, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    docx = pytest.importorskip("docx")
    html, xlsx, word = tmp_path / "r.html", tmp_path / "r.xlsx", tmp_path / "r.docx"
    code = main(["report", str(example_csv), "--instrument", "servqual22", "--id", "respondent",
                 "--segments", "branch", "--importance", "I_{item}", "--lang", "id", "-o", str(html),
                 "--excel", str(xlsx), "--docx", str(word), "--chapter", "4"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"Laporan ditulis: {html}, {xlsx}, {word}"
    text = html.read_text(encoding="utf-8")
    assert "<h1>Laporan kualitas layanan</h1>" in text and "Daya Tanggap menunjukkan kesenjangan terbesar" in text
    assert "customer_type" not in text.split("Perbandingan antarsegmen", 1)[1].split("Prioritas")[0]
    assert "kesenjangan_dimensi" in openpyxl.load_workbook(xlsx).sheetnames
    captions = [p.text for p in docx.Document(word).paragraphs if p.text.startswith("Tabel 4.")]
    assert captions[0] == "Tabel 4.1 Sampel penelitian"


def test_invalid_file_lists_problems_in_indonesian_and_writes_them(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    _wide([6, 9], [5, 7]).to_csv(path, index=False)
    problems = tmp_path / "problems.csv"
    code = main(["report", str(path), "--instrument", "servqual22", "--id", "id", "--lang", "id",
                 "--problems", str(problems), "-o", str(tmp_path / "r.html")])
    assert code == 1
    captured = capsys.readouterr()
    err = captured.err
    assert "Data survei bermasalah." in err and "66 masalah dalam data survei:" in err
    assert "baris 1 (responden a), kolom 'E_1', nilai '9': nilai di luar skala" in err
    assert f"... dan 56 lainnya, semuanya ada di {problems}" in err
    assert ".failure_cases" not in err + captured.out and "Traceback" not in err
    assert not (tmp_path / "r.html").exists()
    written = pd.read_csv(problems)
    assert len(written) == 66 and set(written["problem"]) == {"nilai di luar skala"}
    assert set(written["check"]) == {"out_of_scale"}
    # 66 answers of 9 on a 1-7 scale: a wrong scale is likely, and the message says which option
    assert "gunakan --scale 1 9" in err


def test_validate_says_when_the_scale_is_likely_wrong(tmp_path, capsys):
    path = tmp_path / "five.csv"
    _wide([3, 4, 5], [1, 2, 5]).to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "id"]) == 0
    err = capsys.readouterr().err
    assert "every answer lies within 1-5 although the scale is 1-7" in err and "--scale 1 5" in err
    assert main(["validate", str(path), "--instrument", "servqual22", "--id", "id", "--scale", "1", "5"]) == 0
    assert capsys.readouterr().err == ""


def test_validate_long_format(tmp_path, capsys):
    survey = load_example()
    rows = []
    for kind, frame in (("E", survey.expectation), ("P", survey.perception)):
        for respondent, answers in frame.head(30).iterrows():
            for item, value in answers.items():
                if not pd.isna(value):
                    rows.append({"resp": respondent, "q": item, "k": kind, "v": value})
    path = tmp_path / "long.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    assert main(["validate", str(path), "--instrument", "servqual22", "--long", "--respondent", "resp",
                 "--item", "q", "--kind", "k", "--value", "v"]) == 0
    assert "Respondents: 30" in capsys.readouterr().out
    assert main(["validate", str(path), "--instrument", "servqual22", "--long", "--respondent", "resp",
                 "--lang", "id"]) == 2
    assert "Berkas format panjang (--long) memerlukan --item, --kind, --value." in capsys.readouterr().err


def test_unknown_instrument_exit_code(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    assert main(["report", str(path), "--instrument", "nope", "-o", str(tmp_path / "r.html")]) == 2
    assert "Unknown instrument" in capsys.readouterr().err


def test_no_traceback_when_piped_into_head(example_csv):
    command = " ".join([*CLI, "validate", str(example_csv), "--instrument", "servqual22", "--id", "respondent",
                        "|", "head", "-n", "1"])
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.stdout == "The survey is valid.\n"
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


def test_no_traceback_when_the_reader_has_gone(example_csv):
    # `true` exits at once: every write of the command meets a closed pipe (EPIPE)
    command = " ".join([*CLI, "validate", str(example_csv), "--instrument", "servqual22", "--id", "respondent",
                        "|", "true"])
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.stderr == ""


def test_utf8_output_on_a_cp1252_console(tmp_path):
    path = tmp_path / "korean.csv"
    raw = _wide([6, 5], [5, 7])
    raw["E_1"] = raw["E_1"].astype(object)
    raw.loc[0, "E_1"] = "매우 좋음"
    raw.to_csv(path, index=False, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    done = subprocess.run([*CLI, "validate", str(path), "--instrument", "servqual22", "--id", "id", "--lang", "id"],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    out = done.stdout.decode("utf-8")
    assert "nilai '매우 좋음': bukan angka atau label jawaban" in out
    assert b"Traceback" not in done.stderr


def test_progress_only_on_a_terminal(example_csv, tmp_path):
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run([*CLI, "report", str(example_csv), "--instrument", "servqual22", "--id", "respondent",
                               "--segments", "branch", "-o", str(tmp_path / "t.html")],
                              stdout=subprocess.PIPE, stderr=slave, timeout=300)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert done.returncode == 0
    text = shown.decode("utf-8")
    assert f"… reading {example_csv}" in text and "… analysing 400 respondents" in text
    assert f"… writing {tmp_path / 't.html'}" in text
    piped = subprocess.run([*CLI, "report", str(example_csv), "--instrument", "servqual22", "--id", "respondent",
                            "--segments", "branch", "-o", str(tmp_path / "p.html")], capture_output=True, timeout=300)
    assert piped.returncode == 0 and piped.stderr == b""


def test_demo_writes_the_full_report(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert f"Laporan ditulis: {tmp_path / 'report.html'}, {tmp_path / 'report.xlsx'}, {tmp_path / 'report.docx'}" in out
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Indeks kepuasan pelanggan (CSI) sebesar" in html
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = servgap.csi(load_example(), importance="importance").csi
    assert f"{expected:.2f}".replace(".", ",") + "%" in html


def test_unwritable_output_is_a_message_not_a_traceback(example_csv, tmp_path, capsys):
    target = tmp_path / "missing-folder" / "r.html"
    assert main(["report", str(example_csv), "--instrument", "servqual22", "--id", "respondent", "--segments",
                 "branch", "-o", str(target), "--lang", "id"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"servgap: tidak dapat menulis {target}: ") and "Traceback" not in err


def test_demo_on_a_plain_install_writes_the_html_and_says_how_to_get_the_rest(tmp_path, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("openpyxl", "docx") else real(name, *a))
    assert main(["demo", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"Report written: {tmp_path / 'report.html'}\n" in out
    assert "For the Excel and Word reports: pip install 'servgap[report]'" in out
    assert not (tmp_path / "report.xlsx").exists() and not (tmp_path / "report.docx").exists()
