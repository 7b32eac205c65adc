"""Replays the cross-site request forgery of issue 12 in a real browser (headless Chromium,
driven through its DevTools protocol): the instructor is signed in; a page served on another
port of the same host sets the old form-token cookie and auto-submits the reveal form. Podium
must refuse it. Exits 0 when the private board stays hidden, 1 when the attack worked.
usage: python3 scripts/csrf_attack.py PODIUM_URL SESSION_COOKIE SLUG   (see csrf_attack.sh)"""
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import HTTPServer, SimpleHTTPRequestHandler

import websocket  # pip install websocket-client

podium, session, slug = sys.argv[1], sys.argv[2], sys.argv[3]
host = podium.split("//")[1].split(":")[0]

attacker = tempfile.mkdtemp()
with open(f"{attacker}/index.html", "w") as page:
    page.write(f"""<!doctype html><html><body>
<form id="f" method="post" action="{podium}/instructor/{slug}/reveal">
<input name="csrf" value="forged"><input name="confirm" value="yes"></form>
<script>document.cookie = "podium_csrf=forged; path=/"; document.getElementById("f").submit();</script>
</body></html>""")


class Quiet(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=attacker, **kwargs)

    def log_message(self, *args):
        pass


server = HTTPServer((host, 0), Quiet)
threading.Thread(target=server.serve_forever, daemon=True).start()
evil = f"http://{host}:{server.server_address[1]}/"

profile = tempfile.mkdtemp()
browser = subprocess.Popen(
    ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=9229",
     f"--user-data-dir={profile}", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen("http://127.0.0.1:9229/json"))
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                break
        except OSError:
            pass
        time.sleep(0.1)
    ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], suppress_origin=True)
    ids = iter(range(1, 1000))

    def call(method, **params):
        ws.send(json.dumps({"id": next(ids), "method": method, "params": params}))
        while True:
            reply = json.loads(ws.recv())
            if "id" in reply:
                return reply

    # The instructor's browser holds a valid session (as after signing in).
    call("Network.enable")
    call("Network.setCookie", name="podium_session", value=session, url=podium + "/", httpOnly=True, sameSite="Strict")
    # ... and visits the attacker's page on another port of the same host.
    call("Page.navigate", url=evil)
    time.sleep(4)
    challenges = json.load(urllib.request.urlopen(f"{podium}/api/v1/challenges"))
    revealed = next(c["revealed"] for c in challenges if c["slug"] == slug)
finally:
    browser.terminate()
    server.shutdown()
if revealed:
    print(f"ATTACK WORKED: the private board of {slug} was revealed by a page at {evil}")
    sys.exit(1)
print(f"attack refused: a page at {evil} could not reveal the private board of {slug}")
