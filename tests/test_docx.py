"""Word export: real revisions whose Reject All gives the source and Accept All the decided text,
checked on the XML and, where LibreOffice is installed, by LibreOffice itself."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.render import render
from pipeline.render.docx import AUTHOR, build, resolved_text
from pipeline.review import Decisions, add_editor_edit, choose_suggestion, decide_edit, edit_id, flag_id
from tests.test_review import make_doc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, part: str = "word/document.xml"):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


@pytest.fixture()
def doc():
    return make_doc()


def test_every_edit_is_a_revision_by_mtbrief_with_a_dated_comment(doc):
    data = render(doc, "docx", "clean")
    body = _xml(data)
    dels, inss = body.findall(f".//{W}del"), body.findall(f".//{W}ins")
    assert dels and inss
    for rev in dels + inss:
        assert rev.get(f"{W}author") == AUTHOR and rev.get(f"{W}date", "").endswith("Z")
    comments = [("".join(c.itertext())) for c in _xml(data, "word/comments.xml").findall(f"{W}comment")]
    assert len(comments) == len(doc.edits) + len(doc.flags)
    assert "artifact.midsentence-capital (confidence 0.80): capital in mid-sentence" in comments
    flag_note = next(c for c in comments if c.startswith("artifact.repeated-noun"))
    assert "flagged, not changed" in flag_note and "\u201c and\u201d" in flag_note and "\u201c or\u201d" in flag_note
    ids = [int(e.get(f"{W}id")) for e in body.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))  # every revision its own id


def test_a_changed_line_break_is_a_paragraph_mark_revision(doc):
    body = _xml(render(doc, "docx", "clean"))
    marks = body.findall(f".//{W}pPr/{W}rPr/{W}del")
    assert len(marks) == 1  # the joined broken sentence


def test_reject_all_gives_the_source_and_accept_all_the_cleaned_text_on_the_xml(doc):
    data = render(doc, "docx", "clean")
    assert resolved_text(data, accept=False) == doc.source
    assert resolved_text(data, accept=True) == doc.cleaned


def test_the_file_opens_in_python_docx(doc):
    import docx

    opened = docx.Document(io.BytesIO(render(doc, "docx", "clean")))
    assert len(opened.paragraphs) == doc.source.count("\n") + 1
    assert len(list(opened.comments)) == len(doc.edits) + len(doc.flags)


def test_decisions_decide_what_accept_all_gives(doc):
    from pipeline.review import apply_decisions

    d = Decisions()
    decide_edit(doc, d, edit_id(doc.edits[0]), accept=False)
    choose_suggestion(doc, d, flag_id(doc.flags[0]), " or")
    add_editor_edit(doc, d, 0, 3, "A")
    data = build(doc, d)
    assert resolved_text(data, accept=True) == apply_decisions(doc, d)
    assert resolved_text(data, accept=False) == doc.source
    comments = ["".join(c.itertext()) for c in _xml(data, "word/comments.xml").findall(f"{W}comment")]
    assert any(c.startswith("editor: corrected by hand") for c in comments)
    assert any("suggestion chosen by the editor" in c for c in comments)


def test_tabs_and_characters_xml_cannot_hold():
    from pipeline.document import Document

    d = Document("a\tb\x0bc d")
    d.edit(6, 7, "D", rule="r", reason="test")
    data = render(d, "docx", "clean")
    assert resolved_text(data, accept=False) == "a\tb\ufffdc d"  # the one documented loss: U+FFFD
    assert resolved_text(data, accept=True) == "a\tb\ufffdc D"


def test_clean_o_docx_writes_the_file(tmp_path, sample_text):
    src = tmp_path / "in.txt"
    src.write_text(sample_text[:1500], encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["clean", str(src), "-o", str(out), "-q"]) == 0
    data = out.read_bytes()
    assert resolved_text(data, accept=False) == sample_text[:1500]
    assert _xml(data).findall(f".//{W}ins")


# ---- LibreOffice: its own Accept All / Reject All, then --convert-to txt ------------------------
MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(sIn As String, sAccepted As String, sRejected As String)
  ResolveOne(sIn, sAccepted, &quot;.uno:AcceptAllTrackedChanges&quot;)
  ResolveOne(sIn, sRejected, &quot;.uno:RejectAllTrackedChanges&quot;)
End Sub
Sub ResolveOne(sIn As String, sOut As String, sCommand As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(sIn, &quot;_blank&quot;, 0, args())
  oDisp = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  oDisp.executeDispatch(oDoc.getCurrentController().getFrame(), sCommand, &quot;&quot;, 0, Array())
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;MS Word 2007 XML&quot;
  oDoc.storeToURL(sOut, out())
  oDoc.close(True)
End Sub
</script:module>
"""


def _soffice(profile: Path, *args: str) -> None:
    cmd = ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}", *args]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/install-browser-deps.sh installs it")
    profile = tmp_path_factory.mktemp("lo-profile")
    _soffice(profile, "--terminate_after_init")  # creates the profile, then our macro goes in
    (profile / "user/basic/Standard/Module1.xba").write_text(MACRO, encoding="utf-8")
    return profile


def _libreoffice_text(profile: Path, docx_path: Path) -> tuple[str, str]:
    """(text after LibreOffice's Accept All, after its Reject All), each from --convert-to txt."""
    work = docx_path.parent
    acc, rej = work / "accepted.docx", work / "rejected.docx"
    _soffice(profile, f'macro:///Standard.Module1.Resolve("{docx_path.as_uri()}","{acc.as_uri()}","{rej.as_uri()}")')
    assert acc.is_file() and rej.is_file(), "the LibreOffice macro did not write its files"
    _soffice(profile, "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(work), str(acc), str(rej))
    texts = []
    for p in (work / "accepted.txt", work / "rejected.txt"):
        raw = p.read_text(encoding="utf-8-sig")
        assert raw.endswith("\n")  # the txt filter ends every paragraph, the last one too, with a line break
        texts.append(raw[:-1])
    return texts[0], texts[1]


def test_libreoffice_accept_all_and_reject_all(libreoffice, tmp_path, doc):
    d = Decisions()
    choose_suggestion(doc, d, flag_id(doc.flags[0]), " or")
    add_editor_edit(doc, d, 0, 3, "A")
    path = tmp_path / "review.docx"
    path.write_bytes(build(doc, d))
    accepted, rejected = _libreoffice_text(libreoffice, path)
    from pipeline.review import apply_decisions

    assert rejected == doc.source
    assert accepted == apply_decisions(doc, d)


def test_libreoffice_on_the_sample_bulletin(libreoffice, tmp_path, sample_text):
    from pipeline.pipeline import Pipeline

    doc = Pipeline.from_config(upto="clean")(sample_text)
    assert len(doc.edits) > 10
    path = tmp_path / "sample.docx"
    path.write_bytes(render(doc, "docx", "clean"))
    accepted, rejected = _libreoffice_text(libreoffice, path)
    assert rejected == doc.source
    assert accepted == doc.cleaned
