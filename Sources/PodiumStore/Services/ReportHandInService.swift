import Foundation
import GRDB
import PodiumCore

/// One version of a team's report, as the team and its supervisors see it.
public struct HandInReceipt: Codable, Sendable, Equatable {
    public var team: String
    public var version: Int
    public var fileName: String
    public var pages: Int
    /// Handed in after `grading.report.due`.
    public var late: Bool
    public var sha256: String
    public var bytes: Int
    public var handedInAt: Date
    /// The page count outside `grading.report.pages`: said, not refused.
    public var warning: String?
}

/// The TER reports teams hand in: a PDF checked as one, every version kept in the archive,
/// replaceable until the due date and still accepted after it, marked late.
public struct ReportHandInService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Hands in `data` as the team's next report version.
    public func handIn(_ slug: String, team reference: TeamReference, data: Data, fileName: String) throws -> HandInReceipt {
        let manifest = try ChallengeService(store).manifest(slug)
        guard let settings = manifest.grading.report else { throw StoreError.marking(.noReport(challenge: slug)) }
        let name = Echo.fileName(fileName, fallback: "report.pdf")
        // Checked before anything is written: a file that is not a PDF leaves no trace.
        let pages = try PDFFile.pageCount(data, file: name)
        // The team first: a refused hand-in leaves no file in the archive.
        try store.writer.read { db in _ = try TeamRecord.find(db, in: try ChallengeRecord.current(db, slug: slug).0, reference) }
        let sha256 = try store.archive.store(data)
        let now = store.clock()
        return try store.writer.write { db in
            let (challenge, _) = try ChallengeRecord.current(db, slug: slug)
            let team = try TeamRecord.find(db, in: challenge, reference)
            let teamId = try team.requireID()
            let last =
                try Int.fetchOne(db, sql: "SELECT MAX(version) FROM reportHandIn WHERE teamId = ?", arguments: [teamId]) ?? 0
            var record = ReportHandInRecord(
                id: nil, challengeId: try challenge.requireID(), teamId: teamId, version: last + 1, fileName: name, sha256: sha256,
                bytes: data.count, pages: pages, late: settings.due.map { now > $0 } ?? false, handedInAt: now)
            try record.insert(db)
            return Self.receipt(record, team: team.name, settings: settings)
        }
    }

    /// Every version a team handed in, the first first.
    public func versions(_ slug: String, team: String) throws -> [HandInReceipt] {
        try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            let record = try TeamRecord.find(db, in: challenge, .name(team))
            return try ReportHandInRecord.filter(ReportHandInRecord.Columns.teamId == record.requireID()).order(ReportHandInRecord.Columns.version)
                .fetchAll(db).map { Self.receipt($0, team: team, settings: version.manifest.grading.report) }
        }
    }

    /// Each team's last version, by team name.
    public func latest(_ slug: String) throws -> [String: HandInReceipt] {
        try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            let teams = Dictionary(
                uniqueKeysWithValues: try TeamRecord.all().of(challenge: try challenge.requireID()).fetchAll(db).map { ($0.id!, $0.name) })
            var latest: [String: HandInReceipt] = [:]
            for record in try ReportHandInRecord.filter(ReportHandInRecord.Columns.challengeId == challenge.requireID())
                .order(ReportHandInRecord.Columns.version).fetchAll(db)
            {
                guard let team = teams[record.teamId] else { continue }
                latest[team] = Self.receipt(record, team: team, settings: version.manifest.grading.report)
            }
            return latest
        }
    }

    /// The PDF of one version.
    public func file(_ slug: String, team: String, version: Int) throws -> (data: Data, fileName: String) {
        let found = try versions(slug, team: team).first { $0.version == version }
        guard let found else { throw StoreError.marking(.invalid("team \(Echo.quoted(team)) has no report version \(version)")) }
        return (try CSVSource.contents(store.archive.url(for: found.sha256), maxBytes: PDFFile.defaultMaxBytes), found.fileName)
    }

    static func receipt(_ r: ReportHandInRecord, team: String, settings: ReportSettings?) -> HandInReceipt {
        var warning: String?
        if let settings, let range = settings.pages, settings.pagesOutside(r.pages) {
            warning = "\(r.pages) page\(r.pages == 1 ? "" : "s"); the report is expected to have \(range[0]) to \(range[1])"
        }
        return HandInReceipt(
            team: team, version: r.version, fileName: r.fileName, pages: r.pages, late: r.late, sha256: r.sha256, bytes: r.bytes,
            handedInAt: r.handedInAt, warning: warning)
    }
}
