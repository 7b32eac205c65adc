#!/usr/bin/env python3
"""PDF reports for the hand-in tests and the demo.

- hand-ins/breast-cancer/{alpha,bravo}/report.pdf: a binôme's TER report as matplotlib's
  PDF backend writes it (5 and 3 pages: text and figures, compressed content streams), used by
  `podium demo` and the tests.
- hand-ins/breast-cancer/authors/report.pdf: the challenge's authors' preparation report (4
  pages), handed in by their team (roster role `author`) in the demo.
- Tests/PodiumCoreTests/Fixtures/reports/objstm-4.pdf: 4 pages whose page tree is in a
  compressed object stream with a cross-reference stream (PDF 1.5, as pdfTeX and Word write
  them today), written object by object here.
- Tests/PodiumCoreTests/Fixtures/reports/plain-2.pdf: 2 pages, PDF 1.4, nothing compressed.
usage: /usr/bin/python3 scripts/report_fixtures.py"""
import pathlib, zlib
import matplotlib
matplotlib.use("pdf")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
import numpy as np

root = pathlib.Path(__file__).resolve().parent.parent
fixtures = root / "Tests/PodiumCoreTests/Fixtures/reports"
fixtures.mkdir(parents=True, exist_ok=True)

def report(path, team, pages, seed, title=None, lead=None):
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": f"TER report, team {team}", "Author": team, "CreationDate": None, "ModDate": None}) as pdf:
        for page in range(pages):
            fig = plt.figure(figsize=(8.27, 11.69))
            if page == 0:
                fig.text(0.1, 0.85, title or f"Breast cancer diagnosis: team {team}", size=18)
                fig.text(0.1, 0.8, "TER report, Master's AI mini-challenges", size=12)
                fig.text(0.1, 0.7, lead or "We compare a logistic regression with gradient boosting on the\n30 features of the Wisconsin data.", size=11)
            else:
                ax = fig.add_subplot(2, 1, 1)
                x = rng.normal(size=200)
                ax.hist(x, bins=20)
                ax.set_title(f"Figure {page}: a feature's distribution")
                ax = fig.add_subplot(2, 1, 2)
                ax.plot(np.cumsum(rng.normal(size=50)))
                ax.set_title(f"Figure {page}b: validation score by epoch")
            pdf.savefig(fig)
            plt.close(fig)

def objects_pdf(count, compressed):
    """A PDF of `count` empty A4 pages; with `compressed`, the catalog, the page tree and the
    pages sit in one /ObjStm and the cross-reference table is a stream."""
    # Object 1: catalog, 2: pages root, 3..: pages, then one content stream shared by all.
    n = count
    content_id = 3 + n
    dicts = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
             2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + i) for i in range(n)) + b"] /Count %d >>" % n}
    for i in range(n):
        dicts[3 + i] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % content_id
    content = b"BT /F1 12 Tf 72 720 Td (page) Tj ET"
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" if compressed else b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    if not compressed:
        for i in sorted(dicts):
            offsets[i] = len(out)
            out += b"%d 0 obj\n" % i + dicts[i] + b"\nendobj\n"
        offsets[content_id] = len(out)
        out += b"%d 0 obj\n<< /Length %d >>\nstream\n" % (content_id, len(content)) + content + b"\nendstream\nendobj\n"
        xref = len(out)
        size = content_id + 1
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for i in range(1, size):
            out += b"%010d 00000 n \n" % offsets[i]
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
        return bytes(out)
    # Object stream (object content_id + 1) holding objects 1..2+n.
    stm_id = content_id + 1
    header, body = b"", b""
    for i in sorted(dicts):
        header += b"%d %d " % (i, len(body))
        body += dicts[i] + b"\n"
    data = zlib.compress(header + body)
    offsets[content_id] = len(out)
    out += b"%d 0 obj\n<< /Length %d >>\nstream\n" % (content_id, len(content)) + content + b"\nendstream\nendobj\n"
    offsets[stm_id] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (stm_id, len(dicts), len(header), len(data)) + data + b"\nendstream\nendobj\n"
    xref_id = stm_id + 1
    size = xref_id + 1
    rows = b""
    for i in range(size):
        if i == 0:
            rows += bytes([0, 0, 0, 0, 255])
        elif i in dicts:
            rows += bytes([2]) + stm_id.to_bytes(2, "big") + sorted(dicts).index(i).to_bytes(2, "big")
        elif i == xref_id:
            rows += bytes([1]) + len(out).to_bytes(2, "big") + bytes([0, 0])
        else:
            rows += bytes([1]) + offsets[i].to_bytes(2, "big") + bytes([0, 0])
    packed = zlib.compress(rows)
    xref = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 2 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (xref_id, size, len(packed)) + packed + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)

report(root / "hand-ins/breast-cancer/alpha/report.pdf", "alpha", 5, 1)
report(root / "hand-ins/breast-cancer/bravo/report.pdf", "bravo", 3, 2)
report(root / "hand-ins/breast-cancer/authors/report.pdf", "authors", 4, 3, title="Preparing the breast-cancer challenge",
       lead="How we split the Wisconsin data, chose ROC AUC and checked the bundle\nfor leaks before publishing it.")
(fixtures / "objstm-4.pdf").write_bytes(objects_pdf(4, True))
(fixtures / "plain-2.pdf").write_bytes(objects_pdf(2, False))
for p in [root / "hand-ins/breast-cancer/alpha/report.pdf", root / "hand-ins/breast-cancer/bravo/report.pdf",
          root / "hand-ins/breast-cancer/authors/report.pdf", fixtures / "objstm-4.pdf", fixtures / "plain-2.pdf"]:
    print(p.relative_to(root), p.stat().st_size, "bytes")
