"""WMT23 zh-en as wire copy: the documents/lines loader and per-paragraph scoring of a document run."""

from pipeline.bench.datasets import read_wmt_docs
from pipeline.bench.tasks import CleanTask, paragraph_prediction
from pipeline.stages.clean import clean_text

OPTIONS = {"testset": "generaltest2023", "pair": "zh-en", "system": "reference", "reference": "refA",
           "mapping": "mqm2023_segment_to_txt_line.tsv"}


def test_documents_and_lines_hold_the_same_paragraphs(shared_data):
    folder = shared_data / "wmt23-zhen"
    docs = read_wmt_docs(folder, {**OPTIONS, "layout": "documents"}, None)
    lines = read_wmt_docs(folder, {**OPTIONS, "layout": "lines"}, None)
    assert [i["source"] for i in docs] == [i["source"] for i in lines] and len(docs) > 300
    assert len({i["meta"]["doc"] for i in docs}) > 30
    for item in docs[:50]:
        a, b = item["paragraph"]
        assert item["document"][a:b] == item["source"] and item["reference"] == item["source"]
    assert "document" not in lines[0]


def test_a_paragraph_is_scored_on_its_part_of_the_cleaned_document():
    document = ("Output rose. Sales of new cars grew fast in May\n\nProfits fell. Costs of raw materials stayed flat in May"
                "\n\nThe end.")
    task = CleanTask()
    prediction = task.prediction(clean_text(document, {"confidence": {
        "layout.missing-period": {"after-sentence": 0.9, "single": 0.9, "opening": 0.9}}}))
    items = [{"id": str(k), "source": p, "document": document, "paragraph": [document.index(p), document.index(p) + len(p)]}
             for k, p in enumerate(document.split("\n\n"))]
    outputs = [paragraph_prediction(it, prediction)["output"] for it in items]
    assert outputs == ["Output rose. Sales of new cars grew fast in May.",
                       "Profits fell. Costs of raw materials stayed flat in May.", "The end."]
    inputs = task.inputs(items, [prediction] * 3)
    assert inputs["sources"] == document.split("\n\n") and inputs["predictions"] == outputs
    assert task.text(items[0]) == document
