import Foundation
import GRDB

extension Store {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Shipped migrations are never edited: add a new one instead.
        migrator.registerMigration("v1") { db in
            try db.create(table: "challenge") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("slug", .text).notNull().unique()
                t.column("title", .text).notNull()
                t.column("currentVersion", .integer).notNull()
                t.column("revealedAt", .datetime)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "challengeVersion") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("manifestJSON", .text).notNull()
                t.column("bundleSHA256", .text).notNull()
                t.column("readme", .text).notNull()
                t.column("solutionCSV", .blob).notNull()
                t.column("startingKit", .blob).notNull()
                t.column("baselineJSON", .text)
                t.column("publishedAt", .datetime).notNull()
                t.uniqueKey(["challengeId", "version"])
            }
            try db.create(table: "team") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.column("name", .text).notNull()
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["challengeId", "name"])
            }
            try db.create(table: "student") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.column("studentNumber", .text).notNull()
                t.column("name", .text).notNull()
                t.column("email", .text).notNull()
                t.uniqueKey(["challengeId", "studentNumber"])
            }
            try db.create(table: "submission") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("phase", .text).notNull()
                t.column("fileName", .text).notNull()
                t.column("sha256", .text).notNull()
                // The spellings of `SubmissionStatus` when v1 shipped (a migration is never edited).
                t.column("status", .text).notNull().check { ["accepted", "refused"].contains($0) }
                t.column("problemsJSON", .text)
                t.column("selected", .boolean).notNull().defaults(to: false)
                t.column("source", .text).notNull()
            }
            try db.create(index: "submission_team_time", on: "submission", columns: ["teamId", "status", "createdAt"])
            try db.create(index: "submission_team_hash", on: "submission", columns: ["teamId", "sha256"])
            try db.create(table: "scoreSet") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("submission", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("scoresJSON", .text)
                t.column("error", .text)
                t.column("scoredAt", .datetime).notNull()
                t.uniqueKey(["submissionId", "version"])
            }
            try db.create(table: "instructorToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: revoked sessions") { db in
            // Browser sessions ended before their time (sign-out), by their nonce.
            try db.create(table: "revokedSession") { t in
                t.primaryKey("nonce", .text)
                t.column("expiresAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v3: board figures") { db in
            // The baseline's file, archived like a submission, so that its predictions can be
            // resampled with the teams' (null for versions published before).
            // and the challenge's resolution as `podium check` measured it.
            try db.alter(table: "challengeVersion") { t in
                t.add(column: "baselineSHA256", .text)
                t.add(column: "resolutionJSON", .text)
            }
            // The paired bootstrap of each board, kept until what it depends on changes.
            try db.create(table: "boardFigures") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("board", .text).notNull()
                t.column("key", .text).notNull()
                t.column("figuresJSON", .text).notNull()
                t.column("samples", .blob).notNull()
                t.column("computedAt", .datetime).notNull()
                t.uniqueKey(["challengeId", "version", "board"])
            }
            // What each accepted submission did to its team's Ladder score, per version
            // (`public_board: ladder`), computed once, in submission order.
            try db.create(table: "ladderStep") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("submission", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("moved", .boolean).notNull()
                t.column("score", .double).notNull()
                t.column("margin", .double).notNull()
                t.uniqueKey(["submissionId", "version"])
            }
        }
        migrator.registerMigration("v4: submission descriptions") { db in
            // What the team wrote about the file (`--message`, the form, the API), if anything.
            try db.alter(table: "submission") { t in t.add(column: "message", .text) }
            // The instructor's list filters by team and status, newest first.
            try db.create(index: "submissionByChallengeTime", on: "submission", columns: ["challengeId", "createdAt"])
        }
        migrator.registerMigration("v5: boards in O(teams)") { db in
            // What a board needs of a score set without decoding it: its team, its time and
            // its primary public score as a rank key (higher is better: the score, or minus
            // it for a loss; null when undefined). A board reads each team's best few by
            // this index, whatever the number of submissions.
            try db.alter(table: "scoreSet") { t in
                t.add(column: "challengeId", .integer)
                t.add(column: "teamId", .integer)
                t.add(column: "createdAt", .datetime)
                t.add(column: "rankKey", .double)
            }
            try db.execute(
                sql: """
                    UPDATE scoreSet SET (challengeId, teamId, createdAt) =
                      (SELECT s.challengeId, s.teamId, s.createdAt FROM submission s WHERE s.id = scoreSet.submissionId)
                    """)
            // The rank key in SQL, frozen as v5 shipped it (a migration uses no application
            // type): the primary metric's public score, negated for the metrics where lower
            // is better then; null when the score is absent (undefined).
            try db.execute(
                sql: """
                    UPDATE scoreSet SET rankKey = (
                      SELECT CASE WHEN json_extract(v.manifestJSON, '$.metric') IN
                          ('log_loss', 'brier_score', 'rmse', 'mse', 'mae', 'mape', 'rmsle', 'median_absolute_error', 'max_error')
                        THEN -json_extract(scoreSet.scoresJSON, '$.scores.public."' || json_extract(v.manifestJSON, '$.metric') || '"')
                        ELSE json_extract(scoreSet.scoresJSON, '$.scores.public."' || json_extract(v.manifestJSON, '$.metric') || '"')
                      END
                      FROM challengeVersion v WHERE v.challengeId = scoreSet.challengeId AND v.version = scoreSet.version)
                    WHERE scoresJSON IS NOT NULL
                    """)
            try db.execute(
                sql: "CREATE INDEX scoreSet_board ON scoreSet(challengeId, version, teamId, rankKey DESC, createdAt, submissionId)")
            try db.execute(sql: "CREATE INDEX submission_selected ON submission(teamId) WHERE selected")
            // A team's accepted files in a phase (max_total), counted from the index alone.
            try db.create(index: "submission_team_phase", on: "submission", columns: ["teamId", "status", "phase"])
            // Each team's accepted submissions: how many, and the last one's time.
            try db.alter(table: "team") { t in
                t.add(column: "acceptedCount", .integer).notNull().defaults(to: 0)
                t.add(column: "lastAcceptedAt", .datetime)
            }
            try db.execute(
                sql: """
                    UPDATE team SET (acceptedCount, lastAcceptedAt) =
                      (SELECT COUNT(*), MAX(createdAt) FROM submission s WHERE s.teamId = team.id AND s.status = 'accepted')
                    """)
        }
        migrator.registerMigration("v6: python environments") { db in
            // The host's interpreters that run participants' code, by name (`podium environments add`).
            try db.create(table: "pythonEnvironment") { t in
                t.primaryKey("name", .text)
                t.column("python", .text).notNull()
                t.column("versionsJSON", .text).notNull()
                t.column("addedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v7: code runs") { db in
            // A code submission's run: the queue, the workers' leases, the outcome.
            try db.create(table: "codeRun") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("fileName", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("message", .text)
                t.column("status", .text).notNull().check { ["queued", "running", "accepted", "refused", "failed"].contains($0) }
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("worker", .text)
                t.column("leaseUntil", .datetime)
                t.column("startedAt", .datetime)
                t.column("finishedAt", .datetime)
                t.column("failureJSON", .text)
                t.belongsTo("submission", onDelete: .setNull)
                t.column("log", .text)
                t.column("elapsedSeconds", .double)
            }
            try db.create(index: "codeRun_queue", on: "codeRun", columns: ["status", "id"])
            try db.create(index: "codeRun_team", on: "codeRun", columns: ["teamId", "status"])
        }
        migrator.registerMigration("v8: runs on Slurm") { db in
            // The Slurm job running the current attempt, and the node it ran on.
            try db.alter(table: "codeRun") { t in
                t.add(column: "slurmJob", .text)
                t.add(column: "node", .text)
            }
        }
        migrator.registerMigration("v9: reports and supervisors") { db in
            // Every version of a team's report (the PDF in the archive, by its SHA-256).
            try db.create(table: "reportHandIn") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("challenge", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.column("version", .integer).notNull()
                t.column("fileName", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("pages", .integer).notNull()
                t.column("late", .boolean).notNull()
                t.column("handedInAt", .datetime).notNull()
                t.uniqueKey(["teamId", "version"])
            }
            // The researchers who mark the reports: a token each (stored hashed), and their teams.
            try db.create(table: "supervisor") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("email", .text).notNull().unique()
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "supervision") { t in
                t.belongsTo("supervisor", onDelete: .cascade).notNull()
                t.belongsTo("team", onDelete: .cascade).notNull()
                t.primaryKey(["supervisorId", "teamId"])
            }
            // One report mark per student of a challenge, and every change made to it.
            try db.create(table: "reportMark") { t in
                t.primaryKey("studentId", .integer).references("student", onDelete: .cascade)
                t.belongsTo("supervisor", onDelete: .setNull)
                t.column("mark", .double).notNull()
                t.column("comment", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "reportMarkChange") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("student", onDelete: .cascade).notNull()
                t.belongsTo("supervisor", onDelete: .setNull)
                t.column("at", .datetime).notNull()
                t.column("oldMark", .double)
                t.column("newMark", .double).notNull()
                t.column("oldComment", .text)
                t.column("newComment", .text).notNull()
            }
            // When the instructor locked the report marks (nil: supervisors may change them).
            try db.alter(table: "challenge") { t in t.add(column: "marksLockedAt", .datetime) }
        }
        migrator.registerMigration("v10: authors' teams") { db in
            // A challenge's authors are a team of their own on its roster: they hand in their
            // preparation report and are marked, but do not submit nor rank.
            try db.alter(table: "team") { t in t.add(column: "role", .text).notNull().defaults(to: "participant") }
        }
        return migrator
    }
}
