import Foundation

/// The kind of prediction problem a challenge poses.
public enum TaskKind: String, Codable, Sendable, CaseIterable {
    case binary, multiclass, regression

    public var isClassification: Bool { self != .regression }
}

/// What a submission file holds for each id.
public enum SubmissionKind: String, Codable, Sendable, CaseIterable {
    case probability, label, value
}

public struct Author: Codable, Sendable, Equatable {
    public var name: String
    public var email: String?

    public init(name: String, email: String? = nil) {
        self.name = name
        self.email = email
    }
}

/// `reveal` of a phase: the private board is revealed by the instructor (`podium reveal`), or
/// by itself when the phase closes.
public enum RevealMode: String, Codable, Sendable, CaseIterable {
    case manual
    case atClose = "at_close"
}

/// A submission window with its limits.
public struct Phase: Codable, Sendable, Equatable {
    public var name: String
    public var opens: Date?
    public var closes: Date?
    public var maxPerDay: Int?
    public var maxTotal: Int?
    public var finalSelection: Int
    /// Nil (manifests stored before it existed, or no key) means manual.
    public var reveal: RevealMode?

    public init(
        name: String, opens: Date? = nil, closes: Date? = nil, maxPerDay: Int? = nil,
        maxTotal: Int? = nil, finalSelection: Int = 2
    ) {
        self.name = name
        self.opens = opens
        self.closes = closes
        self.maxPerDay = maxPerDay
        self.maxTotal = maxTotal
        self.finalSelection = finalSelection
    }

    /// Whether `date` falls inside the window (`opens` inclusive, `closes` exclusive).
    public func isOpen(at date: Date) -> Bool {
        if let opens, date < opens { return false }
        if let closes, date >= closes { return false }
        return true
    }

    public static let alwaysOpen = Phase(name: "main")
}

public enum GradingPolicy: String, Codable, Sendable, CaseIterable {
    case linear, rank, thresholds
}

/// A score band of the `thresholds` policy: a score at least as good as `score` earns `grade`.
public struct GradeThreshold: Codable, Sendable, Equatable {
    public var score: Double
    public var grade: Double

    public init(score: Double, grade: Double) {
        self.score = score
        self.grade = grade
    }
}

/// How private scores become grades.
public struct Grading: Codable, Sendable, Equatable {
    public var scale: Double = 20
    public var policy: GradingPolicy = .linear
    /// linear: grade given for the baseline's score (or worse).
    public var baselineGrade: Double = 10
    /// linear: grade given for the best team's score.
    public var bestGrade: Double?
    /// rank: grades of the first and the last ranked team.
    public var topGrade: Double?
    public var bottomGrade: Double = 10
    /// thresholds: score bands, each giving at least its grade.
    public var thresholds: [GradeThreshold] = []
    /// Grades are rounded to a multiple of this step (0 = no rounding).
    public var rounding: Double = 0.5
    /// Grade given to a student whose team has no valid submission.
    public var noSubmission: Double = 0
    /// `uncertainty`: nil or `.none` grades the board's scores; `.expected` grades each
    /// bootstrap resample and takes the mean. Optional so that manifests stored before it
    /// existed still decode.
    public var uncertainty: GradeUncertainty?
    /// `grading.report`: the TER report each team hands in, marked by its supervisors (nil:
    /// no report in Podium; other marks come with `podium grades --marks`).
    public var report: ReportSettings?

    public init() {}

    /// Whether the challenge grade is the mean over the resamples.
    public var usesExpectedGrade: Bool { uncertainty == .expected }
}

/// `grading.report` in challenge.yaml: the report a team hands in as a PDF.
public struct ReportSettings: Codable, Sendable, Equatable {
    /// The report mark's weight in the TER grade (the challenge grade gets the rest).
    public var weight: Double
    /// Hand-ins after it are accepted and marked late (nil: no due date).
    public var due: Date?
    /// The expected page count, first and last (outside: a warning, not a refusal).
    public var pages: [Int]?

    public init(weight: Double, due: Date? = nil, pages: [Int]? = nil) {
        self.weight = weight
        self.due = due
        self.pages = pages
    }

    /// Whether `count` pages is outside the expected range.
    public func pagesOutside(_ count: Int) -> Bool {
        guard let pages, pages.count == 2 else { return false }
        return count < pages[0] || count > pages[1]
    }
}

/// `grading.uncertainty` in challenge.yaml.
public enum GradeUncertainty: String, Codable, Sendable, CaseIterable {
    case none, expected
}

/// `ranking` in challenge.yaml: the paired bootstrap behind every board's intervals and tiers.
public struct RankingSettings: Codable, Sendable, Equatable {
    public static let maxResamples = 100_000
    /// Seeds are kept below 2^53 so that JSON readers (JavaScript's numbers) see them exactly.
    public static let maxSeed: UInt64 = (1 << 53) - 1

    /// Resamples; 0 turns the bootstrap off.
    public var bootstrap: Int = 1000
    public var confidence: Double = 0.95
    /// Nil: derived from the slug and the version (see `seed(slug:version:)`).
    public var seed: UInt64?

    public init(bootstrap: Int = 1000, confidence: Double = 0.95, seed: UInt64? = nil) {
        self.bootstrap = bootstrap
        self.confidence = confidence
        self.seed = seed
    }

    /// The seed in use: the configured one, else the first 53 bits of
    /// SHA-256("podium-bootstrap:<slug>:<version>"), so every reader of a board sees the
    /// same figures, and a new version draws new resamples.
    public func seed(slug: String, version: Int) -> UInt64 {
        if let seed { return seed }
        let digest = Hashing.sha256Bytes(Data("podium-bootstrap:\(slug):\(version)".utf8))
        return digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & Self.maxSeed
    }
}

/// A challenge's `challenge.yaml`, validated.
/// `board_names` in challenge.yaml.
public enum BoardNames: String, Codable, Sendable, CaseIterable {
    case teams, members
}

public struct ChallengeManifest: Codable, Sendable, Equatable {
    /// Class indices are kept in 16 bits.
    public static let maxClasses = Int(UInt16.max)
    /// Bounds of the manifest's numbers, checked with their line when it is read.
    public static let maxVersion = 1_000_000
    public static let maxLimit = 1_000_000
    public static let maxFinalSelection = 1_000
    public static let maxScale = 1_000.0
    /// The largest magnitude of any number Podium reads as a value (see `NumberParser.limit`).
    public static let maxNumber = NumberParser.limit

    public var slug: String
    public var title: String
    public var version: Int
    public var authors: [Author]
    public var task: TaskKind
    public var id: String
    public var target: String
    public var classes: [String]
    public var positive: String?
    public var submission: SubmissionKind
    public var metric: Metric
    public var metrics: [Metric]
    public var baseline: String?
    public var timezone: String
    public var phases: [Phase]
    public var grading: Grading
    /// What public pages and the anonymous API show of a team: its name (nil: the default), or
    /// its members' names too.
    public var boardNames: BoardNames?
    /// `ranking`; nil (manifests stored before it existed, or no key) means the defaults.
    public var ranking: RankingSettings?
    /// `public_board`; nil means `best`.
    public var publicBoard: PublicBoardMode?
    /// `code`: a code challenge (participants send a model, Podium runs it); nil for prediction files.
    public var code: CodeSettings?

    public init(
        slug: String, title: String, version: Int, authors: [Author] = [], task: TaskKind,
        id: String = "id", target: String, classes: [String] = [], positive: String? = nil,
        submission: SubmissionKind? = nil, metric: Metric, metrics: [Metric] = [],
        baseline: String? = nil, timezone: String = "UTC", phases: [Phase] = [.alwaysOpen],
        grading: Grading = Grading(), boardNames: BoardNames? = nil, ranking: RankingSettings? = nil,
        publicBoard: PublicBoardMode? = nil, code: CodeSettings? = nil
    ) {
        self.slug = slug
        self.title = title
        self.version = version
        self.authors = authors
        self.task = task
        self.id = id
        self.target = target
        self.classes = classes
        self.positive = positive
        self.submission = submission ?? (task.isClassification ? .probability : .value)
        self.metric = metric
        self.metrics = metrics
        self.baseline = baseline
        self.timezone = timezone
        self.phases = phases
        self.grading = grading
        self.boardNames = boardNames
        self.ranking = ranking
        self.publicBoard = publicBoard
        self.code = code
    }

    /// Whether the public board shows Ladder scores (`public_board: ladder`).
    public var usesLadder: Bool { publicBoard == .ladder }

    /// The bootstrap settings in force.
    public var bootstrap: RankingSettings { ranking ?? RankingSettings() }

    /// The bootstrap seed in force (see `RankingSettings.seed(slug:version:)`).
    public var bootstrapSeed: UInt64 { bootstrap.seed(slug: slug, version: version) }

    /// The primary metric followed by the secondary ones, without repeats.
    public var allMetrics: [Metric] {
        var seen = Set<Metric>()
        return ([metric] + metrics).filter { seen.insert($0).inserted }
    }

    /// Index of the positive class (binary), else nil.
    public var positiveIndex: Int? {
        guard task == .binary, let positive else { return nil }
        return classes.firstIndex(of: positive)
    }

    public var timeZone: TimeZone { TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")! }

    /// The columns a submission must have after the id column.
    public var submissionColumns: [String] {
        if task == .multiclass && submission == .probability { return classes }
        return [target]
    }

    /// How many submissions a team may choose for the private board: the largest of the phases'.
    public var finalSelection: Int { phases.map(\.finalSelection).max() ?? 2 }

    /// When the next phase opens after `date`, if one does.
    public func nextOpening(after date: Date) -> Date? { phases.compactMap(\.opens).filter { $0 > date }.min() }

    /// When the last phase that closes does.
    public var lastClosing: Date? { phases.compactMap(\.closes).max() }

    /// When the private board reveals itself (`reveal: at_close` on a phase): the last phase's
    /// close. Nil: only `podium reveal` reveals it.
    public var revealsAt: Date? {
        guard phases.contains(where: { $0.reveal == .atClose }) else { return nil }
        return lastClosing
    }

    /// The state of the phases at `date` in a few words: "phase main open, until …, 5 a day",
    /// "opens …", or "closed".
    public func phaseSummary(at date: Date) -> String {
        guard let phase = phase(at: date) else {
            if let next = nextOpening(after: date) { return "opens \(Formats.date(next, zone: timeZone))" }
            return "closed"
        }
        var parts = ["phase \(phase.name) open"]
        if let closes = phase.closes { parts.append("until \(Formats.date(closes, zone: timeZone))") }
        if let perDay = phase.maxPerDay { parts.append("\(perDay) a day") }
        if let total = phase.maxTotal { parts.append("\(total) in all") }
        return parts.joined(separator: ", ")
    }

    /// Whether submissions are open at `date`: in which phase and until when, when the next
    /// phase opens, or since when everything is closed.
    public enum State: Sendable, Equatable {
        case open(Phase)
        case upcoming(opens: Date)
        case closed(since: Date?)
    }

    public func state(at date: Date) -> State {
        if let phase = phase(at: date) { return .open(phase) }
        if let next = nextOpening(after: date) { return .upcoming(opens: next) }
        return .closed(since: lastClosing)
    }

    /// The phase open at `date`, if any.
    public func phase(at date: Date) -> Phase? {
        phases.first { $0.isOpen(at: date) }
    }
}
