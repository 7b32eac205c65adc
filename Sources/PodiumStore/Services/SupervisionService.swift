import Foundation
import GRDB
import PodiumCore

/// A supervisor added (`token` is shown this once; nil when the supervisor already existed and
/// only their teams were added).
public struct SupervisorAdded: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var email: String
    public var token: String?
    public var teams: [String]
}

/// A supervisor and the teams they mark, across challenges.
public struct SupervisorView: Codable, Sendable, Equatable {
    public struct SupervisedTeam: Codable, Sendable, Equatable {
        public var challenge: String
        public var team: String
    }
    public var id: Int64
    public var name: String
    public var email: String
    public var teams: [SupervisedTeam]
}

/// A student's report mark as it stands (nil mark: not marked yet).
public struct StudentMark: Codable, Sendable, Equatable {
    public var studentId: String
    public var name: String
    public var team: String
    public var mark: Double?
    public var comment: String?
    public var markedBy: String?
    public var updatedAt: Date?
}

/// What a supervisor enters for one student.
public struct MarkEntry: Codable, Sendable, Equatable {
    public var studentId: String
    public var mark: Double
    public var comment: String?

    public init(studentId: String, mark: Double, comment: String? = nil) {
        self.studentId = studentId
        self.mark = mark
        self.comment = comment
    }
}

/// One change of a mark: who made it, when, the old and the new value.
public struct MarkChange: Codable, Sendable, Equatable {
    public var studentId: String
    public var by: String
    public var at: Date
    public var oldMark: Double?
    public var newMark: Double
    public var oldComment: String?
    public var newComment: String
}

/// A team as its supervisor sees it: its students and their marks, its reports.
public struct MarkingSheet: Codable, Sendable, Equatable {
    public var challenge: String
    public var team: String
    public var scale: Double
    public var locked: Bool
    public var students: [StudentMark]
    public var reports: [HandInReceipt]
}

/// Who enters a mark: a supervisor (only for their teams), or the instructor (any team).
public enum Marker: Sendable, Equatable {
    case supervisor(Int64)
    case instructor
}

/// Supervisors, the teams they mark, and the report marks: changed until the instructor locks
/// them, every change kept.
public struct SupervisionService: Sendable {
    /// The longest comment kept.
    public static let maxComment = 4000
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Adds a supervisor (or, for an email already known, their new teams) for `teams` of `slug`.
    public func add(name: String, email: String, challenge slug: String, teams: [String]) throws -> SupervisorAdded {
        let name = name.trimmingCharacters(in: .whitespaces)
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty else { throw StoreError.marking(.invalid("a supervisor needs a name")) }
        guard email.contains("@"), !email.contains(" ") else {
            throw StoreError.marking(.invalid("\(Echo.quoted(email)) is not an email address"))
        }
        guard !teams.isEmpty else { throw StoreError.marking(.invalid("a supervisor needs at least one team (--teams T1,T2)")) }
        let now = store.clock()
        return try store.writer.write { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            let records = try teams.map { try TeamRecord.find(db, in: challenge, .name($0)) }
            var token: String?
            var supervisor: SupervisorRecord
            if let known = try SupervisorRecord.filter(SupervisorRecord.Columns.email == email).fetchOne(db) {
                supervisor = known
            } else {
                let fresh = Tokens.generate(prefix: "supervisor")
                supervisor = SupervisorRecord(id: nil, name: name, email: email, tokenHash: Tokens.hash(fresh), createdAt: now)
                try supervisor.insert(db)
                token = fresh
            }
            for team in records {
                try SupervisionRecord(supervisorId: supervisor.requireID(), teamId: team.requireID()).insert(db, onConflict: .ignore)
            }
            return SupervisorAdded(id: try supervisor.requireID(), name: supervisor.name, email: email, token: token, teams: records.map(\.name))
        }
    }

    /// Removes a supervisor (a token that leaked, a researcher who left): their token stops
    /// working at once, and their signed-in pages find no team of theirs. The marks they
    /// entered stay, shown as the instructor's.
    public func remove(email: String) throws {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try store.writer.write { db in
            guard var supervisor = try SupervisorRecord.filter(SupervisorRecord.Columns.email == email).fetchOne(db) else {
                throw StoreError.marking(.unknownSupervisor(Echo.quoted(email)))
            }
            // Kept (their name stays on the marks and changes they made), with a hash no token
            // has and no team; the email is freed for a new token.
            supervisor.tokenHash = "removed:" + Tokens.generate(prefix: "x")
            supervisor.email = "removed:\(try supervisor.requireID()):" + email
            try supervisor.update(db)
            try SupervisionRecord.filter(SupervisionRecord.Columns.supervisorId == supervisor.requireID()).deleteAll(db)
        }
    }

    /// Every supervisor with their teams.
    public func supervisors() throws -> [SupervisorView] {
        try store.writer.read { db in
            try SupervisorRecord.filter(!SupervisorRecord.Columns.email.like("removed:%")).order(Column("name")).fetchAll(db).map { s in
                SupervisorView(id: try s.requireID(), name: s.name, email: s.email, teams: try Self.teams(db, of: s.requireID()))
            }
        }
    }

    /// The supervisor a token belongs to, compared in constant time after the lookup by hash.
    public func supervisor(ofToken token: String) throws -> SupervisorView? {
        let hash = Tokens.hash(token.trimmingCharacters(in: .whitespacesAndNewlines))
        return try store.writer.read { db -> SupervisorView? in
            guard let s = try SupervisorRecord.filter(SupervisorRecord.Columns.tokenHash == hash).fetchOne(db),
                Tokens.constantTimeEquals(s.tokenHash, hash)
            else { return nil }
            return SupervisorView(id: try s.requireID(), name: s.name, email: s.email, teams: try Self.teams(db, of: s.requireID()))
        }
    }

    public func supervisor(id: Int64) throws -> SupervisorView {
        try store.writer.read { db in
            guard let s = try SupervisorRecord.fetchOne(db, key: id) else { throw StoreError.marking(.unknownSupervisor("#\(id)")) }
            return SupervisorView(id: id, name: s.name, email: s.email, teams: try Self.teams(db, of: id))
        }
    }

    static func teams(_ db: Database, of supervisor: Int64) throws -> [SupervisorView.SupervisedTeam] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT c.slug, t.name FROM supervision s JOIN team t ON t.id = s.teamId JOIN challenge c ON c.id = t.challengeId
                WHERE s.supervisorId = ? ORDER BY c.slug, t.name
                """, arguments: [supervisor]
        ).map { SupervisorView.SupervisedTeam(challenge: $0[0], team: $0[1]) }
    }

    /// A team's marking sheet; `marker` must supervise it (the instructor sees every team).
    public func sheet(_ slug: String, team: String, for marker: Marker) throws -> MarkingSheet {
        try store.writer.read { db in try Self.sheet(db, slug, team: team, marker: marker) }
    }

    static func sheet(_ db: Database, _ slug: String, team name: String, marker: Marker) throws -> MarkingSheet {
        let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
        guard let settings = version.manifest.grading.report else { throw StoreError.marking(.noReport(challenge: slug)) }
        let team = try TeamRecord.find(db, in: challenge, .name(name))
        let teamId = try team.requireID()
        if case .supervisor(let id) = marker {
            guard
                try SupervisionRecord.filter(SupervisionRecord.Columns.supervisorId == id && SupervisionRecord.Columns.teamId == teamId).fetchCount(
                    db) > 0
            else { throw StoreError.marking(.notSupervised(team: name, challenge: slug)) }
        }
        let students = try studentMarks(db, filter: "st.teamId = ?", teamId)
        let reports = try ReportHandInRecord.filter(ReportHandInRecord.Columns.teamId == teamId).order(ReportHandInRecord.Columns.version)
            .fetchAll(db).map { ReportHandInService.receipt($0, team: name, settings: settings) }
        return MarkingSheet(
            challenge: slug, team: name, scale: version.manifest.grading.scale, locked: challenge.marksLockedAt != nil, students: students,
            reports: reports)
    }

    /// The students passing `filter` (SQL on `st`, the student table) with their marks, in
    /// team then name order: one read for a team's sheet or a whole challenge's marks.
    static func studentMarks(_ db: Database, filter: String, _ argument: Int64) throws -> [StudentMark] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT st.studentNumber, st.name, t.name AS team, m.mark, m.comment, m.updatedAt, sv.name AS markedBy
                FROM student st JOIN team t ON t.id = st.teamId
                LEFT JOIN reportMark m ON m.studentId = st.id LEFT JOIN supervisor sv ON sv.id = m.supervisorId
                WHERE \(filter) ORDER BY t.name, st.name, st.studentNumber
                """, arguments: [argument]
        ).map { r in
            StudentMark(
                studentId: r["studentNumber"], name: r["name"], team: r["team"], mark: r["mark"], comment: r["comment"],
                markedBy: r["mark"] == nil ? nil : ((r["markedBy"] as String?) ?? "the instructor"), updatedAt: r["updatedAt"])
        }
    }

    /// Enters marks (and comments) for students of a team: all or none, each change kept.
    @discardableResult
    public func setMarks(_ slug: String, team: String, entries: [MarkEntry], by marker: Marker) throws -> MarkingSheet {
        guard !entries.isEmpty else {
            throw StoreError.marking(.invalid("no mark given; expected {\"students\": [{\"studentId\", \"mark\", \"comment\"}]}"))
        }
        let now = store.clock()
        return try store.writer.write { db in
            let sheet = try Self.sheet(db, slug, team: team, marker: marker)
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            guard challenge.marksLockedAt == nil else { throw StoreError.marking(.locked(challenge: slug)) }
            var seen = Set<String>()
            for entry in entries {
                guard sheet.students.contains(where: { $0.studentId == entry.studentId }) else {
                    throw StoreError.marking(.invalid("student \(Echo.quoted(entry.studentId)) is not a member of team \(Echo.quoted(team))"))
                }
                guard seen.insert(entry.studentId).inserted else {
                    throw StoreError.marking(.invalid("student \(Echo.quoted(entry.studentId)) is given twice"))
                }
                guard entry.mark.isFinite, entry.mark >= 0, entry.mark <= sheet.scale else {
                    throw StoreError.marking(
                        .invalid(
                            "mark \(entry.mark) of student \(Echo.quoted(entry.studentId)) is not between 0 and \(sheet.scale) (the grading scale)"))
                }
                guard (entry.comment ?? "").count <= Self.maxComment else {
                    throw StoreError.marking(
                        .invalid("the comment on student \(Echo.quoted(entry.studentId)) is longer than \(Self.maxComment) characters"))
                }
            }
            let supervisorId: Int64? = if case .supervisor(let id) = marker { id } else { nil }
            for entry in entries {
                let studentId = try Int64.fetchOne(
                    db,
                    sql:
                        "SELECT st.id FROM student st JOIN team t ON t.id = st.teamId WHERE t.challengeId = ? AND t.name = ? AND st.studentNumber = ?",
                    arguments: [challenge.id, team, entry.studentId])!
                let comment = entry.comment ?? ""
                let old = try ReportMarkRecord.filter(ReportMarkRecord.Columns.studentId == studentId).fetchOne(db)
                if let old, old.mark == entry.mark, old.comment == comment { continue }
                try ReportMarkRecord(studentId: studentId, supervisorId: supervisorId, mark: entry.mark, comment: comment, updatedAt: now).save(db)
                var change = ReportMarkChangeRecord(
                    id: nil, studentId: studentId, supervisorId: supervisorId, at: now, oldMark: old?.mark, newMark: entry.mark,
                    oldComment: old?.comment, newComment: comment)
                try change.insert(db)
            }
            return try Self.sheet(db, slug, team: team, marker: marker)
        }
    }

    /// Locks (or unlocks) the report marks of a challenge; returns whether they are locked.
    @discardableResult
    public func lock(_ slug: String, _ locked: Bool = true) throws -> Bool {
        let now = store.clock()
        return try store.writer.write { db in
            var (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            challenge.marksLockedAt = locked ? (challenge.marksLockedAt ?? now) : nil
            try challenge.update(db)
            return locked
        }
    }

    /// Every student's report mark in a challenge, by student id (unmarked students absent).
    public func marks(_ slug: String) throws -> [String: StudentMark] {
        try store.writer.read { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            let marked = try Self.studentMarks(db, filter: "st.challengeId = ?", challenge.requireID()).filter { $0.mark != nil }
            return Dictionary(marked.map { ($0.studentId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Every change of the marks of a challenge, oldest first.
    public func changes(_ slug: String) throws -> [MarkChange] {
        try store.writer.read { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT st.studentNumber, sv.name AS supervisor, c.at, c.oldMark, c.newMark, c.oldComment, c.newComment
                    FROM reportMarkChange c JOIN student st ON st.id = c.studentId LEFT JOIN supervisor sv ON sv.id = c.supervisorId
                    WHERE st.challengeId = ? ORDER BY c.id
                    """, arguments: [challenge.id]
            ).map { r in
                MarkChange(
                    studentId: r["studentNumber"], by: (r["supervisor"] as String?) ?? "the instructor", at: r["at"], oldMark: r["oldMark"],
                    newMark: r["newMark"], oldComment: r["oldComment"], newComment: r["newComment"])
            }
        }
    }

    /// When the report marks of a challenge were locked (nil: they are not).
    public func lockedAt(_ slug: String) throws -> Date? {
        try store.writer.read { db in try ChallengeRecord.current(db, slug: slug).0.marksLockedAt }
    }
}
