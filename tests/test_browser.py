"""End to end in a real browser: Debian's headless Chromium, driven by selenium, against the review
app served by uvicorn. Open the sample, reject an edit, take a suggestion, correct a span by hand,
add a glossary entry and re-run, export the text, reload and find every decision still there, with
no error in the browser console. Saves a screenshot of the review page to docs/review-page.png."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOT = ROOT / "docs" / "review-page.png"
FAST = {"components": {"summarize": {"method": "lead-k"}, "segment": {"weights": {"topic": 0.0}}}}
RUN_TIMEOUT = 900  # seconds for one pipeline run on a loaded 2-core machine

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        f"{CHROMIUM} or {CHROMEDRIVER} is absent: run scripts/install-browser-deps.sh as root",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)

# While the page re-renders (a re-run, a reload) an element found a moment ago may be gone: a wait polls again.
PAGE_CHANGING = (StaleElementReferenceException, NoSuchElementException)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from pipeline.serve.app import create_app

    tmp = tmp_path_factory.mktemp("serve")
    folder = tmp / "texts"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    overrides = {**FAST, "serve": {"data_dir": str(tmp / "data"), "glossary": str(tmp / "glossary.yaml")}}
    app = create_app(folder, None, overrides)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    t0 = time.monotonic()
    while not srv.started:
        assert time.monotonic() - t0 < 30, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1500,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


def wait_ready(driver, timeout=RUN_TIMEOUT):
    # While the page reloads after a re-run, Chromium may also answer that the node "does not belong
    # to the document" (a plain WebDriverException): poll again, as for a stale element.
    WebDriverWait(driver, timeout, poll_frequency=0.5, ignored_exceptions=(*PAGE_CHANGING, WebDriverException)).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "ready"
    )


def saves(driver) -> int:
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-saves"))


def click_and_wait_saved(driver, element):
    before = saves(driver)
    element.click()
    WebDriverWait(driver, 30, ignored_exceptions=PAGE_CHANGING).until(lambda d: saves(d) == before + 1)


SELECT_WORDS = """
const [word, occurrence] = arguments;
let seen = 0;
for (const p of document.querySelectorAll('#text .p')) {
  const t = p.firstChild; if (!t) continue;
  let i = t.data.indexOf(word);
  while (i >= 0) {
    if (seen === occurrence) {
      const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + word.length);
      const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
      return [Number(p.dataset.s) + i, Number(p.dataset.s) + i + word.length];
    }
    seen += 1; i = t.data.indexOf(word, i + 1);
  }
}
return null;
"""


def select(driver, word: str, occurrence: int = 0) -> tuple[int, int]:
    span = driver.execute_script(SELECT_WORDS, word, occurrence)
    assert span, f"{word!r} is not in the plain text of the page"
    WebDriverWait(driver, 10, ignored_exceptions=PAGE_CHANGING).until(lambda d: d.find_element(By.ID, "fix-open").is_enabled())
    return tuple(span)


def test_review_flow_in_chromium(server, browser):
    base, app = server
    store = app.state.store
    d = browser
    d.get(base + "/")
    d.find_element(By.LINK_TEXT, SAMPLE.name).click()
    wait_ready(d)
    ident = d.find_element(By.TAG_NAME, "body").get_attribute("data-doc")
    source = SAMPLE.read_text(encoding="utf-8")
    assert store.result(ident).source == source

    # 1. reject one applied edit
    edit = d.find_element(By.CSS_SELECTOR, "#text .chg.k-edit.acc")
    rejected_id = edit.get_attribute("data-id")
    click_and_wait_saved(d, edit.find_element(By.CSS_SELECTOR, "button[data-act=edit]"))
    assert d.find_element(By.CSS_SELECTOR, f'#text .chg.rej[data-id="{rejected_id}"]')

    # 2. take one flagged suggestion
    box = d.find_element(By.CSS_SELECTOR, "#text .flagbox button[data-act=choose]")
    flag_id, choice = box.get_attribute("data-id"), box.get_attribute("data-choice")
    click_and_wait_saved(d, box)
    assert d.find_element(By.CSS_SELECTOR, f'#text .chg.k-flag[data-id="{flag_id}"]')

    # 3. correct a span by hand
    fix_span = select(d, "teleconference")
    d.find_element(By.ID, "fix-open").click()
    WebDriverWait(d, 10, ignored_exceptions=PAGE_CHANGING).until(lambda d: d.find_element(By.ID, "fix").is_displayed())
    assert d.find_element(By.ID, "fix-before").text == "teleconference"
    area = d.find_element(By.ID, "fix-after")
    area.clear()
    area.send_keys("video conference")
    click_and_wait_saved(d, d.find_element(By.ID, "fix-save"))
    assert d.find_element(By.CSS_SELECTOR, "#text .chg.k-editor ins").text == "video conference"

    # 4. add a glossary entry from a selected phrase, then re-run
    select(d, "comrades in charge")
    d.find_element(By.ID, "gloss-open").click()
    WebDriverWait(d, 10, ignored_exceptions=PAGE_CHANGING).until(lambda d: d.find_element(By.ID, "gloss").is_displayed())
    assert d.find_element(By.ID, "gl-wrong").get_attribute("value") == "comrades in charge"
    d.find_element(By.ID, "gl-right").send_keys("officials in charge")
    d.find_element(By.ID, "gl-zh").send_keys("同志")
    d.find_element(By.ID, "gl-note").send_keys("同志 in a title means the officials")
    d.find_element(By.ID, "gl-save").click()
    WebDriverWait(d, 30, ignored_exceptions=PAGE_CHANGING).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-glossary") == "1")
    d.find_element(By.ID, "rerun").click()
    WebDriverWait(d, 30, ignored_exceptions=PAGE_CHANGING).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "running")
    wait_ready(d)
    ours = [e for e in d.find_elements(By.CSS_SELECTOR, '#text .chg.k-edit[data-rule="glossary.term"]')
            if "同志 in a title" in e.get_attribute("title")]  # the reason quotes the entry's note
    assert ours and ours[0].find_element(By.TAG_NAME, "ins").text == "officials"  # the edit is the changed word

    # filter by rule, and reject then accept every edit of one rule (no net change)
    from selenium.webdriver.support.ui import Select

    Select(d.find_element(By.ID, "rule-filter")).select_by_value("glossary.term")
    assert all("muted" in e.get_attribute("class") for e in d.find_elements(By.CSS_SELECTOR, '#text .chg:not([data-rule="glossary.term"])'))
    assert not any("muted" in e.get_attribute("class") for e in d.find_elements(By.CSS_SELECTOR, '#text .chg[data-rule="glossary.term"]'))
    Select(d.find_element(By.ID, "rule-filter")).select_by_value("")
    rule = "layout.normalize-quotes"
    n = len(d.find_elements(By.CSS_SELECTOR, f'#text .chg.acc[data-rule="{rule}"]'))
    assert n >= 1
    click_and_wait_saved(d, d.find_element(By.CSS_SELECTOR, f'#rules tr[data-rule="{rule}"] button[data-accept="0"]'))
    assert len(d.find_elements(By.CSS_SELECTOR, f'#text .chg.rej[data-rule="{rule}"]')) == n
    click_and_wait_saved(d, d.find_element(By.CSS_SELECTOR, f'#rules tr[data-rule="{rule}"] button[data-accept="1"]'))
    assert len(d.find_elements(By.CSS_SELECTOR, f'#text .chg.acc[data-rule="{rule}"]')) == n

    # 5. export the text and compare with the expected text, built independently from the new run
    doc = store.result(ident)
    replacements = []  # (cleaned start, cleaned end, text), applied right to left
    for e in doc.edits:
        if f"edit:{e.start}-{e.end}:{e.rule}" == rejected_id:
            replacements.append((*doc.cleaned_span(e), e.before))
    flag = next(f for f in doc.flags if f"flag:{f.start}-{f.end}:{f.rule}" == flag_id)
    replacements.append((*doc.to_cleaned(flag.start, flag.end), choice))
    replacements.append((*doc.to_cleaned(*fix_span), "video conference"))
    expected = doc.cleaned
    for a, b, text in sorted(replacements, reverse=True):
        expected = expected[:a] + text + expected[b:]
    assert len(replacements) == 3 and "officials in charge" in expected
    exported = d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/doc/' + arguments[0] + '/export/text').then(r => r.text()).then(done);", ident)
    assert exported == expected

    # 6. reload: every decision is still there
    d.refresh()
    wait_ready(d)
    assert d.find_element(By.CSS_SELECTOR, f'#text .chg.rej[data-id="{rejected_id}"]')
    assert d.find_element(By.CSS_SELECTOR, f'#text .chg.k-flag[data-id="{flag_id}"]')
    assert d.find_element(By.CSS_SELECTOR, "#text .chg.k-editor ins").text == "video conference"
    assert "1 rejected" in d.find_element(By.ID, "counts").text

    # 7. a briefing link highlights its source sentence; then the screenshot for the README
    link = d.find_element(By.CSS_SELECTOR, ".briefing a.src")
    link.click()
    WebDriverWait(d, 10, ignored_exceptions=PAGE_CHANGING).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#text .hl"))
    d.execute_script("window.scrollTo(0, 0); document.querySelector('#text .hl').scrollIntoView({block: 'center'});")
    time.sleep(0.5)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert d.save_screenshot(str(SCREENSHOT))

    errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors


def test_escaped_markup_does_not_run_in_the_browser(server, browser):
    base, app = server
    from pipeline.document import Document, Flag

    src = 'Note <script>window.pwned=1</script> and "><img src=x onerror="window.pwned=2"> end.\n'
    doc = Document(src)
    doc.flags = [Flag(0, 4, "Note", "x.test", '<img src=x onerror="window.pwned=3">', 0.4, ['"><b>bold</b>'])]
    store = app.state.store
    ident = store.add(src, '<img src=x onerror="window.pwned=4">.txt')
    store.save_result(ident, doc)
    browser.get(f"{base}/doc/{ident}")
    wait_ready(browser, 30)
    assert browser.execute_script("return window.pwned === undefined")
    assert "<script>window.pwned=1</script>" in browser.find_element(By.ID, "text").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#text img, #text script, #text b")
    assert browser.find_element(By.CSS_SELECTOR, "#text .flagbox button").text == '"><b>bold</b>'  # escaped once
    browser.get_log("browser")  # drained: the flow test checks its own page
