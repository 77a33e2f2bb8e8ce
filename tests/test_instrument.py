"""Instrument: validation rules, presets, from_dict and from_codebook."""

import json

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import Instrument, ServgapError, instruments


# -- validation ------------------------------------------------------------------------------
def test_valid_instrument_keeps_order_and_string_ids():
    inst = Instrument("x", {"Speed": [1, 2], "Care": ["c1"]}, scale=(1, 5), reverse=[2])
    assert inst.items == ("1", "2", "c1")
    assert inst.dimension_names == ("Speed", "Care")
    assert inst.reverse == ("2",)
    assert inst.scale == (1, 5)
    assert inst.dimension_of("c1") == "Care"
    assert inst.n_items == 3


@pytest.mark.parametrize("kwargs, message", [
    ({"dimensions": {"A": ["1", "2"], "B": ["2"]}}, "item '2' is in both 'A' and 'B'"),
    ({"dimensions": {"A": ["1", "1"]}}, "item '1' is twice in 'A'"),
    ({"dimensions": {"A": []}}, "dimension 'A' has no items"),
    ({"dimensions": {}}, "it has no dimensions"),
    ({"dimensions": {"A": ["1", " "]}}, "empty item id"),
    ({"dimensions": {"A": ["1"]}, "scale": (5, 1)}, "scale low (5) must be below high (1)"),
    ({"dimensions": {"A": ["1"]}, "scale": (3, 3)}, "scale low (3) must be below high (3)"),
    ({"dimensions": {"A": ["1"]}, "reverse": ["9"]}, "reverse-keyed item '9' is in no dimension"),
    ({"dimensions": {"A": ["1"]}, "components": ["expectation", "feeling"]}, "unknown component 'feeling'"),
    ({"dimensions": {"A": ["1"]}, "components": ()}, "at least one component"),
    ({"dimensions": {"A": ["1"]}, "components": ["perception", "perception"]}, "listed twice"),
    ({"dimensions": {"A": ["1"]}, "item_labels": {"2": {"en": "x"}}}, "item label given for '2'"),
    ({"dimensions": {"A": ["1"]}, "dimension_labels": {"B": {"en": "x"}}}, "dimension label given for 'B'"),
])
def test_invalid_definitions_raise_with_the_reason(kwargs, message):
    with pytest.raises(ServgapError, match="is not valid") as info:
        Instrument("bad", **kwargs)
    assert message in str(info.value)


def test_all_problems_are_listed_at_once():
    with pytest.raises(ServgapError) as info:
        Instrument("bad", {"A": ["1"], "B": ["1"]}, scale=(7, 1), reverse=["5"])
    text = str(info.value)
    assert "in both 'A' and 'B'" in text and "scale low" in text and "'5' is in no dimension" in text


@pytest.mark.parametrize("scale", ["17", (1,), (1, 2, 3), ("a", "b"), 7])
def test_scale_must_be_a_pair_of_numbers(scale):
    with pytest.raises(ServgapError, match="`scale` must be"):
        Instrument("bad", {"A": ["1"]}, scale=scale)


def test_a_single_string_id_is_one_item_not_its_characters():
    inst = Instrument("x", {"A": "q10", "B": ["10", "11"]}, reverse="10")
    assert inst.items == ("q10", "10", "11")
    assert inst.reverse == ("10",)


def test_dimensions_must_be_a_mapping():
    with pytest.raises(ServgapError, match="must be a mapping"):
        Instrument("bad", [["1", "2"]])


def test_instrument_is_frozen():
    inst = Instrument("x", {"A": ["1"]})
    with pytest.raises(AttributeError):
        inst.scale = (1, 5)


def test_labels_fall_back_to_english_then_id():
    inst = Instrument("x", {"A": ["1", "2"]}, item_labels={"1": {"en": "Clean", "id": "Bersih"},
                                                          "2": {"en": "Fast"}},
                      dimension_labels={"A": {"en": "Ambience", "id": "Suasana"}})
    assert inst.item_label("1", "id") == "Bersih"
    assert inst.item_label("2", "id") == "Fast"
    assert inst.dimension_label("A", "id") == "Suasana"
    with pytest.raises(ValueError):
        inst.item_label("1", "fr")


def test_to_frame_is_the_codebook():
    inst = Instrument("x", {"A": ["1", "2"], "B": ["3"]}, reverse=["2"])
    frame = inst.to_frame()
    assert frame["item"].tolist() == ["1", "2", "3"]
    assert frame["dimension"].tolist() == ["A", "A", "B"]
    assert frame["reverse"].tolist() == [False, True, False]


# -- presets ---------------------------------------------------------------------------------
def test_available_presets():
    assert instruments.available() == ["esqual", "libqual22", "servperf", "servqual22", "servqual88"]
    with pytest.raises(ServgapError, match="Unknown instrument 'servqual99'"):
        instruments.get("servqual99")


def test_get_is_case_insensitive_and_passes_instruments_through():
    inst = instruments.get(" SERVQUAL22 ")
    assert inst.name == "servqual22"
    assert instruments.get(inst) is inst


def test_servqual22_dimension_mapping():
    sq = instruments.get("servqual22")
    assert sq.dimensions == {
        "Tangibles": ("1", "2", "3", "4"),
        "Reliability": ("5", "6", "7", "8", "9"),
        "Responsiveness": ("10", "11", "12", "13"),
        "Assurance": ("14", "15", "16", "17"),
        "Empathy": ("18", "19", "20", "21", "22"),
    }
    assert sq.scale == (1, 7)
    assert sq.reverse == ()
    assert sq.components == ("expectation", "perception")
    assert [sq.dimension_label(d, "id") for d in sq.dimension_names] == [
        "Bukti Fisik", "Keandalan", "Daya Tanggap", "Jaminan", "Empati"]
    assert all(sq.item_label(i, "id") != i for i in sq.items)


def test_servqual88_reverse_items():
    sq88 = instruments.get("servqual88")
    assert sq88.reverse == ("10", "11", "12", "13", "18", "19", "20", "21", "22")
    assert sq88.dimensions == instruments.get("servqual22").dimensions


def test_servperf_is_perception_only():
    sp = instruments.get("servperf")
    assert sp.components == ("perception",)
    assert sp.n_items == 22


def test_libqual22_dimensions():
    lq = instruments.get("libqual22")
    assert lq.dimensions == {
        "Affect of Service": ("1", "4", "6", "9", "11", "13", "15", "18", "22"),
        "Information Control": ("2", "5", "7", "10", "14", "16", "19", "20"),
        "Library as Place": ("3", "8", "12", "17", "21"),
    }
    assert sorted(lq.items, key=int) == [str(i) for i in range(1, 23)]
    assert lq.scale == (1, 9)
    assert lq.components == ("adequate", "desired", "perception")


def test_esqual_dimensions():
    es = instruments.get("esqual")
    assert {d: len(i) for d, i in es.dimensions.items()} == {
        "Efficiency": 8, "System Availability": 4, "Fulfillment": 7, "Privacy": 3}


# -- from_dict -------------------------------------------------------------------------------
def test_from_dict_with_dimensions():
    inst = Instrument.from_dict({"name": "mini", "dimensions": {"A": [1, 2], "B": [3]}, "scale": [1, 5],
                                 "reverse": [3]})
    assert (inst.name, inst.items, inst.scale, inst.reverse) == ("mini", ("1", "2", "3"), (1, 5), ("3",))


def test_from_dict_with_item_records():
    inst = Instrument.from_dict({"name": "rec", "scale": [1, 5], "items": [
        {"item": "q1", "dimension": "A", "label_en": "Clean", "label_id": "Bersih", "reverse": "no"},
        {"item": "q2", "dimension": "B", "reverse": "ya"},
    ]})
    assert inst.dimensions == {"A": ("q1",), "B": ("q2",)}
    assert inst.reverse == ("q2",)
    assert inst.item_label("q1", "id") == "Bersih"


def test_from_dict_items_form_applies_top_level_reverse_and_labels():
    spec = {"name": "rec", "scale": [1, 5], "reverse": ["q2"],
            "item_labels": {"q1": {"id": "Bersih"}, "q2": {"en": "Fast", "id": "Cepat"}},
            "items": [{"item": "q1", "dimension": "A", "label_en": "Clean"},
                      {"item": "q2", "dimension": "B"}, {"item": "q3", "dimension": "B", "reverse": "ya"}]}
    inst = Instrument.from_dict(spec)
    assert inst.reverse == ("q2", "q3")  # top level and item level together
    assert inst.item_label("q1", "en") == "Clean" and inst.item_label("q1", "id") == "Bersih"
    assert inst.item_label("q2", "id") == "Cepat"
    assert Instrument.from_dict({**spec, "reverse": "q1"}).reverse == ("q1", "q3")  # one id as a string


@pytest.mark.parametrize("change, message", [
    ({"reverse": ["q1"]}, r"item 'q1' is reverse-keyed in the top-level `reverse` but its record has reverse='no'"),
    ({"reverse": ["q9"]}, r"reverse-keyed item 'q9' is in no dimension"),
    ({"item_labels": {"q1": {"en": "Tidy"}}}, r"item 'q1' has the en label 'Clean' in its record and 'Tidy'"),
    ({"item_labels": {"q1": "Tidy"}}, r"`item_labels\['q1'\]` must be a mapping"),
    ({"revers": ["q1"]}, r"unknown key.*'revers'"),
])
def test_from_dict_items_form_contradictions_raise(change, message):
    spec = {"name": "rec", "items": [{"item": "q1", "dimension": "A", "label_en": "Clean", "reverse": "no"},
                                     {"item": "q2", "dimension": "A"}]}
    with pytest.raises(ServgapError, match=message):
        Instrument.from_dict({**spec, **change})


def test_from_dict_items_form_reads_numeric_reverse_flags_by_value():
    # ints with a blank: pandas makes the column float, so the flags arrive as 1.0 / NaN / 0.0
    items = [{"item": "q1", "dimension": "A", "reverse": 1}, {"item": "q2", "dimension": "A", "reverse": None},
             {"item": "q3", "dimension": "A", "reverse": 0}]
    assert str(pd.DataFrame(items)["reverse"].dtype) == "float64"
    inst = Instrument.from_dict({"name": "num", "scale": [1, 5], "items": items})
    assert inst.reverse == ("q1",)
    as_text = [{**rec, "reverse": f"{rec['reverse']:.1f}" if rec["reverse"] is not None else ""} for rec in items]
    assert Instrument.from_dict({"name": "num", "scale": [1, 5], "items": as_text}).reverse == ("q1",)
    # 0.0 is an explicit "not reverse-keyed", contradicting a top-level reverse
    with pytest.raises(ServgapError, match=r"item 'q3' is reverse-keyed in the top-level `reverse` but its "
                                           r"record has reverse=0\.0"):
        Instrument.from_dict({"name": "num", "scale": [1, 5], "items": items, "reverse": ["q3"]})
    assert Instrument.from_dict({"name": "num", "scale": [1, 5], "items": items,
                                 "reverse": ["q1"]}).reverse == ("q1",)


def test_from_dict_needs_name_and_dimensions():
    with pytest.raises(ServgapError, match="needs `name` and `dimensions`"):
        Instrument.from_dict({"dimensions": {"A": ["1"]}})


# -- from_codebook ---------------------------------------------------------------------------
def test_from_codebook_csv(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text("Item,Dimension,label,label_id,reverse\n"
                    "1,Speed,Fast service,Layanan cepat,\n"
                    "2,Speed,Short queue,Antrian pendek,yes\n"
                    "3,Care,Friendly staff,,0\n", encoding="utf-8")
    inst = Instrument.from_codebook(path, scale=(1, 5))
    assert inst.name == "book"
    assert inst.dimensions == {"Speed": ("1", "2"), "Care": ("3",)}
    assert inst.reverse == ("2",)
    assert inst.item_label("2", "id") == "Antrian pendek"
    assert inst.item_label("3", "id") == "Friendly staff"


def test_from_codebook_reverse_argument_adds_to_the_file(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text("item,dimension,reverse\n1,Speed,\n2,Speed,yes\n3,Care,\n", encoding="utf-8")
    assert Instrument.from_codebook(path, scale=(1, 5), reverse=["3", "2"]).reverse == ("2", "3")
    assert Instrument.from_codebook(path, scale=(1, 5), reverse="1").reverse == ("1", "2")
    with pytest.raises(ServgapError, match="reverse-keyed item '9' is in no dimension"):
        Instrument.from_codebook(path, scale=(1, 5), reverse=["9"])
    with pytest.raises(ValueError, match=r"takes \['dimensions'\] from the codebook file"):
        Instrument.from_codebook(path, scale=(1, 5), dimensions={"A": ["1"]})


def test_from_codebook_reads_a_numeric_reverse_column(tmp_path):
    # 1 / blank / 0 in a CSV: read as the floats 1.0, NaN, 0.0
    path = tmp_path / "book.csv"
    path.write_text("item,dimension,reverse\n1,Speed,1\n2,Speed,\n3,Care,0\n4,Care,1.0\n", encoding="utf-8")
    assert Instrument.from_codebook(path, scale=(1, 5)).reverse == ("1", "4")


@pytest.mark.parametrize("reverse, expected", [
    (3, ("2", "3")), (2.0, ("2",)), ([2.0], ("2",)), ([np.float64(3.0), 1], ("1", "2", "3")),
    (np.int64(1), ("1", "2")),
])
def test_from_codebook_reverse_argument_takes_numbers(tmp_path, reverse, expected):
    path = tmp_path / "book.csv"
    path.write_text("item,dimension,reverse\n1,Speed,\n2,Speed,yes\n3,Care,\n", encoding="utf-8")
    assert Instrument.from_codebook(path, scale=(1, 5), reverse=reverse).reverse == expected


def test_from_codebook_with_other_column_names(tmp_path):
    # the shape of a question list exported with the survey: question_id, dimension, text
    path = tmp_path / "questions.csv"
    path.write_text("question_id,dimension_id,dimension,text\n"
                    "39,4,Tangibles,Jumlah komputer cukup\n"
                    "46,1,Reliability,Asisten tepat waktu\n"
                    "40,4,Tangibles,Komputer cepat\n", encoding="utf-8")
    inst = Instrument.from_codebook(path, name="lab", scale=(1, 5), item="question_id",
                                    dimension="dimension", label={"id": "text"})
    assert inst.dimensions == {"Tangibles": ("39", "40"), "Reliability": ("46",)}
    assert inst.item_label("46", "id") == "Asisten tepat waktu"
    assert inst.item_label("46", "en") == "46"  # no English text: the item id


def test_from_codebook_names_missing_columns(tmp_path):
    path = tmp_path / "questions.csv"
    path.write_text("question_id,dimension\n1,A\n", encoding="utf-8")
    with pytest.raises(ServgapError, match=r"missing \['item'\]"):
        Instrument.from_codebook(path)
    with pytest.raises(ServgapError, match=r"missing \['wording'\]"):
        Instrument.from_codebook(path, item="question_id", label="wording")


def test_from_codebook_rejects_records_without_dimension(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text("item,dimension\n1,A\n2,\n", encoding="utf-8")
    with pytest.raises(ServgapError, match=r"records \[2\]"):
        Instrument.from_codebook(path)


def test_from_codebook_json_records_and_mapping(tmp_path):
    records = tmp_path / "records.json"
    records.write_text(json.dumps([{"item": 1, "dimension": "A", "reverse": True},
                                   {"item": 2, "dimension": "A"}, {"item": 3, "dimension": "B"}]))
    inst = Instrument.from_codebook(records, scale=(1, 5))
    assert inst.dimensions == {"A": ("1", "2"), "B": ("3",)}
    assert inst.reverse == ("1",)
    mapping = tmp_path / "full.json"
    mapping.write_text(json.dumps({"dimensions": {"A": ["x", "y"]}, "scale": [0, 10]}))
    full = Instrument.from_codebook(mapping)
    assert (full.name, full.items, full.scale) == ("full", ("x", "y"), (0, 10))


def test_from_codebook_missing_file(tmp_path):
    with pytest.raises(ServgapError, match="not found"):
        Instrument.from_codebook(tmp_path / "nope.csv")


def test_instrument_is_public():
    assert servgap.Instrument is Instrument
