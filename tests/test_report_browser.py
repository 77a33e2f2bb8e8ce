"""The HTML report opened in a real headless browser (Debian's chromium), driven over the DevTools
protocol on a pipe (--remote-debugging-pipe): no console error, every chart displayed, and script
text from segment values and item labels shown as text, never run."""

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
import warnings

import pytest

import servgap
from servgap.datasets import load_example

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)", allow_module_level=True)

INJECTED = "<script>window.__pwned = 1</script>"
INJECTED_SEGMENT = "<img src=x onerror=\"window.__pwned = 2\">"


class Browser:
    """A headless Chromium driven over the DevTools protocol on a pipe (fd 3 in, fd 4 out)."""

    def __init__(self, tmp_path):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds():  # in the child: the command pipe on fd 3, the reply pipe on fd 4
            high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", f"--user-data-dir={tmp_path / 'profile'}",
             "--window-size=390,844", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_child)
        os.close(self._from_child)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory):
    raw = load_example(as_frame=True)
    raw["branch"] = [INJECTED_SEGMENT if i % 2 else "Jakarta <b>Pusat</b>" for i in range(len(raw))]
    base = servgap.instruments.get("servqual22")
    labels = {k: dict(v) for k, v in base.item_labels.items()}
    labels["1"] = {"en": f"{INJECTED} modern equipment", "id": INJECTED}
    inst = servgap.Instrument("hostile", dict(base.dimensions), scale=base.scale, item_labels=labels,
                              dimension_labels=base.dimension_labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = servgap.read_survey(raw, inst, id="respondent", segments=["branch", "customer_type"])
    path = tmp_path_factory.mktemp("html") / "report.html"
    servgap.report(survey, title=f"Report {INJECTED}").to_html(path)
    return path


@pytest.fixture(scope="module")
def page(hostile_html, tmp_path_factory):
    browser = Browser(tmp_path_factory.mktemp("chromium"))
    try:
        browser.send("Target.getTargets", timeout=60)  # the browser is up
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            browser.send(domain, session=session)
        browser.send("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2,
                                                            "mobile": True}, session=session)  # a phone
        browser.send("Page.navigate", {"url": hostile_html.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired", timeout=60)

        def evaluate(expression):
            result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                       "awaitPromise": True}, session=session)
            return result["result"].get("value")

        yield browser, evaluate
    finally:
        browser.close()


def test_loads_without_console_errors(page):
    browser, evaluate = page
    assert evaluate("document.readyState") == "complete"
    errors = [e for e in browser.events
              if e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    assert errors == []
    assert evaluate("document.title") == f"Report {INJECTED}"


def test_every_chart_is_displayed(page):
    _, evaluate = page
    images = evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight, "
                      "i.getBoundingClientRect().width])")
    assert len(images) >= 7  # forest, gap bars, dumbbell, two heatmaps, IPA grid, CSI gauge
    for complete, natural_width, natural_height, shown_width in images:
        assert complete and natural_width > 0 and natural_height > 0
        assert 0 < shown_width <= evaluate("window.innerWidth")  # scaled to the phone's width
    assert evaluate("window.innerWidth") == 390
    # the page does not scroll sideways on a phone: wide tables scroll inside their own box
    assert evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_injected_script_text_is_shown_not_run(page):
    _, evaluate = page
    assert evaluate("typeof window.__pwned") == "undefined"
    assert evaluate("document.querySelectorAll('script').length") == 0
    assert evaluate("document.querySelectorAll('img[src=x], b').length") == 0
    text = evaluate("document.body.innerText")
    assert INJECTED in text and INJECTED_SEGMENT in text and "Jakarta <b>Pusat</b>" in text
