"""The review app through FastAPI's TestClient: the run in the background, decisions saved and
restored, exports, and the safety rules (escaping, upload limit, confined paths, local bind)."""

import time

import pytest
import yaml
from fastapi.testclient import TestClient

from pipeline.cli import main
from pipeline.document import Document, Flag
from pipeline.render.docx import resolved_text
from pipeline.review import edit_id, flag_id
from pipeline.serve import check_bind, is_local
from pipeline.serve.app import create_app

FAST = {"components": {"summarize": {"method": "lead-k"}, "segment": {"weights": {"topic": 0.0}}}}
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'


def settings(tmp_path, **serve):
    return {**FAST, "serve": {"data_dir": str(tmp_path / "data"), "glossary": str(tmp_path / "my-glossary.yaml"), **serve}}


@pytest.fixture()
def folder(tmp_path, sample_text):
    root = tmp_path / "texts"
    (root / "sub").mkdir(parents=True)
    (root / "bulletin.txt").write_text(sample_text[:1200], encoding="utf-8")
    (root / "sub" / "note.md").write_text("A short note.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the served folder\n", encoding="utf-8")
    return root


def make_client(folder, tmp_path, **serve):
    return TestClient(create_app(folder, None, settings(tmp_path, **serve)), base_url="http://127.0.0.1")


def seeded(client, doc: Document, name: str = "seeded.txt") -> str:
    """Put a finished run into the store, so a test needs no pipeline run."""
    store = client.app.state.store
    ident = store.add(doc.source, name)
    store.save_result(ident, doc)
    return ident


def hostile_doc() -> Document:
    src = f"Title {SCRIPT} one.\nThe Meeting said {IMG} and and more.\n"
    d = Document(src)
    s = src.index("Meeting")
    d.edit(s, s + 7, "meeting", rule="artifact.midsentence-capital", reason=f"reason {IMG}", confidence=0.8)
    i = src.index(" and and")
    d.flags = [Flag(i, i + 8, " and and", "artifact.repeated-noun", f"why {SCRIPT}", 0.45, [" and", IMG])]
    return d


def wait_done(client, ident: str, timeout: float = 600) -> dict:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        status = client.get(f"/api/doc/{ident}/status").json()
        if status["state"] in ("done", "error"):
            return status
        time.sleep(0.5)
    raise AssertionError(f"run did not finish in {timeout} s: {status}")


def test_index_lists_the_folder_and_the_upload_and_paste_forms(folder, tmp_path):
    with make_client(folder, tmp_path) as c:
        page = c.get("/").text
    assert 'href="/open?path=bulletin.txt"' in page and 'href="/open?path=sub/note.md"' in page
    assert "secret.txt" not in page
    assert 'action="/upload"' in page and 'action="/paste"' in page


def test_opening_a_file_runs_the_pipeline_in_the_background_then_shows_the_review(folder, tmp_path):
    with make_client(folder, tmp_path) as c:
        r = c.get("/open", params={"path": "bulletin.txt"}, follow_redirects=False)
        assert r.status_code == 303
        ident = r.headers["location"].rsplit("/", 1)[1]
        first = c.get(f"/doc/{ident}").text
        assert 'data-state="running"' in first or 'data-state="ready"' in first
        assert wait_done(c, ident)["state"] == "done"
        page = c.get(f"/doc/{ident}").text
        doc = c.app.state.store.result(ident)
        assert 'data-state="ready"' in page and doc.edits
        assert page.count('class="chg') >= len(doc.edits)
        assert "<h2>Briefing</h2>" in page and 'class="outline"' in page
        assert c.get(f"/doc/{ident}/export/text").text == doc.cleaned  # nothing decided: the cleaned text


def test_user_text_is_escaped_everywhere_and_scripts_are_limited_to_our_own(folder, tmp_path):
    with make_client(folder, tmp_path) as c:
        ident = seeded(c, hostile_doc(), name=f"{SCRIPT}.txt")
        r = c.get(f"/doc/{ident}")
        page = r.text
        assert SCRIPT not in page and "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page or "&quot;&gt;&lt;img" in page
        assert "script-src 'self'" in r.headers["content-security-policy"]
        # the JSON fragment the page swaps in is escaped the same way
        fid = flag_id(c.app.state.store.result(ident).flags[0])
        frag = c.post(f"/api/doc/{ident}/decide", json={"kind": "flag", "id": fid, "choice": IMG}).json()["html"]
        assert "<img" not in frag and SCRIPT not in frag and "&lt;img src=x" in frag
        # a paste named and filled with markup: shown, not run
        r = c.post("/paste", data={"text": hostile_doc().source, "name": IMG})
        assert r.status_code == 200 and "<img" not in r.text and "&lt;img" in r.text


def test_the_same_text_uploaded_or_pasted_reopens_the_same_review(folder, tmp_path):
    doc = hostile_doc()
    with make_client(folder, tmp_path) as c:
        ident = seeded(c, doc)
        c.post(f"/api/doc/{ident}/decide", json={"kind": "edit", "id": edit_id(doc.edits[0]), "accept": False})
        r = c.post("/upload", files={"file": ("again.txt", doc.source.encode(), "text/plain")}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/doc/{ident}"
        r = c.post("/paste", data={"text": doc.source.replace("\n", "\r\n")}, follow_redirects=False)
        assert r.headers["location"] == f"/doc/{ident}"  # CRLF is normalised as for files
        assert "k-edit rej" in c.get(r.headers["location"]).text


def test_uploads_over_the_limit_are_refused_with_a_clear_message(folder, tmp_path):
    with make_client(folder, tmp_path, max_upload_bytes=1000) as c:
        r = c.post("/upload", files={"file": ("big.txt", b"a" * 1001, "text/plain")})
        assert r.status_code == 413 and "big.txt is too large" in r.text and "1,000 bytes" in r.text
        r = c.post("/upload", files={"file": ("huge.txt", b"a" * 200_000, "text/plain")})
        assert r.status_code == 413 and "over the limit of 1,000 bytes" in r.text
        r = c.post("/paste", data={"text": "b" * 1001})
        assert r.status_code == 413 and "serve.max_upload_bytes" in r.text
        r = c.post("/upload", files={"file": ("bin.txt", b"ab\x00cd", "text/plain")})
        assert r.status_code == 400 and "looks binary" in r.text


def test_paths_outside_the_served_folder_are_refused(folder, tmp_path):
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    with make_client(folder, tmp_path) as c:
        for path in ("../secret.txt", "sub/../../secret.txt", str(tmp_path / "secret.txt"), "link.txt"):
            r = c.get("/open", params={"path": path})
            assert r.status_code == 403, path
            assert "outside the served folder" in r.text and "outside the served folder\n" not in r.text
        assert c.get("/open", params={"path": "missing.txt"}).status_code == 404
        assert c.get("/doc/..%2F..%2Fetc").status_code == 404


def test_a_non_local_bind_needs_host_on_the_command_line(tmp_path, capsys):
    assert main(["serve", str(tmp_path), "--set", "serve.host=0.0.0.0"]) == 3
    err = capsys.readouterr().err
    assert "not a local address" in err and "--host 0.0.0.0" in err
    check_bind("0.0.0.0", explicit=True)  # typed on purpose: allowed
    check_bind("127.0.0.1", explicit=False)
    assert is_local("localhost") and is_local("::1") and not is_local("192.168.1.4")


def test_unknown_hosts_cross_site_posts_and_non_json_api_calls_are_refused(folder, tmp_path):
    with make_client(folder, tmp_path) as c:
        ident = seeded(c, hostile_doc())
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding
        body = {"kind": "rule", "rule": "artifact.midsentence-capital", "accept": False}
        r = c.post(f"/api/doc/{ident}/decide", json=body, headers={"origin": "http://evil.example"})
        assert r.status_code == 403
        r = c.post(f"/api/doc/{ident}/decide", content="{}", headers={"content-type": "text/plain"})
        assert r.status_code == 415
        r = c.post(f"/api/doc/{ident}/decide", json=body, headers={"origin": "http://127.0.0.1"})
        assert r.status_code == 200


def test_decisions_are_saved_at_once_and_restored_by_a_new_server(folder, tmp_path):
    doc = hostile_doc()
    with make_client(folder, tmp_path) as c:
        ident = seeded(c, doc)
        assert c.post(f"/api/doc/{ident}/decide", json={"kind": "edit", "id": edit_id(doc.edits[0]), "accept": False}).status_code == 200
        assert c.post(f"/api/doc/{ident}/decide", json={"kind": "flag", "id": flag_id(doc.flags[0]), "choice": " and"}).status_code == 200
        s = doc.source.index("more")
        assert c.post(f"/api/doc/{ident}/editor", json={"start": s, "end": s + 4, "after": "less"}).status_code == 200
    expected = doc.source.replace(" and and more", " and less")
    with make_client(folder, tmp_path) as c:  # a restart: same data folder
        assert c.get(f"/doc/{ident}/export/text").text == expected
        page = c.get(f"/doc/{ident}").text
        assert 'class="chg s0 k-edit rej"' in page or "k-edit rej" in page
        saved = c.get(f"/doc/{ident}/export/decisions").json()
        assert saved["edits"] == {edit_id(doc.edits[0]): False}
        assert saved["flags"] == {flag_id(doc.flags[0]): " and"}
        assert saved["editor"][0]["after"] == "less"
        data = c.get(f"/doc/{ident}/export/docx").content
        assert resolved_text(data, accept=True) == expected and resolved_text(data, accept=False) == doc.source
        md = c.get(f"/doc/{ident}/export/markdown").text
        assert md.startswith("# seeded.txt\n\n") and md.endswith(expected)


def test_stale_or_wrong_decisions_get_a_one_line_error(folder, tmp_path):
    with make_client(folder, tmp_path) as c:
        ident = seeded(c, hostile_doc())
        r = c.post(f"/api/doc/{ident}/decide", json={"kind": "edit", "id": "edit:0-1:gone", "accept": False})
        assert r.status_code == 400 and "no edit 'edit:0-1:gone'" in r.json()["error"]
        r = c.post(f"/api/doc/{ident}/editor", json={"start": 0, "end": 10**6, "after": "x"})
        assert r.status_code == 400 and "outside the text" in r.json()["error"]
        assert c.get("/doc/0123456789abcdef").status_code == 404


def test_glossary_entries_go_to_the_users_file_in_the_glossary_format(folder, tmp_path):
    from pipeline.stages.clean.glossary import load_glossary

    path = tmp_path / "my-glossary.yaml"
    with make_client(folder, tmp_path) as c:
        r = c.post("/api/glossary", json={"wrong": "short  board", "right": "weak link", "note": "短板", "zh": "短板"})
        assert r.status_code == 200 and r.json()["entries"] == 1
        r = c.post("/api/glossary", json={"wrong": "{colour} board", "right": "x"})
        assert r.status_code == 400 and "unknown placeholder {colour}" in r.json()["error"]
        r = c.post("/api/glossary", json={"wrong": "same", "right": "Same"})
        assert r.status_code == 400 and "are the same" in r.json()["error"]
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert entries == [{"zh": "短板", "wrong": ["short board"], "right": "weak link", "note": "短板"}]
    glossary = load_glossary(False, (str(path),))
    load_glossary.cache_clear()
    assert glossary.entries[0].right == "weak link"
