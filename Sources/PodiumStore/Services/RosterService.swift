import Foundation
import GRDB
import PodiumCore

public struct RosterReport: Sendable {
    /// Teams created by this import, with their token (shown once, never stored in clear).
    public var newTeams: [(team: String, token: String)]
    public var addedStudents: [String]
    public var changes: [String]
    public var unchanged: Int
    /// Teams of other sizes than 2 (allowed, flagged).
    public var flagged: [(team: String, size: Int)]
    /// Students in the store but not in this roster (kept).
    public var notInRoster: [String]
    /// Students of this roster on the authors' team (role `author`).
    public var authors: [String] = []
}

/// The roster: binômes and their students, imported from the course's CSV.
public struct RosterService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Imports `student_id,name,email,team[,role]`: creates teams (binômes) and students, or
    /// reports what changed when the same roster comes again. `role` is `participant` (the
    /// default, an empty cell too) or `author`: the challenge's own authors, a team that hands in
    /// its preparation report and is marked, but neither submits nor ranks. A team has one role.
    public func importRoster(_ url: URL, challenge slug: String) throws -> RosterReport {
        let table = try CSVTable.read(url)
        let file = url.lastPathComponent
        let required = ["student_id", "name", "email", "team"]
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for column in required where !header.contains(column) {
            throw CSVError(file: file, line: 1, message: "no column \(Echo.quoted(column)); expected the header student_id,name,email,team")
        }
        let index = required.map { header.firstIndex(of: $0)! }
        let roleColumn = header.firstIndex(of: "role")
        var students: [Student] = []
        var seen: [String: Int] = [:]
        var roles: [String: (role: TeamRole, line: Int)] = [:]
        for (i, row) in table.rows.enumerated() {
            let line = table.lines[i]
            let fields = index.map { row[$0].trimmingCharacters(in: .whitespaces) }
            for (column, value) in zip(required, fields) {
                if value.isEmpty && column != "email" { throw CSVError(file: file, line: line, message: "\(column) is empty") }
                // A quoted cell may hold a line break or a tab: a name or team so written
                // breaks every table, sheet and command line it is shown in.
                if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    throw CSVError(
                        file: file, line: line, message: "\(column) \(Echo.quoted(value)) holds a line break, a tab or another control character")
                }
            }
            if let earlier = seen[fields[0]] {
                throw CSVError(file: file, line: line, message: "student \(Echo.quoted(fields[0])) is already listed on line \(earlier)")
            }
            seen[fields[0]] = line
            let cell = roleColumn.map { row[$0].trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard let role = cell.isEmpty ? .participant : TeamRole(rawValue: cell) else {
                throw CSVError(
                    file: file, line: line, message: "role \(Echo.quoted(row[roleColumn!])) is not one of participant, author (empty: participant)")
            }
            if let other = roles[fields[3]], other.role != role {
                throw CSVError(
                    file: file, line: line,
                    message:
                        "team \(Echo.quoted(fields[3])) is \(other.role.rawValue) on line \(other.line) and \(role.rawValue) here; a team has one role"
                )
            }
            roles[fields[3]] = roles[fields[3]] ?? (role, line)
            students.append(Student(studentId: fields[0], name: fields[1], email: fields[2], team: fields[3], role: role))
        }
        let now = store.clock()
        return try store.writer.write { db in
            let challengeId = try ChallengeRecord.current(db, slug: slug).0.requireID()
            var report = RosterReport(newTeams: [], addedStudents: [], changes: [], unchanged: 0, flagged: [], notInRoster: [])
            var teams = Dictionary(
                uniqueKeysWithValues: try TeamRecord.all().of(challenge: challengeId).fetchAll(db).map { ($0.name, $0) })
            for name in Set(students.map(\.team)).sorted() {
                let role = roles[name]!.role
                guard var team = teams[name] else {
                    let token = Tokens.generate(prefix: "team")
                    var team = TeamRecord(id: nil, challengeId: challengeId, name: name, tokenHash: Tokens.hash(token), createdAt: now, role: role)
                    try team.insert(db)
                    teams[name] = team
                    report.newTeams.append((name, token))
                    continue
                }
                if team.role != role {
                    // Authors submit nothing: a team with submissions stays a participant.
                    if role == .author, try SubmissionRecord.filter(Column("teamId") == team.id).fetchCount(db) > 0 {
                        throw CSVError(
                            file: file, line: roles[name]!.line,
                            message: "team \(Echo.quoted(name)) has submissions: it cannot become the authors' team (authors do not submit)")
                    }
                    report.changes.append("team \(name): role \(team.role.rawValue) → \(role.rawValue)")
                    team.role = role
                    try team.update(db)
                    teams[name] = team
                }
            }
            let existing = Dictionary(
                uniqueKeysWithValues: try StudentRecord.all().of(challenge: challengeId).fetchAll(db).map { ($0.studentNumber, $0) })
            let teamNames = Dictionary(uniqueKeysWithValues: teams.values.map { ($0.id!, $0.name) })
            for student in students {
                let teamId = teams[student.team]!.id!
                if var record = existing[student.studentId] {
                    var what: [String] = []
                    if record.teamId != teamId { what.append("team \(teamNames[record.teamId] ?? "?") → \(student.team)") }
                    if record.name != student.name { what.append("name \(record.name) → \(student.name)") }
                    if record.email != student.email { what.append("email \(record.email) → \(student.email)") }
                    if what.isEmpty {
                        report.unchanged += 1
                    } else {
                        (record.teamId, record.name, record.email) = (teamId, student.name, student.email)
                        try record.update(db)
                        report.changes.append("\(student.studentId): " + what.joined(separator: ", "))
                    }
                } else {
                    var record = StudentRecord(
                        id: nil, challengeId: challengeId, teamId: teamId, studentNumber: student.studentId, name: student.name, email: student.email)
                    try record.insert(db)
                    report.addedStudents.append(student.studentId)
                }
            }
            report.notInRoster = existing.keys.filter { seen[$0] == nil }.sorted()
            report.authors = students.filter { $0.role == .author }.map(\.studentId)
            for team in teams.values.sorted(by: { $0.name < $1.name }) {
                let size = try StudentRecord.all().of(team: try team.requireID()).fetchCount(db)
                if size != 2 { report.flagged.append((team.name, size)) }
            }
            return report
        }
    }

    /// What the team `name` is to the challenge `slug` (its roster role).
    public func role(_ slug: String, team name: String) throws -> TeamRole {
        try store.writer.read { db in try TeamRecord.find(db, in: try ChallengeRecord.current(db, slug: slug).0, .name(name)).role }
    }

    /// Students of a challenge with their team.
    public func students(_ slug: String) throws -> [Student] {
        try store.writer.read { db in
            let challengeId = try ChallengeRecord.current(db, slug: slug).0.requireID()
            let team = TableAlias()
            return try StudentRecord.all().of(challenge: challengeId).including(required: StudentRecord.team.aliased(team))
                .order(team[TeamRecord.Columns.name], StudentRecord.Columns.name).asRequest(of: StudentWithTeam.self).fetchAll(db)
                .map {
                    Student(
                        studentId: $0.student.studentNumber, name: $0.student.name, email: $0.student.email, team: $0.team.name, role: $0.team.role)
                }
        }
    }
}
