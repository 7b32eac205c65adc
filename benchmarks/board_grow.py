#!/usr/bin/env python3
"""Grows a benchmark store to TOTAL accepted submissions by copying the ones `podium ingest`
recorded (same files, scores and teams; later times), filling what `podium submit` fills:
the submission row, its score set with the board index's columns, the team's counters.
It stands in for hours of ingest so that the board and ingest benchmark can run at 100,000
submissions. usage: board_grow.py STORE_DIR TOTAL"""
import sqlite3, sys

store, total = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(f"{store}/podium.sqlite")
db.execute("PRAGMA journal_mode=WAL")
templates = db.execute(
    "SELECT s.challengeId, s.teamId, s.createdAt, s.phase, s.fileName, s.sha256, s.source, "
    "sc.version, sc.scoresJSON, sc.scoredAt, sc.rankKey FROM submission s JOIN scoreSet sc ON sc.submissionId = s.id "
    "WHERE s.status = 'accepted' ORDER BY s.id").fetchall()
have = db.execute("SELECT COUNT(*) FROM submission").fetchone()[0]
cur = db.cursor()
for k in range(total - have):
    (challenge, team, created, phase, name, sha, source, version, scores, scored, rank) = templates[k % len(templates)]
    # Earlier than every real file, one second apart: the real ones stay the newest.
    when = f"2020-01-01 00:00:00.000"
    cur.execute(
        "INSERT INTO submission (challengeId, teamId, createdAt, phase, fileName, sha256, status, selected, source) "
        "VALUES (?, ?, datetime('2020-01-01', ? || ' seconds'), ?, ?, ?, 'accepted', 0, ?)",
        (challenge, team, str(k), phase, name, sha, source))
    sid = cur.lastrowid
    cur.execute(
        "INSERT INTO scoreSet (submissionId, version, scoresJSON, scoredAt, challengeId, teamId, createdAt, rankKey) "
        "SELECT ?, ?, ?, ?, ?, ?, createdAt, ? FROM submission WHERE id = ?",
        (sid, version, scores, scored, challenge, team, rank, sid))
db.execute("UPDATE team SET (acceptedCount, lastAcceptedAt) = "
           "(SELECT COUNT(*), MAX(createdAt) FROM submission s WHERE s.teamId = team.id AND s.status = 'accepted')")
db.commit()
print(db.execute("SELECT COUNT(*) FROM submission").fetchone()[0])
